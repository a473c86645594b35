"""Every write to activities: plan, activities and their status, files, sign-ups, the waiting list, attendance."""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.activities.models import Activity, ActivityFile, Category, HostUnit, PlanItem, SignUp
from apps.core.access import require
from apps.core.submissions import submission_claim, submission_record_url
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
def category_save(*, category: Category, by) -> Category:
    require(by, "activities.manage_plan")
    _save(category, by)
    return category


@transaction.atomic
def plan_item_save(*, item: PlanItem, host_units: Iterable[Unit | int], by) -> PlanItem:
    require(by, "activities.manage_plan")
    _save(item, by)
    item.host_units.set(host_units)
    return item


@transaction.atomic
def plan_item_delete(*, item: PlanItem, by) -> None:
    require(by, "activities.manage_plan")
    if hasattr(item, "activity"):
        raise ValidationError(_("该计划项已有对应的活动，不能删除；请先修改活动的计划项。"))
    item._history_user = by
    item.delete()


# ---- activities ---------------------------------------------------------------------------------


def _check_activity(activity: Activity) -> None:
    """What needs the database: the field and time rules are the model's (``full_clean``)."""
    errors = {}
    if activity.pk and activity.capacity is not None:
        confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
        if activity.capacity < confirmed:
            errors["capacity"] = _("名额不能少于已报名成功的人数（%(count)s 人）。") % {"count": confirmed}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_save(
    *, activity: Activity, host_units: Iterable[Unit], by, submission_token: uuid.UUID | None = None
) -> Activity:
    """Create or edit an activity (not its status: see ``activity_change_status``).

    ``submission_token``: the form's one-time token; a second submission of the same form saves nothing
    (``DuplicateSubmission``, which the form flow turns into a redirect to the first one's activity)."""
    is_new = activity.pk is None
    require(by, "activities.manage_activity", activity)  # as it will be saved: a chair keeps to their branch
    submission_claim(token=submission_token, by=by)
    if not is_new:
        # Lock the row so that a capacity change and a sign-up cannot cross.
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        require(by, "activities.manage_activity", current)  # and as it was
        activity.status, activity.status_reason = current.status, current.status_reason
    _check_activity(activity)
    if activity.start:
        activity.year = activity.plan_item.year if activity.plan_item_id else timezone.localtime(activity.start).year
    if is_new:
        activity.created_by = by
    _save(activity, by)
    _set_host_units(activity, host_units)
    if not is_new and activity.capacity is not None:
        _promote_waiting(activity, by=by)
    submission_record_url(token=submission_token, url=activity.get_absolute_url())
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
def activity_change_status(*, activity: Activity, status: str, reason: str = "", by) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require(by, "activities.manage_activity", activity)
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
def activity_file_add(*, activity: Activity, uploaded, by) -> ActivityFile:
    require(by, "activities.manage_activity", activity)
    stored = attachment_store(uploaded=uploaded, by=by)
    kind = ActivityFile.Kind.PHOTO if stored.is_image else ActivityFile.Kind.DOCUMENT
    attachment = ActivityFile(activity=activity, stored=stored, kind=kind)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def activity_file_delete(*, attachment: ActivityFile, by) -> None:
    require(by, "activities.manage_activity", attachment.activity)
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
def signup_create(*, activity: Activity, member: Member | None, by) -> SignUp:
    """Sign a member up; beyond capacity they join the waiting list (if the activity has one).

    Members sign themselves up; whoever keeps the activity's sign-ups may sign up others."""
    require(by, "activities.sign_up", activity)
    if member is None:
        raise ValidationError(_("您的账号没有关联会员信息，不能报名；请联系工会干部。"))
    if member.pk != by.member_id:
        require(by, "activities.keep_signups", activity)
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
def signup_cancel(*, signup: SignUp, by) -> list[SignUp]:
    """Cancel a sign-up before the deadline; a freed place goes to the first on the waiting list.

    Returns the sign-ups promoted from the waiting list.
    """
    require(by, "activities.cancel_signup", signup)
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
def attendance_record(
    *, activity: Activity, attended_ids: Iterable[int], shown_ids: Iterable[int] | None = None, by
) -> Activity:
    """Mark who came among the confirmed sign-ups; the activity's actual participants follow.

    ``shown_ids``: the sign-ups the (paginated) page showed; only they are marked, the others keep their mark.
    ``None`` marks every confirmed sign-up.
    """
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    require(by, "activities.keep_signups", activity)
    if activity.status in (Status.CANCELLED, Status.POSTPONED):
        raise ValidationError(_("活动%(status)s，不能登记考勤。") % {"status": activity.get_status_display()})
    if activity.start > timezone.now():
        raise ValidationError(_("活动尚未开始，不能登记考勤。"))
    confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED)
    marked = confirmed if shown_ids is None else confirmed.filter(pk__in=set(shown_ids))
    attended_ids = set(attended_ids)
    if attended_ids - set(marked.values_list("pk", flat=True)):
        raise ValidationError(_("只能为报名成功的人员登记出席。"))
    for signup in marked:
        came = signup.pk in attended_ids
        if signup.attended is not came:
            signup.attended = came
            _save(signup, by)
    activity.actual_participants = confirmed.filter(attended=True).count()
    activity.attendance_recorded = True
    _save(activity, by)
    return activity
