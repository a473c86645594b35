"""CAS sign-in against a real CAS server (django-mama-cas in a second process, tests/signin/cas.py)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from apps.accounts.models import RefusedSignIn, Role, User
from tests.factories import MemberFactory
from tests.signin.conftest import PASSWORD
from tests.signin.directory import free_port

pytestmark = pytest.mark.django_db

SERVICE = "http://testserver/accounts/cas/login/"


def _cas_login(client, cas_server, employee_no, next_url="/members/"):
    """Portal → CAS server login (real form, real ticket) → back to the portal with the ticket."""
    start = client.get(reverse("accounts:cas_login"), {"next": next_url})
    assert start.status_code == 302 and start.url.startswith(cas_server.url + "login")
    service = parse_qs(urlsplit(start.url).query)["service"][0]
    ticket = cas_server.ticket_for(service, employee_no, PASSWORD)
    return client.get(reverse("accounts:cas_login"), {"ticket": ticket})


def test_login_page_goes_straight_to_cas_when_it_is_the_only_method(client, cas_signin):
    response = client.get(reverse("login"), {"next": "/welfare/"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:cas_login") + "?next=%2Fwelfare%2F"


def test_login_page_offers_the_cas_button_beside_local_accounts(client, cas_signin, settings):
    settings.AUTH_METHODS = ["local", "cas"]
    response = client.get(reverse("login"), {"next": "/welfare/"})
    assert "统一身份认证登录" in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_cas_login_signs_in_the_member_with_that_staff_number_and_keeps_next(client, cas_signin):
    member = MemberFactory(employee_no="20190001")
    response = _cas_login(client, cas_signin, "20190001", next_url="/members/")
    assert response.status_code == 302 and response.url == "/members/"
    account = User.objects.get(member=member)
    assert account.role == Role.STAFF and not account.has_usable_password()
    assert client.session["cas_attributes"]["cn"] == "王老师"


def test_cas_login_refuses_an_identity_outside_the_roster_and_lists_it(client, cas_signin):
    response = _cas_login(client, cas_signin, "20190003")
    assert response.status_code == 403
    assert "不在工会会员名册中" in response.content.decode()
    assert "_auth_user_id" not in client.session
    refusal = RefusedSignIn.objects.get(identity="20190003", method="cas")
    assert (refusal.name, refusal.department) == ("名册外", "新进教师")  # the server's attributes


def test_a_ticket_is_good_once(client, cas_signin):
    MemberFactory(employee_no="20190001")
    start = client.get(reverse("accounts:cas_login"))
    service = parse_qs(urlsplit(start.url).query)["service"][0]
    ticket = cas_signin.ticket_for(service, "20190001", PASSWORD)
    assert client.get(reverse("accounts:cas_login"), {"ticket": ticket}).status_code == 302
    client.logout()
    replay = client.get(reverse("accounts:cas_login"), {"ticket": ticket})
    assert replay.status_code == 403 and "_auth_user_id" not in client.session


def test_a_made_up_ticket_is_refused(client, cas_signin):
    response = client.get(reverse("accounts:cas_login"), {"ticket": "ST-made-up"})
    assert response.status_code == 403 and "_auth_user_id" not in client.session


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_that_leaves_the_portal_is_dropped(client, cas_signin, next_url):
    response = client.get(reverse("accounts:cas_login"), {"next": next_url})
    assert response.status_code == 302 and response.url == reverse("accounts:cas_login")


def test_a_foreign_referer_is_never_the_way_back(client, cas_signin):
    MemberFactory(employee_no="20190001")
    start = client.get(reverse("accounts:cas_login"), HTTP_REFERER="https://evil.example/")
    service = parse_qs(urlsplit(start.url).query)["service"][0]
    ticket = cas_signin.ticket_for(service, "20190001", PASSWORD)
    response = client.get(reverse("accounts:cas_login"), {"ticket": ticket})
    assert response.status_code == 302 and not response.url.startswith("https://evil")


def test_cas_server_down_says_so(client, cas_signin, settings):
    settings.CAS_SERVER_URL = f"http://127.0.0.1:{free_port()}/cas/"  # nothing listens there
    response = client.get(reverse("accounts:cas_login"), {"ticket": "ST-anything"})
    assert response.status_code == 403
    assert "统一身份认证暂时不可用" in response.content.decode()


def test_portal_logout_of_a_cas_login_ends_the_cas_session_too(client, cas_signin):
    MemberFactory(employee_no="20190001")
    _cas_login(client, cas_signin, "20190001")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url.startswith(cas_signin.url + "logout")
    assert "_auth_user_id" not in client.session


def test_the_staff_number_can_come_from_an_attribute(client, cas_signin, settings):
    settings.CAS_EMPLOYEE_NO_ATTRIBUTE = "employeeNumber"  # released by the server beside the user name
    member = MemberFactory(employee_no="20190001")
    assert _cas_login(client, cas_signin, "20190001").status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(member=member).pk
