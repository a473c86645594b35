"""Every write to activities: plan, activities and their status, files, sign-ups, the waiting list, attendance."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.activities.models import Activity, ActivityFile, Category, HostUnit, PlanItem, SignUp
from apps.core.uploads import attachment_delete, attachment_store
from apps.people.models import Member, Unit

Status = Activity.Status

# Which status may follow which: held and cancelled are final.
TRANSITIONS: dict[str, set[str]] = {
    Status.PLANNED: {Status.HELD, Status.POSTPONED, Status.CANCELLED},
    Status.POSTPONED: {Status.PLANNED, Status.HELD, Status.CANCELLED},
    Status.HELD: set(),
    Status.CANCELLED: set(),
}
NEEDS_REASON = {Status.POSTPONED, Status.CANCELLED}


def _save(obj, by) -> None:
    obj.full_clean()
    obj._history_user = by
    obj.save()


# ---- categories and the plan -------------------------------------------------------------------


@transaction.atomic
def category_save(*, category: Category, by=None) -> Category:
    _save(category, by)
    return category


@transaction.atomic
def plan_item_save(*, item: PlanItem, host_units: Iterable[Unit], by=None) -> PlanItem:
    if item.budget is not None and item.budget < 0:
        raise ValidationError({"budget": _("预算不能为负数。")})
    _save(item, by)
    item.host_units.set(host_units)
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, by=None) -> None:
    if hasattr(item, "activity"):
        raise ValidationError(_("该计划项已有对应的活动，不能删除；请先修改活动的计划项。"))
    item._history_user = by
    item.delete()


# ---- activities ---------------------------------------------------------------------------------


def _check_activity(activity: Activity) -> None:
    errors = {}
    if activity.start and activity.end and activity.end < activity.start:
        errors["end"] = _("结束时间不能早于开始时间。")
    for field, label in (("budget", _("预算")), ("cost", _("实际花费"))):
        value = getattr(activity, field)
        if value is not None and value < 0:
            errors[field] = _("%(field)s不能为负数。") % {"field": label}
    if activity.signup_deadline and activity.end and activity.signup_deadline > activity.end:
        errors["signup_deadline"] = _("报名截止时间不能晚于活动结束时间。")
    if activity.pk and activity.capacity is not None:
        confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
        if activity.capacity < confirmed:
            errors["capacity"] = _("名额不能少于已报名成功的人数（%(count)s 人）。") % {"count": confirmed}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_save(*, activity: Activity, host_units: Iterable[Unit], by=None) -> Activity:
    """Create or edit an activity (not its status: see ``activity_change_status``)."""
    is_new = activity.pk is None
    if not is_new:
        # Lock the row so that a capacity change and a sign-up cannot cross.
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        activity.status, activity.status_reason = current.status, current.status_reason
    _check_activity(activity)
    if activity.start:
        activity.year = activity.plan_item.year if activity.plan_item_id else timezone.localtime(activity.start).year
    if is_new and by is not None and by.is_authenticated:
        activity.created_by = by
    _save(activity, by)
    _set_host_units(activity, host_units)
    if not is_new and activity.capacity is not None:
        _promote_waiting(activity, by=by)
    return activity


def _set_host_units(activity: Activity, host_units: Iterable[Unit]) -> None:
    """Keep the host units in the order given (the union names them in that order)."""
    units = list(dict.fromkeys(host_units))
    current = list(activity.host_unit_links.order_by("position", "pk").values_list("unit_id", flat=True))
    if current == [unit.pk for unit in units]:
        return
    activity.host_unit_links.all().delete()
    HostUnit.objects.bulk_create(
        HostUnit(activity=activity, unit=unit, position=position) for position, unit in enumerate(units)
    )


@transaction.atomic
def activity_change_status(*, activity: Activity, status: str, reason: str = "", by=None) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if status not in Status.values:
        raise ValidationError({"status": _("未知状态。")})
    if status == activity.status:
        raise ValidationError({"status": _("活动已经是“%(status)s”状态。") % {"status": activity.get_status_display()}})
    if status not in TRANSITIONS[activity.status]:
        raise ValidationError(
            {
                "status": _("不能把“%(old)s”的活动改为“%(new)s”。")
                % {"old": activity.get_status_display(), "new": Status(status).label}
            }
        )
    reason = reason.strip()
    if status in NEEDS_REASON and not reason:
        raise ValidationError({"reason": _("延期或取消活动必须填写原因。")})
    if status == Status.HELD and activity.start > timezone.now():
        raise ValidationError({"status": _("活动尚未开始，不能标记为已举办。")})
    activity.status = status
    activity.status_reason = reason if status in NEEDS_REASON else ""
    _save(activity, by)
    if status == Status.CANCELLED:
        now = timezone.now()
        for signup in activity.signups.exclude(status=SignUp.Status.CANCELLED):
            signup.status, signup.cancelled_at = SignUp.Status.CANCELLED, now
            _save(signup, by)
    return activity


# ---- files --------------------------------------------------------------------------------------


@transaction.atomic
def activity_file_add(*, activity: Activity, uploaded, by=None) -> ActivityFile:
    stored = attachment_store(uploaded=uploaded, by=by)
    kind = ActivityFile.Kind.PHOTO if stored.is_image else ActivityFile.Kind.DOCUMENT
    attachment = ActivityFile(activity=activity, stored=stored, kind=kind)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def activity_file_delete(*, attachment: ActivityFile, by=None) -> None:
    stored = attachment.stored
    attachment.delete()
    if stored is not None:
        attachment_delete(stored)


# ---- sign-ups and the waiting list --------------------------------------------------------------


def signup_closed_reason(activity: Activity, *, now=None) -> str | None:
    """Why no one can sign up (or cancel) now, or None when sign-up is open."""
    now = now or timezone.now()
    if activity.status == Status.CANCELLED:
        return _("活动已取消，不能报名。")
    if activity.status != Status.PLANNED:
        return _("活动%(status)s，不能报名。") % {"status": activity.get_status_display()}
    if not activity.is_published:
        return _("活动尚未公开，不能报名。")
    if activity.signup_deadline is None:
        return _("本活动不开放网上报名。")
    if now > activity.signup_deadline:
        return _("报名已于 %(deadline)s 截止。") % {
            "deadline": timezone.localtime(activity.signup_deadline).strftime("%Y-%m-%d %H:%M")
        }
    return None


@transaction.atomic
def signup_create(*, activity: Activity, member: Member | None, by=None) -> SignUp:
    """Sign a member up; beyond capacity they join the waiting list (if the activity has one)."""
    if member is None:
        raise ValidationError(_("您的账号没有关联会员信息，不能报名；请联系工会干部。"))
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    closed = signup_closed_reason(activity)
    if closed:
        raise ValidationError(closed)
    if member.status != Member.Status.ACTIVE and member.status != Member.Status.RETIRED:
        raise ValidationError(_("离校人员不能报名。"))
    live = activity.signups.exclude(status=SignUp.Status.CANCELLED)
    if live.filter(member=member).exists():
        raise ValidationError(_("您已经报过名了，不能重复报名。"))
    status = SignUp.Status.CONFIRMED
    if activity.capacity is not None and live.filter(status=SignUp.Status.CONFIRMED).count() >= activity.capacity:
        if not activity.waitlist_enabled:
            raise ValidationError(_("报名人数已满（%(capacity)s 人）。") % {"capacity": activity.capacity})
        status = SignUp.Status.WAITLISTED
    signup = SignUp(activity=activity, member=member, status=status)
    _save(signup, by)
    return signup


def waiting_position(signup: SignUp) -> int | None:
    if signup.status != SignUp.Status.WAITLISTED:
        return None
    ahead = signup.activity.signups.filter(status=SignUp.Status.WAITLISTED, created_at__lt=signup.created_at).count()
    return ahead + 1


@transaction.atomic
def signup_cancel(*, signup: SignUp, by=None) -> list[SignUp]:
    """Cancel a sign-up before the deadline; a freed place goes to the first on the waiting list.

    Returns the sign-ups promoted from the waiting list.
    """
    activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
    signup = SignUp.objects.select_for_update().get(pk=signup.pk)
    if signup.status == SignUp.Status.CANCELLED:
        raise ValidationError(_("该报名已经取消。"))
    closed = signup_closed_reason(activity)
    if closed:
        raise ValidationError(_("现在不能取消报名：%(reason)s") % {"reason": closed})
    signup.status, signup.cancelled_at = SignUp.Status.CANCELLED, timezone.now()
    _save(signup, by)
    return _promote_waiting(activity, by=by)


def _promote_waiting(activity: Activity, *, by=None) -> list[SignUp]:
    """Fill free places from the waiting list, first come first served (caller holds the activity lock)."""
    confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
    waiting = activity.signups.filter(status=SignUp.Status.WAITLISTED).order_by("created_at", "pk")
    free = None if activity.capacity is None else max(activity.capacity - confirmed, 0)
    promoted = []
    for signup in waiting if free is None else waiting[:free]:
        signup.status = SignUp.Status.CONFIRMED
        _save(signup, by)
        promoted.append(signup)
    return promoted


# ---- attendance ---------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, activity: Activity, attended_ids: Iterable[int], by=None) -> Activity:
    """Mark who came among the confirmed sign-ups; the activity's actual participants follow."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status in (Status.CANCELLED, Status.POSTPONED):
        raise ValidationError(_("活动%(status)s，不能登记考勤。") % {"status": activity.get_status_display()})
    if activity.start > timezone.now():
        raise ValidationError(_("活动尚未开始，不能登记考勤。"))
    confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED)
    attended_ids = set(attended_ids)
    unknown = attended_ids - set(confirmed.values_list("pk", flat=True))
    if unknown:
        raise ValidationError(_("只能为报名成功的人员登记出席。"))
    for signup in confirmed:
        came = signup.pk in attended_ids
        if signup.attended is not came:
            signup.attended = came
            _save(signup, by)
    activity.actual_participants = len(attended_ids)
    activity.attendance_recorded = True
    _save(activity, by)
    return activity
