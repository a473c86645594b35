"""The second factor: TOTP enrolment with a QR code, codes computed from the secret, recovery codes,
lockout, and an administrator's reset."""

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import AccountEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def officers_need_it(settings):
    settings.OTP_REQUIRED_ROLES = ["officer", "admin"]


def code(device, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(reverse("accounts:otp_enrol"), {"token": code(device)})
    return device, response.context["codes"]


def test_an_officer_reaches_nothing_before_enrolling(client, officer):
    client.force_login(officer)
    response = client.get("/members/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:otp_enrol") + "?next=%2Fmembers%2F"


def test_staff_are_not_asked(client, staff):
    client.force_login(staff)
    assert client.get("/").status_code == 200


def test_enrolment_shows_a_qr_code_and_the_secret(client, officer):
    client.force_login(officer)
    page = client.get(reverse("accounts:otp_enrol")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=officer)
    assert device.config_url.startswith("otpauth://totp/")


def test_a_wrong_code_does_not_enrol(client, officer):
    client.force_login(officer)
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp_enrol"), {"token": wrong})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


def test_enrolment_gives_recovery_codes_and_lets_the_officer_in(client, officer):
    client.force_login(officer)
    _device, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/members/").status_code == 200
    assert AccountEvent.objects.filter(account=officer, kind=AccountEvent.Kind.SECOND_FACTOR_ENROLLED).exists()


def test_next_login_asks_for_a_code_and_refuses_a_replayed_one(client, officer):
    client.force_login(officer)
    device, _codes = enrol(client)
    used = code(device)  # the code just used to enrol
    client.logout()
    client.post(reverse("login"), {"username": "officer", "password": "test-password"})
    assert client.get("/").url.startswith(reverse("accounts:otp_verify"))
    replay = client.post(reverse("accounts:otp_verify"), {"token": used})
    assert "验证码不正确或已使用过" in replay.content.decode()
    time.sleep(1.1)  # django-otp throttles the device after a failure (1 s, doubling): it outlives a new login
    device.refresh_from_db()
    fresh = client.post(reverse("accounts:otp_verify"), {"token": code(device, steps_ahead=1), "next": "/members/"})
    assert fresh.status_code == 302 and fresh.url == "/members/"
    assert client.get("/members/").status_code == 200


def test_a_recovery_code_works_once(client, officer):
    client.force_login(officer)
    _device, codes = enrol(client)
    client.logout()
    client.force_login(officer)
    response = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert response.status_code == 302
    assert AccountEvent.objects.filter(account=officer, kind=AccountEvent.Kind.RECOVERY_CODE_USED).count() == 1
    client.logout()
    client.force_login(officer)
    again = client.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert again.status_code == 200 and client.get("/").status_code == 302


def test_wrong_codes_lock_out_as_wrong_passwords_do(client, officer, settings):
    client.force_login(officer)
    enrol(client)
    client.logout()
    client.force_login(officer)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session  # signed out: the password must be given again
    locked = client.post(reverse("login"), {"username": "officer", "password": "test-password"})
    assert locked.status_code == 429


def test_an_administrator_resets_a_lost_phone_with_an_audit_entry(client, officer, world, settings):
    settings.OTP_REQUIRED_ROLES = ["officer"]
    client.force_login(officer)
    enrol(client)
    admin = world.users["admin"]
    client.force_login(admin)
    client.post(reverse("accounts:second_factor_reset", args=["officer"]), {"note": "手机丢失"})
    entry = AccountEvent.objects.get(account=officer, kind=AccountEvent.Kind.SECOND_FACTOR_RESET)
    assert (entry.by, entry.note) == (admin, "手机丢失")
    assert not TOTPDevice.objects.filter(user=officer).exists()
    client.force_login(officer)
    assert client.get("/").url.startswith(reverse("accounts:otp_enrol"))


def test_an_officer_cannot_reset_anyone(client, officer, world):
    client.force_login(world.users["committee"])
    response = client.post(reverse("accounts:second_factor_reset", args=["officer"]))
    assert response.status_code == 403
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.SECOND_FACTOR_RESET).exists()


def test_the_admin_site_resets_too_with_the_same_audit_entry(client, officer, world, settings):
    settings.OTP_REQUIRED_ROLES = ["officer"]
    client.force_login(officer)
    enrol(client)
    admin = world.users["admin"]
    client.force_login(admin)
    response = client.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [officer.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert AccountEvent.objects.get(account=officer, kind=AccountEvent.Kind.SECOND_FACTOR_RESET).by == admin
