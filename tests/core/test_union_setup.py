"""A new union sets itself up without the Django admin: setup_union, then the settings page."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.core.models import UnionProfile
from apps.core.union import current_union, union_name, union_signature

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-passphrase-2026"


def _setup(**extra):
    options = {"name": "临江理工大学工会委员会", "officer": "wangfang", "officer_password": PASSWORD, **extra}
    call_command("setup_union", **options)


def test_before_any_setup_the_configured_name_stands_in(settings):
    settings.UNION_NAME = "环境变量里的工会"
    assert union_name() == "环境变量里的工会"
    assert not UnionProfile.objects.exists()


def test_setup_union_saves_the_name_and_creates_an_officer_who_can_log_in(client):
    _setup(short_name="临理工工会", officer_name="王芳")
    assert union_name() == "临江理工大学工会委员会"
    assert union_signature() == "临江理工大学工会委员会"  # no 落款 given: the name
    officer = get_user_model().objects.get(username="wangfang")
    assert officer.role == "officer" and officer.first_name == "王芳"
    response = client.post(reverse("login"), {"username": "wangfang", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:union_settings")).status_code == 200


def test_running_it_again_changes_what_it_names_and_keeps_the_password():
    _setup()
    call_command("setup_union", name="临江理工大学工会", signature="临江理工大学工会委员会", officer="wangfang")
    assert UnionProfile.objects.count() == 1
    assert current_union().name == "临江理工大学工会"
    assert union_signature() == "临江理工大学工会委员会"
    assert get_user_model().objects.get(username="wangfang").check_password(PASSWORD)


def test_a_new_account_without_a_password_is_refused_and_nothing_is_saved():
    with pytest.raises(CommandError, match="密码"):
        call_command("setup_union", name="临江理工大学工会委员会", officer="nobody", officer_password="")
    assert not UnionProfile.objects.exists()
    assert not get_user_model().objects.filter(username="nobody").exists()


def test_a_weak_password_is_refused_with_the_reason():
    with pytest.raises(CommandError):
        _setup(officer_password="123")
    assert not UnionProfile.objects.exists()


def test_officers_rename_the_union_on_the_settings_page_with_history(client, django_user_model):
    officer = django_user_model.objects.create_user("officer1", role="officer")
    client.force_login(officer)
    response = client.post(
        reverse("core:union_settings"), {"name": "临江理工大学工会委员会", "short_name": "", "signature_name": ""}
    )
    assert response.status_code == 302
    renamed = {"name": "临江理工大学工会", "signature_name": "临江理工大学工会委员会"}
    client.post(reverse("core:union_settings"), renamed)
    page = client.get(reverse("core:union_settings")).content.decode()
    assert "临江理工大学工会" in page
    assert union_signature() == "临江理工大学工会委员会"
    assert current_union().history.count() == 2


def test_an_empty_name_is_refused_and_what_was_typed_stays(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("officer1", role="officer"))
    response = client.post(reverse("core:union_settings"), {"name": "", "short_name": "我输入的简称"})
    assert response.status_code == 200
    assert "我输入的简称" in response.content.decode()
    assert not UnionProfile.objects.exists()
