"""Login in the browser: login, lockout after repeated failures, password reset by e-mail, role home pages."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

LOGIN = "/accounts/login/"


def test_a_member_of_staff_logs_in_and_lands_on_their_home_page(world, client):
    response = client.post(LOGIN, {"username": "staff", "password": "test-password"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("core:home")
    assert "您好，张三" in page
    assert "我的慰问记录" in page
    assert "会员名册" not in page  # menus show only what the role may use


def test_an_officer_home_shows_membership_figures_and_officer_shortcuts(world, client):
    client.post(LOGIN, {"username": "officer", "password": "test-password"})
    page = client.get(reverse("core:home")).content.decode()
    assert "年末会员" in page
    assert "导入花名册" in page


def test_a_wrong_password_is_refused_with_a_message_and_keeps_the_user_name(world, client):
    response = client.post(LOGIN, {"username": "staff", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "请输入一个正确的" in page or "用户名" in page
    assert 'value="staff"' in page


def test_repeated_failures_lock_the_account_even_with_the_right_password(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "staff", "password": "wrong"})
    response = client.post(LOGIN, {"username": "staff", "password": "test-password"})
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_anonymous_users_are_sent_to_the_login_page(db, client):
    response = client.get(reverse("people:member_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_reset_sends_an_email_with_a_link(world, client):
    response = client.post(reverse("password_reset"), {"email": "staff@example.edu.cn"})
    world.users["staff"].email = "staff@example.edu.cn"
    world.users["staff"].save()
    response = client.post(reverse("password_reset"), {"email": "staff@example.edu.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_change_requires_the_old_password(world, client):
    client.force_login(world.users["staff"])
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a-Long-new-pass-42", "new_password2": "a-Long-new-pass-42"},
    )
    assert response.status_code == 200
    assert "旧密码" in response.content.decode()


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize("language, text", [("zh-hans", "会员名册"), ("en", "Members")])
def test_the_interface_speaks_the_chosen_language(world, client, language, text):
    client.force_login(world.users["officer"])
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert text in client.get(reverse("people:member_list")).content.decode()


def test_chinese_is_the_default_even_for_an_english_browser(world, client):
    client.force_login(world.users["officer"])
    page = client.get(reverse("people:member_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "会员名册" in page


@pytest.mark.parametrize("role, status", [("admin", 200), ("officer", 302), ("staff", 302)])
def test_the_django_admin_is_for_superusers(world, client, role, status):
    client.force_login(world.users[role])
    assert client.get("/admin/").status_code == status


@pytest.mark.django_db
def test_an_administrator_opens_every_admin_changelist(client, django_user_model):
    """Portal permissions named like model permissions (e.g. proposals.view_proposal) keep the admin working."""
    from django.contrib import admin
    from django.urls import reverse

    client.force_login(django_user_model.objects.create_superuser("root", "root@example.edu.cn", "x" * 20))
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
