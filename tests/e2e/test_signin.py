"""Sign-in journeys in the browser: CAS against the real CAS server (login, portal logout, CAS-initiated
single logout) and the second factor (enrolment from the QR page's secret, a wrong, a replayed and a
recovery code)."""

import base64
import copy
import time
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP

from tests.e2e.conftest import screenshot
from tests.factories import MemberFactory
from tests.signin.conftest import PASSWORD, cas_server, cas_signin  # noqa: F401 - the real CAS server fixtures

pytestmark = pytest.mark.e2e


@pytest.fixture
def cas_in_browser(cas_signin, settings):  # noqa: F811 - the fixture, by name
    """The CSP's form-action names the CAS server (as the settings do when CAS_SERVER_URL is set at start)."""
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    parts = urlsplit(cas_signin.url)
    policy["DIRECTIVES"]["form-action"].append(f"{parts.scheme}://{parts.netloc}")
    settings.CONTENT_SECURITY_POLICY = policy
    return cas_signin


def _cas_form_login(page, employee_no: str) -> None:
    page.wait_for_selector("input[name=username]")
    assert page.url.startswith(page.cas_url), page.url
    page.fill("input[name=username]", employee_no)
    page.fill("input[name=password]", PASSWORD)
    page.click("[type=submit]")


def test_cas_login_lands_on_the_page_asked_for_and_logout_ends_the_cas_session(page, world, cas_in_browser):
    MemberFactory(employee_no="20190001", name="王老师", unit=world.unit_a)
    page.cas_url = cas_in_browser.url
    page.goto(page.base_url + "/proposals/")  # a protected page → login → straight to CAS (the only method)
    _cas_form_login(page, "20190001")
    page.wait_for_url(page.base_url + "/proposals/")
    assert "王老师" in page.locator("[data-testid=user-menu]").inner_text()
    page.click("[data-testid=user-menu]")
    page.click("text=退出登录")
    # Back through the CAS server's logout to the portal's login, which sends an anonymous visitor to CAS:
    # the CAS login form again, not a silent sign-in, so the CAS session has ended.
    page.wait_for_selector("input[name=username]")
    assert page.url.startswith(cas_in_browser.url + "login")
    page.goto(page.base_url + "/proposals/")
    page.wait_for_selector("input[name=username]")
    assert page.url.startswith(cas_in_browser.url + "login")


def test_a_logout_at_the_cas_server_ends_the_portal_session(page, world, cas_in_browser):
    MemberFactory(employee_no="20190001", name="王老师", unit=world.unit_a)
    page.cas_url = cas_in_browser.url
    page.goto(page.base_url + "/")
    _cas_form_login(page, "20190001")
    page.wait_for_url(page.base_url + "/")
    page.goto(cas_in_browser.url + "logout")  # another application's logout: the CAS server tells the portal
    page.goto(page.base_url + "/proposals/")
    page.wait_for_selector("input[name=username]")
    assert page.url.startswith(cas_in_browser.url + "login")


def _code_from_secret(secret_text: str, steps_ahead: int = 0) -> str:
    """What the phone's authenticator shows, computed from the secret printed under the QR code."""
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = totp.time + 30 * steps_ahead
    return f"{totp.token():06d}"


def _password_login(page, username: str) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "test-password")
    page.click("button[type=submit]")


def _enter_code(page, value: str) -> None:
    page.fill("input[name=token]", value)
    with page.expect_navigation():
        page.click("form:has(input[name=token]) button[type=submit]")


def _logout(page) -> None:
    page.click("[data-testid=user-menu]")
    page.click("text=退出登录")
    page.wait_for_url("**/accounts/login/")


def test_second_factor_enrolment_and_login_with_wrong_replayed_and_recovery_codes(page, world, settings):
    settings.OTP_REQUIRED_ROLES = ["officer"]
    _password_login(page, "officer")
    page.wait_for_url("**/accounts/second-factor/enrol/**")
    assert page.locator("img.otp-qr").get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert page.eval_on_selector("img.otp-qr", "img => img.complete && img.naturalWidth") > 0  # it draws
    screenshot(page, "signin-otp-enrol")
    secret = page.locator(".otp-secret").inner_text()
    enrol_code = _code_from_secret(secret)
    _enter_code(page, enrol_code)
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    page.click("text=我已保存，继续")
    page.wait_for_url(page.base_url + "/")
    _logout(page)

    _password_login(page, "officer")
    page.wait_for_url("**/accounts/second-factor/**")
    _enter_code(page, f"{(int(enrol_code) + 1) % 1_000_000:06d}")  # wrong
    assert "验证码不正确或已使用过" in page.locator("form:has(input[name=token])").inner_text()
    _enter_code(page, enrol_code)  # replayed: already used to enrol
    assert "验证码不正确或已使用过" in page.locator("form:has(input[name=token])").inner_text()
    _enter_code(page, codes[0])  # a recovery code (its own device: the phone codes' failures do not hold it up)
    page.wait_for_url(page.base_url + "/")
    assert "还剩 9 个" in page.locator("body").inner_text()
    _logout(page)

    _password_login(page, "officer")
    page.wait_for_url("**/accounts/second-factor/**")
    time.sleep(2.1)  # django-otp throttles the phone's codes for 2 s after two failures, across logins
    _enter_code(page, _code_from_secret(secret, steps_ahead=1))  # the phone's next code
    page.wait_for_url(page.base_url + "/")
