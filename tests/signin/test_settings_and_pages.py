"""AUTH_METHODS and the server settings from the environment; the officer's and administrator's pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.accounts.identity import campus_account_for
from apps.accounts.models import RefusedSignIn, SignInMethod, User
from tests.core.test_settings import PRODUCTION_ENV, manage
from tests.factories import MemberFactory, UserFactory


def _settings_value(expression: str, **env) -> str:
    result = manage("shell", "-c", f"from django.conf import settings; print({expression})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after the shell's own notes


def test_methods_become_backends_in_the_order_given():
    backends = _settings_value(
        "settings.AUTHENTICATION_BACKENDS",
        AUTH_METHODS="cas,local",
        CAS_SERVER_URL="https://cas.example.edu.cn/cas/",
    )
    assert backends == str(
        [
            "axes.backends.AxesStandaloneBackend",  # first: a locked-out name is refused before any method
            "apps.accounts.cas.CampusCASBackend",
            "django.contrib.auth.backends.ModelBackend",
        ]
    )


def test_the_cas_server_may_receive_the_logout_form():
    form_action = _settings_value(
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']",
        AUTH_METHODS="cas",
        CAS_SERVER_URL="https://cas.example.edu.cn/cas/",
    )
    assert "https://cas.example.edu.cn" in form_action


@pytest.mark.parametrize(
    "env, named",
    [
        ({"AUTH_METHODS": "local,kerberos"}, "AUTH_METHODS"),
        ({"AUTH_METHODS": "cas"}, "CAS_SERVER_URL"),
        ({"AUTH_METHODS": "ldap"}, "LDAP_SERVER_URI"),
    ],
)
def test_a_method_without_its_server_fails_at_start_naming_the_variable(env, named):
    result = manage("check", **PRODUCTION_ENV, **env)
    assert result.returncode != 0
    assert named in result.stderr


@pytest.mark.django_db
def test_a_local_account_with_the_staff_number_as_its_name_is_not_taken_over(world):
    local = UserFactory(username="20190009", member=None)
    member = MemberFactory(employee_no="20190009")
    account = campus_account_for(employee_no="20190009", method=SignInMethod.CAS)
    assert account != local and account.member == member and account.username == "20190009@cas"


@pytest.mark.django_db
def test_a_deactivated_account_is_refused(world):
    world.users["staff"].is_active = False
    world.users["staff"].save()
    assert campus_account_for(employee_no=world.member_a.employee_no, method=SignInMethod.LDAP) is None


@pytest.mark.django_db
def test_refused_list_leaves_out_identities_since_added_to_the_roster(client, officer):
    now = timezone.now()
    RefusedSignIn.objects.bulk_create(
        [RefusedSignIn(identity=f"3000{i:04d}", method="cas", last_at=now) for i in range(40)]
    )
    MemberFactory(employee_no="30000001")
    client.force_login(officer)
    page = client.get(reverse("accounts:refused_signin_list")).content.decode()
    assert "30000002" in page and "30000001" not in page


@pytest.mark.django_db
def test_the_officers_and_administrators_lists_take_constant_queries(
    client, world, settings, django_assert_max_num_queries
):
    settings.OTP_REQUIRED_ROLES = ["officer"]
    now = timezone.now()
    RefusedSignIn.objects.bulk_create(
        [RefusedSignIn(identity=f"3000{i:04d}", method="ldap", last_at=now) for i in range(40)]
    )
    for i in range(30):
        UserFactory(username=f"officer{i}", role="officer")
    client.force_login(world.users["admin"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:refused_signin_list")).status_code == 200
    with django_assert_max_num_queries(12):
        page = client.get(reverse("accounts:second_factor_list"))
    assert page.status_code == 200 and page.content.decode().count("未绑定") >= 31
    assert User.objects.filter(role="officer").count() == 31
