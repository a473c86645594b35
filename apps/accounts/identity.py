"""A campus identity is the 工号: it signs in the member with that staff number.

The CAS and LDAP backends call ``campus_account_for`` once the campus server has vouched for the identity.
The account is found through the member (so a 工号 changed in the roster follows through), made on the
first login with the staff role, and refused, with the refusal kept for the officer, when no member has it.
"""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import AccountEvent, RefusedSignIn, Role, User

logger = logging.getLogger(__name__)

# Set on the request by a backend that refused, so the login page says why instead of "wrong password".
REFUSAL_ATTRIBUTE = "signin_refusal"


def member_model():
    """people.Member, reached through the account's link (accounts does not import people)."""
    return User._meta.get_field("member").related_model


def refuse(request, message: str) -> None:
    if request is not None:
        setattr(request, REFUSAL_ATTRIBUTE, message)


def refusal_of(request) -> str:
    return getattr(request, REFUSAL_ATTRIBUTE, "")


def campus_unavailable(request, *, reason: object) -> None:
    logger.warning("Campus sign-in server unavailable: %s", reason)
    refuse(request, _("统一身份认证暂时不可用，请稍后再试；如急需使用，请联系校工会办公室。"))


def first_value(value) -> str:
    """CAS and LDAP give an attribute as a list or a single value."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value or "").strip()


@transaction.atomic
def campus_account_for(
    *, employee_no: str, method: str, name: str = "", department: str = "", request=None
) -> User | None:
    """The account of the member whose 工号 this is, made on the first login; None (refused) otherwise."""
    employee_no = employee_no.strip()
    member = member_model()._default_manager.filter(employee_no=employee_no).first() if employee_no else None
    if member is None:
        refused_signin_record(identity=employee_no, method=method, name=name, department=department)
        refuse(
            request,
            _("工号 %(no)s 不在工会会员名册中，暂时无法登录。请联系%(contact)s核对会员名册。")
            % {"no": employee_no or "—", "contact": settings.SIGNIN_CONTACT},
        )
        return None
    account = User.objects.filter(member=member).first()
    if account is None:
        account = _campus_account_create(member=member, method=method)
    if not account.is_active:
        refuse(request, _("该账号已停用。请联系%(contact)s。") % {"contact": settings.SIGNIN_CONTACT})
        return None
    return account


def _campus_account_create(*, member, method: str) -> User:
    username = member.employee_no
    if User.objects.filter(username=username).exists():  # a local account with that name, not this member's
        username = f"{member.employee_no}@{method}"
    account = User(username=username, role=Role.STAFF, member=member)
    account.set_unusable_password()  # only the campus server can sign this account in
    account.full_clean()
    account.save()
    AccountEvent.objects.create(account=account, kind=AccountEvent.Kind.CAMPUS_ACCOUNT_CREATED, note=method)
    logger.info("Campus account %s created for member %s by %s", username, member.pk, method)
    return account


def refused_signin_record(*, identity: str, method: str, name: str = "", department: str = "") -> None:
    """Count one more refusal of this identity (one row per identity and method, however often it comes)."""
    identity, name, department = identity[:150], name[:100], department[:200]
    now = timezone.now()
    fields = {"last_at": now, "attempts": F("attempts") + 1, "name": name, "department": department}
    if RefusedSignIn.objects.filter(identity=identity, method=method).update(**fields):
        return
    try:
        with transaction.atomic():
            RefusedSignIn.objects.create(
                identity=identity, method=method, name=name, department=department, last_at=now
            )
    except IntegrityError:  # the same identity refused at the same moment by another request
        RefusedSignIn.objects.filter(identity=identity, method=method).update(**fields)
