"""The second factor (django-otp): TOTP enrolled with a QR code, recovery codes (otp_static), reset by an
administrator. Which roles need it are settings (OTP_REQUIRED_ROLES, OTP_REQUIRED_FOR_SUPERUSERS)."""

import base64
import io
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import AccountEvent, User
from apps.core import permissions

DEVICE_NAME = "portal"


def second_factor_required(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.role in settings.OTP_REQUIRED_ROLES or (user.is_superuser and settings.OTP_REQUIRED_FOR_SUPERUSERS)


def second_factor_enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed device shown as a QR code until its first code is entered (the same one on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG image in a data: URI (allowed by the CSP's img-src, no request out)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret in base32 in groups of four, for typing into an app when the camera cannot be used."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def second_factor_enrol(*, user: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with its first code; returns the recovery codes (shown once) or None if wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    AccountEvent.objects.create(account=user, by=user, kind=AccountEvent.Kind.SECOND_FACTOR_ENROLLED)
    return codes


def recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [_recovery_code() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper
    return "".join(secrets.choice(alphabet) for _ in range(10))


def second_factor_match(*, user: User, token: str):
    """The confirmed device this code belongs to (TOTP: not a code already used; recovery: used up now)."""
    token = token.replace(" ", "").replace("-", "").strip().lower()
    if not token:
        return None
    # Six digits are the phone's code, anything else a recovery code: each is tried only on its own kind of
    # device, so a recovery code does not count as a failed phone code (and throttle it) or the reverse.
    kind = TOTPDevice if token.isdigit() and len(token) <= 8 else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if not isinstance(device, kind):
            continue
        verify_is_allowed, _ = device.verify_is_allowed()
        if verify_is_allowed and device.verify_token(token):
            if isinstance(device, StaticDevice):
                AccountEvent.objects.create(
                    account=user,
                    by=user,
                    kind=AccountEvent.Kind.RECOVERY_CODE_USED,
                    note=f"{device.token_set.count()}",
                )
            return device
    return None


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_reset(*, account: User, by: User, note: str = "") -> None:
    """An administrator's reset (a lost phone): the account enrols again at its next login."""
    permissions.check(by, "accounts.reset_second_factor")
    TOTPDevice.objects.filter(user=account).delete()
    StaticDevice.objects.filter(user=account).delete()
    AccountEvent.objects.create(account=account, by=by, kind=AccountEvent.Kind.SECOND_FACTOR_RESET, note=note[:200])
