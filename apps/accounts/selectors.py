from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from apps.accounts.identity import member_model
from apps.accounts.models import AccountEvent, RefusedSignIn, User


def refused_signins_outside_roster():
    """Refused campus identities still missing from the roster, most recent first."""
    in_roster = member_model()._default_manager.filter(employee_no=OuterRef("identity"))
    return RefusedSignIn.objects.exclude(Exists(in_roster)).order_by("-last_at")


def second_factor_accounts():
    """The accounts that need the second factor, with whether they enrolled and their last reset."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    resets = Count("events", filter=Q(events__kind=AccountEvent.Kind.SECOND_FACTOR_RESET))
    needed = Q(role__in=settings.OTP_REQUIRED_ROLES)
    if settings.OTP_REQUIRED_FOR_SUPERUSERS:
        needed |= Q(is_superuser=True)
    return (
        User.objects.filter(needed, is_active=True)
        .select_related("member")
        .annotate(enrolled=Exists(enrolled), resets=resets)
        .order_by("username")
    )
