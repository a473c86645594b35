"""The permission matrix answers the same for a user who signed in by each method: a few rows of the
project's table, for staff, a branch chair and an officer signed in through the real login of each method
(the officer also through the second factor)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.signin.conftest import PASSWORD, ROLE_IDENTITIES
from tests.signin.test_second_factor import code
from tests.test_permissions import ROWS, _value

pytestmark = pytest.mark.django_db

SAMPLE_URLS = [
    "core:home",
    "people:member_list",
    "people:member_detail",
    "welfare:claim_list",
    "welfare:budget_list",
    "proposals:review_list",
]
SAMPLE_ROWS = [row for row in ROWS if row.method == "get" and row.url in SAMPLE_URLS]
ROLES = ["staff", "branch_chair", "officer"]


def _sign_in(client, method: str, user, cas_server=None) -> None:
    if method == "local":
        client.post(reverse("login"), {"username": user.username, "password": "test-password"})
    elif method == "ldap":
        client.post(reverse("login"), {"username": ROLE_IDENTITIES[user.role], "password": PASSWORD})
    else:
        start = client.get(reverse("accounts:cas_login"))
        service = parse_qs(urlsplit(start.url).query)["service"][0]
        ticket = cas_server.ticket_for(service, ROLE_IDENTITIES[user.role], PASSWORD)
        client.get(reverse("accounts:cas_login"), {"ticket": ticket})
    assert int(client.session["_auth_user_id"]) == user.pk, f"{method} signed in someone else"


def _second_factor(client) -> None:
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(confirmed=False)
    client.post(reverse("accounts:otp_enrol"), {"token": code(device)})


@pytest.mark.parametrize("method", ["local", "ldap", "cas"])
def test_sampled_rows_answer_the_same_whatever_the_sign_in_method(method, campus_world, client, settings, request):
    assert {row.url for row in SAMPLE_ROWS} == set(SAMPLE_URLS)  # the table still has these rows
    cas_server = None
    if method == "ldap":
        request.getfixturevalue("ldap_signin")
    elif method == "cas":
        cas_server = request.getfixturevalue("cas_signin")
    settings.OTP_REQUIRED_ROLES = ["officer"]
    wrong = []
    for role in ROLES:
        client.logout()
        user = campus_world.users[role]
        _sign_in(client, method, user, cas_server)
        if role == "officer":
            _second_factor(client)
        for row in SAMPLE_ROWS:
            url = reverse(row.url, kwargs=_value(row.args, campus_world)) + row.query
            status = client.get(url).status_code
            if status != row.expected(role):
                wrong.append(f"{method} {role} {row.id or row.url}: got {status}, expected {row.expected(role)}")
    assert not wrong, "; ".join(wrong)
