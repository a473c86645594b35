"""LDAP sign-in against a real OpenLDAP server (tests/signin/directory.py)."""

import subprocess

import pytest
from django.urls import reverse

from apps.accounts.models import AccountEvent, RefusedSignIn, Role, User
from apps.people.models import Member
from tests.factories import MemberFactory, UserFactory
from tests.signin.conftest import PASSWORD
from tests.signin.directory import free_port

pytestmark = pytest.mark.django_db

UNAVAILABLE = "统一身份认证暂时不可用"


def _login(client, username, password=PASSWORD, next_url=""):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _page_text(response) -> str:
    return response.content.decode()


def test_first_ldap_login_creates_the_members_account_with_the_staff_role(client, ldap_signin):
    member = MemberFactory(employee_no="20190001", name="王老师")
    response = _login(client, "20190001", next_url="/members/")
    assert response.status_code == 302 and response.url == "/members/"
    account = User.objects.get(member=member)
    assert account.role == Role.STAFF
    assert not account.has_usable_password()  # only the directory can sign this account in
    assert AccountEvent.objects.filter(account=account, kind=AccountEvent.Kind.CAMPUS_ACCOUNT_CREATED).exists()
    assert client.get("/").context["user"] == account


def test_ldap_login_finds_the_account_through_the_member_after_the_staff_number_changed(client, ldap_signin):
    member = MemberFactory(employee_no="OLD-1")
    account = UserFactory(username="wang", member=member, role=Role.OFFICER)
    member.employee_no = "20190001"  # the roster now has the 工号 the campus directory knows
    member.save()
    assert _login(client, "20190001").status_code == 302
    assert User.objects.filter(member=member).count() == 1
    assert int(client.session["_auth_user_id"]) == account.pk


def test_wrong_ldap_password_is_refused(client, ldap_signin):
    MemberFactory(employee_no="20190001")
    response = _login(client, "20190001", password="not-it")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert UNAVAILABLE not in _page_text(response)


def test_empty_password_is_never_an_anonymous_bind(client, ldap_signin):
    MemberFactory(employee_no="20190001")
    response = _login(client, "20190001", password="")
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_disabled_directory_entry_is_refused(client, ldap_signin):
    MemberFactory(employee_no="20190002")
    _login(client, "20190002")
    assert "_auth_user_id" not in client.session


def test_identity_outside_the_roster_is_refused_and_listed_for_the_officer(client, ldap_signin, officer):
    response = _login(client, "20190003")
    assert "_auth_user_id" not in client.session
    assert "不在工会会员名册中" in _page_text(response)
    _login(client, "20190003")
    refusal = RefusedSignIn.objects.get(identity="20190003")
    assert (refusal.method, refusal.name, refusal.department, refusal.attempts) == ("ldap", "名册外", "新进教师", 2)
    client.force_login(officer)
    listing = client.get(reverse("accounts:refused_signin_list"))
    assert "20190003" in _page_text(listing) and "新进教师" in _page_text(listing)


def test_retired_member_keeps_access_while_the_campus_identity_exists(client, ldap_signin):
    MemberFactory(employee_no="20190004", status=Member.Status.RETIRED)
    assert _login(client, "20190004").status_code == 302


def test_directory_down_says_so_and_lets_nobody_in(client, ldap_signin, settings):
    member = MemberFactory(employee_no="20190001")
    campus_account = UserFactory(username="20190001", member=member)
    campus_account.set_unusable_password()
    campus_account.save()
    settings.AUTH_METHODS = ["local", "ldap"]
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "apps.accounts.ldap.CampusLDAPBackend",
    ]
    settings.AUTH_LDAP_SERVER_URI = f"ldap://127.0.0.1:{free_port()}"  # nothing listens there
    response = _login(client, "20190001")
    assert UNAVAILABLE in _page_text(response)
    assert "_auth_user_id" not in client.session


def test_start_tls_with_the_campus_certificate_signs_in(client, ldap_signin, settings):
    MemberFactory(employee_no="20190001")
    settings.AUTH_LDAP_START_TLS = True
    settings.LDAP_CA_CERT_FILE = ldap_signin.ca_file
    assert _login(client, "20190001").status_code == 302


def test_start_tls_with_an_untrusted_certificate_is_unavailable_not_open(client, ldap_signin, settings, tmp_path):
    MemberFactory(employee_no="20190001")
    other_ca = tmp_path / "other.crt"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=other",
         "-keyout", str(tmp_path / "other.key"), "-out", str(other_ca)],
        check=True, capture_output=True,
    )  # fmt: skip
    settings.AUTH_LDAP_START_TLS = True
    settings.LDAP_CA_CERT_FILE = str(other_ca)
    response = _login(client, "20190001")
    assert UNAVAILABLE in _page_text(response)
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_ldap_passwords_lock_the_name_out(client, ldap_signin, settings):
    MemberFactory(employee_no="20190001")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "20190001", password="not-it")
    response = _login(client, "20190001")  # the right password, too late
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_form_asks_for_the_staff_number_or_a_local_account_when_both_work(client, ldap_signin, settings):
    settings.AUTH_METHODS = ["local", "ldap"]
    assert "工号或门户账号" in client.get(reverse("login")).content.decode()
    settings.AUTH_METHODS = ["ldap"]
    assert "统一身份认证密码" in client.get(reverse("login")).content.decode()
