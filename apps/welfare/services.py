"""Every write and rule of the welfare app: visits and their approval, bulk distributions, the mutual-aid fund."""

import importlib
import logging
from datetime import date
from decimal import Decimal

from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from apps.core import access, jobs
from apps.core.jobs import QUEUE_UNAVAILABLE
from apps.core.submissions import submission_claim, submission_record_url
from apps.core.uploads import attachment_store
from apps.people.models import BranchUnion, Member
from apps.welfare import selectors
from apps.welfare.models import (
    Distribution,
    DistributionRecipient,
    MutualAidClaim,
    Visit,
    VisitStandard,
    VisitType,
    WelfareBudget,
)

logger = logging.getLogger(__name__)

# Distributions with more recipients than this run on the Celery worker.
BACKGROUND_THRESHOLD = 200
BATCH_SIZE = 200


def _check_amount(value, field: str, *, allow_zero: bool = False) -> None:
    if value is None:
        return
    value = Decimal(value)
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError({field: _("金额必须大于零。")})
    if value.as_tuple().exponent < -2:
        raise ValidationError({field: _("金额最多保留两位小数。")})


def _check_not_future(day: date, field: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天。")})


# ---------------------------------------------------------------- visits


def visit_types_ensure_defaults() -> None:
    """Create the default visit types of a new installation (data migration 0002) where they are missing."""
    migration = importlib.import_module("apps.welfare.migrations.0002_default_visit_types")
    migration.create_types(django_apps, None)


@transaction.atomic
def visit_record(
    *,
    member: Member,
    visit_type: VisitType,
    visited_on: date,
    cash_amount: Decimal = Decimal("0"),
    gift_description: str = "",
    gift_value: Decimal = Decimal("0"),
    visitors: str = "",
    note: str = "",
    attachment=None,
    submission_token=None,
    by,
) -> Visit:
    """Record a visit. Over the type's standard it waits for an officer's approval (待审批).

    ``submission_token``: the form's one-time token; a second submission of it records nothing.
    """
    access.require(by, "welfare.add_visit", Visit(member=member, visit_type=visit_type))
    submission_claim(token=submission_token, by=by)
    cash_amount = Decimal(cash_amount or 0)
    gift_value = Decimal(gift_value or 0)
    _check_amount(cash_amount, "cash_amount", allow_zero=True)
    _check_amount(gift_value, "gift_value", allow_zero=True)
    if cash_amount + gift_value <= 0:
        raise ValidationError({"cash_amount": _("慰问金和慰问品价值至少填写一项，且须大于零。")})
    if gift_value > 0 and not gift_description.strip():
        raise ValidationError({"gift_description": _("填写了慰问品价值，请写明慰问品。")})
    _check_not_future(visited_on, "visited_on")
    if not visit_type.is_active:
        raise ValidationError({"visit_type": _("该慰问类型已停用。")})
    inactive = member.status != Member.Status.ACTIVE
    if inactive and not visit_type.allows_inactive:
        raise ValidationError(
            {
                "member": _("%(name)s 已%(status)s，只能进行退休或直系亲属去世等慰问。")
                % {"name": member.name, "status": member.get_status_display()}
            }
        )
    if visit_type.once_only:
        first = (
            Visit.objects.select_for_update()
            .filter(member=member, visit_type=visit_type)
            .exclude(status=Visit.Status.REJECTED)
            .first()
        )
        if first is not None:
            raise ValidationError(
                {
                    "visit_type": _("%(name)s 已于 %(date)s 领取过“%(type)s”慰问（录入人：%(by)s），该类型仅限一次。")
                    % {
                        "name": member.name,
                        "date": first.visited_on.isoformat(),
                        "type": visit_type.name,
                        "by": first.created_by.display_name,
                    }
                }
            )
    standard = visit_type.standard_for(visited_on.year)
    over_standard = standard > 0 and cash_amount + gift_value > standard
    visit = Visit(
        member=member,
        visit_type=visit_type,
        visited_on=visited_on,
        cash_amount=cash_amount,
        gift_description=gift_description.strip(),
        gift_value=gift_value,
        visitors=visitors.strip(),
        note=note.strip(),
        once_only=visit_type.once_only,
        member_inactive=inactive,
        status=Visit.Status.PENDING if over_standard else Visit.Status.APPROVED,
        created_by=by,
    )
    if attachment:
        visit.attachment = attachment_store(uploaded=attachment, by=by, field="attachment")
    visit.full_clean()
    visit._history_user = by
    visit.save()
    submission_record_url(token=submission_token, url=reverse("welfare:visit_detail", args=[visit.uuid]))
    return visit


def _decide_visit_checks(visit: Visit, by) -> None:
    """Who may decide is the rule's (never the officer who recorded it); whether it still waits is the visit's."""
    access.require(by, "welfare.approve_visit", visit)
    if visit.status != Visit.Status.PENDING:
        raise ValidationError(_("该慰问记录不在待审批状态。"))


@transaction.atomic
def visit_approve(*, visit: Visit, by) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    _decide_visit_checks(visit, by)
    visit.status = Visit.Status.APPROVED
    visit.decided_by = by
    visit.decided_at = timezone.now()
    visit.full_clean()
    visit._history_user = by
    visit.save()
    return visit


@transaction.atomic
def visit_reject(*, visit: Visit, reason: str, by) -> Visit:
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    _decide_visit_checks(visit, by)
    if not reason.strip():
        raise ValidationError({"reason": _("请填写驳回理由。")})
    visit.status = Visit.Status.REJECTED
    visit.rejection_reason = reason.strip()
    visit.decided_by = by
    visit.decided_at = timezone.now()
    visit.full_clean()
    visit._history_user = by
    visit.save()
    return visit


# ---------------------------------------------------------------- bulk distributions


def distribution_audience(*, distribution: Distribution) -> QuerySet[Member]:
    """The members a distribution goes to (``selectors.distribution_audience``)."""
    return selectors.distribution_audience(distribution=distribution)


@transaction.atomic
def distribution_create(
    *,
    title: str,
    kind: str,
    item: str,
    unit_value: Decimal,
    distributed_on: date,
    audience: str,
    birthday_month: int | None = None,
    branch: BranchUnion | None = None,
    chosen_members: list[Member] | None = None,
    visit_type: VisitType | None = None,
    note: str = "",
    by,
) -> Distribution:
    """Prepare a distribution (待确认): nobody has received anything until it is confirmed."""
    access.require(by, "welfare.manage_distribution")
    _check_amount(unit_value, "unit_value")
    if audience == Distribution.Audience.BIRTHDAY_MONTH and not birthday_month:
        raise ValidationError({"birthday_month": _("请选择生日月份。")})
    if audience == Distribution.Audience.BRANCH and branch is None:
        raise ValidationError({"branch": _("请选择分工会。")})
    if audience == Distribution.Audience.CHOSEN and not chosen_members:
        raise ValidationError({"chosen_members": _("请至少指定一名会员。")})
    distribution = Distribution(
        title=title.strip(),
        kind=kind,
        item=item.strip(),
        unit_value=unit_value,
        distributed_on=distributed_on,
        audience=audience,
        birthday_month=birthday_month if audience == Distribution.Audience.BIRTHDAY_MONTH else None,
        branch=branch if audience == Distribution.Audience.BRANCH else None,
        visit_type=visit_type,
        note=note.strip(),
        created_by=by,
    )
    distribution.full_clean()
    distribution._history_user = by
    distribution.save()
    if audience == Distribution.Audience.CHOSEN:
        distribution.chosen_members.set(chosen_members)
    if not distribution_audience(distribution=distribution).exists():
        raise ValidationError(_("该发放范围内没有在职会员，无法创建。"))
    return distribution


def distribution_confirm(*, distribution: Distribution, by) -> Distribution:
    """Confirm a prepared (or failed) distribution: small ones are handed out now, large ones on the worker.

    When the task queue cannot be reached, the distribution is left failed (confirm again later, or delete it)
    and the refusal says so.
    """
    with transaction.atomic():
        distribution, enqueued = _distribution_confirm_locked(distribution=distribution, by=by)
    if enqueued is not None and enqueued.unavailable:
        raise ValidationError(QUEUE_UNAVAILABLE)
    return distribution


def _distribution_confirm_locked(*, distribution: Distribution, by):
    access.require(by, "welfare.manage_distribution", distribution)
    distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
    if distribution.status not in (Distribution.Status.DRAFT, Distribution.Status.FAILED):
        raise ValidationError(_("该批量发放已确认，不能重复确认。"))
    total = distribution_audience(distribution=distribution).count()
    if total == 0:
        raise ValidationError(_("该发放范围内没有在职会员，无法发放。"))
    distribution.progress_total = total
    distribution.progress_done = min(distribution.progress_done, total) if distribution.recipients.exists() else 0
    distribution.error = ""
    distribution.attempts = 0  # the officer's confirmation starts a fresh count of automatic attempts
    distribution.lease_until = None
    distribution.status = Distribution.Status.QUEUED
    distribution._history_user = by
    distribution.save()
    if total > BACKGROUND_THRESHOLD:
        return distribution, _distribution_enqueue(distribution.pk)
    return distribution_run(distribution=distribution, by=by), None


def _distribution_enqueue(distribution_id: int):
    """Queue the filling after commit; a broker that cannot be reached leaves the distribution failed."""
    from apps.welfare.tasks import run_distribution

    def unavailable(error: Exception) -> None:
        Distribution.objects.filter(pk=distribution_id, status=Distribution.Status.QUEUED).update(
            status=Distribution.Status.FAILED, error=f"{QUEUE_UNAVAILABLE}\n{error}"
        )

    return run_distribution.enqueue(distribution_id, on_unavailable=unavailable)


def _distribution_claim(distribution_id: int) -> int | None:
    """Take the distribution with a conditional UPDATE: waiting, failed (a rerun fills only what is missing), or
    running under an expired lease (its worker died). Returns the attempt number, or None when it is done, still
    a draft, or held by a live worker."""
    now = timezone.now()
    claimable = (
        Q(status__in=[Distribution.Status.QUEUED, Distribution.Status.FAILED])
        | Q(status=Distribution.Status.RUNNING, lease_until__lt=now)
        # running without a lease: set so by hand (demo data, benchmarks) or left from before leases existed
        | Q(status=Distribution.Status.RUNNING, lease_until__isnull=True)
    )
    changed = Distribution.objects.filter(claimable, pk=distribution_id).update(
        status=Distribution.Status.RUNNING, lease_until=jobs.new_lease(now), attempts=F("attempts") + 1, error=""
    )
    if changed != 1:
        return None
    return Distribution.objects.values_list("attempts", flat=True).get(pk=distribution_id)


def distribution_run(*, distribution: Distribution, by=None) -> Distribution:
    """Create the missing recipient records in batches; safe to run twice, creates nothing twice.

    Each batch is its own transaction, so the page can show progress while the job runs; a heartbeat keeps
    the lease while it runs, so a worker that dies leaves a lease that expires and the job is taken up again.
    """
    attempt = _distribution_claim(distribution.pk)
    distribution.refresh_from_db()
    if attempt is None:
        logger.info("Distribution %s is not waiting (done, a draft, or held by a live lease)", distribution.pk)
        return distribution
    if attempt > settings.JOB_MAX_ATTEMPTS:
        logger.error("Distribution %s: worker lost %s times; marking it failed", distribution.pk, attempt - 1)
        Distribution.objects.filter(pk=distribution.pk, attempts=attempt).update(
            status=Distribution.Status.FAILED, error=_("发放过程中工作进程多次中断，已停止自动重试。"), lease_until=None
        )
        distribution.refresh_from_db()
        return distribution
    try:
        with jobs.Heartbeat(Distribution, distribution.pk, attempts=attempt):
            _distribution_fill(distribution, by)
        with transaction.atomic():
            distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
            if distribution.status != Distribution.Status.RUNNING or distribution.attempts != attempt:
                logger.warning("Distribution %s was taken over while running; keeping the other run", distribution.pk)
                return distribution
            distribution.status = Distribution.Status.DONE
            distribution.progress_done = distribution.progress_total = distribution.recipients.count()
            distribution.completed_at = timezone.now()
            distribution.lease_until = None
            distribution._history_user = by
            distribution.save()
    except Exception as error:  # recorded on the row for the officer to see, then re-raised for the worker's log
        logger.exception("Distribution %s failed", distribution.pk)
        Distribution.objects.filter(pk=distribution.pk, attempts=attempt).update(
            status=Distribution.Status.FAILED, error=str(error), lease_until=None
        )
        raise
    return distribution


def _distribution_fill(distribution: Distribution, by) -> None:
    members = distribution_audience(distribution=distribution)
    total = members.count()
    pending = list(members.exclude(distribution_records__distribution=distribution).values_list("pk", flat=True))
    done = total - len(pending)
    Distribution.objects.filter(pk=distribution.pk).update(progress_total=total, progress_done=done)
    for start in range(0, len(pending), BATCH_SIZE):
        batch = pending[start : start + BATCH_SIZE]
        with transaction.atomic():
            records = [
                DistributionRecipient(distribution=distribution, member_id=pk, value=distribution.unit_value)
                for pk in batch
            ]
            for record in records:
                record._history_user = by
            bulk_create_with_history(records, DistributionRecipient, ignore_conflicts=True, default_user=by)
            done += len(batch)
            Distribution.objects.filter(pk=distribution.pk).update(progress_done=done)


def distributions_requeue_expired() -> int:
    """The lease sweeper: queue every distribution whose worker died (lease expired) again; returns how many."""
    from apps.welfare.tasks import run_distribution

    expired = Distribution.objects.filter(jobs.lease_expired_q(), status=Distribution.Status.RUNNING)
    ids = list(expired.values_list("pk", flat=True)[:100])
    for distribution_id in ids:
        logger.warning("Distribution %s: lease expired, its worker is gone; queueing it again", distribution_id)
        run_distribution.apply_async(args=(distribution_id,))
    return len(ids)


@transaction.atomic
def distribution_delete_draft(*, distribution: Distribution, by) -> None:
    """Delete a distribution nobody has received anything from: a draft, or a failed one with no records."""
    access.require(by, "welfare.manage_distribution", distribution)
    distribution = Distribution.objects.select_for_update().get(pk=distribution.pk)
    deletable = distribution.status == Distribution.Status.DRAFT or (
        distribution.status == Distribution.Status.FAILED and not distribution.recipients.exists()
    )
    if not deletable:
        raise ValidationError(_("只能删除待确认的批量发放，或尚未发放给任何人的失败批量发放。"))
    distribution._history_user = by
    distribution.delete()


@transaction.atomic
def visit_standard_set(*, visit_type: VisitType, year: int, amount: Decimal, by) -> VisitStandard:
    """Set the standard of a visit type for a year (the union's rules for that year)."""
    access.require(by, "welfare.set_standard")
    standard = VisitStandard.objects.filter(visit_type=visit_type, year=year).first() or VisitStandard(
        visit_type=visit_type, year=year
    )
    standard.amount = amount
    standard.full_clean()
    standard._history_user = by
    standard.save()
    return standard


def birthday_distribution_prepare(*, year: int, month: int, by, unit_value: Decimal | None = None) -> Distribution:
    """Prepare (not confirm) the birthday greetings of a month; does nothing if it already exists."""
    access.require(by, "welfare.manage_distribution")
    title = _("%(year)d年%(month)d月生日慰问") % {"year": year, "month": month}
    existing = Distribution.objects.filter(
        kind=Distribution.Kind.BIRTHDAY, audience=Distribution.Audience.BIRTHDAY_MONTH, title=title
    ).first()
    if existing:
        return existing
    birthday_type = VisitType.objects.filter(code="birthday").first()
    if unit_value is None:
        standard = birthday_type.standard_for(year) if birthday_type else Decimal(0)
        unit_value = standard or Decimal(200)
    return distribution_create(
        title=title,
        kind=Distribution.Kind.BIRTHDAY,
        item=_("生日蛋糕券"),
        unit_value=unit_value,
        distributed_on=date(year, month, 1),
        audience=Distribution.Audience.BIRTHDAY_MONTH,
        birthday_month=month,
        visit_type=birthday_type,
        by=by,
    )


# ---------------------------------------------------------------- mutual-aid fund


@transaction.atomic
def mutual_aid_enrol(*, member: Member, joined_on: date, by) -> Member:
    access.require(by, "welfare.enrol_member")
    _check_not_future(joined_on, "joined_on")
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.mutual_aid_joined_on is not None:
        raise ValidationError(
            {
                "member": _("%(name)s 已于 %(date)s 加入互助会。")
                % {"name": member.name, "date": member.mutual_aid_joined_on}
            }
        )
    if member.status != Member.Status.ACTIVE:
        raise ValidationError({"member": _("只有在职会员可以加入互助会。")})
    member.mutual_aid_joined_on = joined_on
    member.full_clean()
    member._history_user = by
    member.save(update_fields=["mutual_aid_joined_on", "updated_at"])
    return member


@transaction.atomic
def claim_submit(
    *, member: Member, submitted_on: date, reason: str, amount_requested: Decimal, submission_token=None, by
) -> MutualAidClaim:
    """Register a claim for an enrolled member; ``submission_token`` makes a double submission register one."""
    access.require(by, "welfare.add_claim")
    submission_claim(token=submission_token, by=by)
    _check_amount(amount_requested, "amount_requested")
    _check_not_future(submitted_on, "submitted_on")
    if member.mutual_aid_joined_on is None:
        raise ValidationError({"member": _("%(name)s 未加入互助会，不能申领互助金。") % {"name": member.name}})
    if submitted_on < member.mutual_aid_joined_on:
        raise ValidationError({"submitted_on": _("申领日期早于加入互助会的日期。")})
    if not reason.strip():
        raise ValidationError({"reason": _("请填写申领事由。")})
    claim = MutualAidClaim(
        member=member,
        submitted_on=submitted_on,
        reason=reason.strip(),
        amount_requested=amount_requested,
        created_by=by,
    )
    claim.full_clean()
    claim._history_user = by
    claim.save()
    submission_record_url(token=submission_token, url=reverse("welfare:claim_detail", args=[claim.uuid]))
    return claim


def _locked_claim(claim: MutualAidClaim, by, allowed: tuple[str, ...]) -> MutualAidClaim:
    claim = MutualAidClaim.objects.select_for_update().select_related("member").get(pk=claim.pk)
    access.require(by, "welfare.decide_claim", claim)
    if claim.status not in allowed:
        raise ValidationError(_("该申领当前为“%(status)s”，不能进行此操作。") % {"status": claim.get_status_display()})
    return claim


def _save_claim(claim: MutualAidClaim, by) -> MutualAidClaim:
    claim.full_clean()
    claim._history_user = by
    claim.save()
    return claim


@transaction.atomic
def claim_review(*, claim: MutualAidClaim, by) -> MutualAidClaim:
    claim = _locked_claim(claim, by, (MutualAidClaim.Status.SUBMITTED,))
    claim.status = MutualAidClaim.Status.REVIEWING
    return _save_claim(claim, by)


@transaction.atomic
def claim_approve(*, claim: MutualAidClaim, approved_amount: Decimal | None = None, by) -> MutualAidClaim:
    claim = _locked_claim(claim, by, (MutualAidClaim.Status.SUBMITTED, MutualAidClaim.Status.REVIEWING))
    approved_amount = claim.amount_requested if approved_amount in (None, "") else Decimal(approved_amount)
    _check_amount(approved_amount, "approved_amount")
    claim.status = MutualAidClaim.Status.APPROVED
    claim.approved_amount = approved_amount
    claim.decided_by = by
    claim.decided_at = timezone.now()
    return _save_claim(claim, by)


@transaction.atomic
def claim_reject(*, claim: MutualAidClaim, reason: str, by) -> MutualAidClaim:
    claim = _locked_claim(claim, by, (MutualAidClaim.Status.SUBMITTED, MutualAidClaim.Status.REVIEWING))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写驳回理由。")})
    claim.status = MutualAidClaim.Status.REJECTED
    claim.rejection_reason = reason.strip()
    claim.decided_by = by
    claim.decided_at = timezone.now()
    return _save_claim(claim, by)


@transaction.atomic
def claim_pay(*, claim: MutualAidClaim, paid_on: date, paid_amount: Decimal | None = None, by) -> MutualAidClaim:
    claim = _locked_claim(claim, by, (MutualAidClaim.Status.APPROVED,))
    paid_amount = claim.approved_amount if paid_amount in (None, "") else Decimal(paid_amount)
    _check_amount(paid_amount, "paid_amount")
    _check_not_future(paid_on, "paid_on")
    if paid_on < claim.submitted_on:
        raise ValidationError({"paid_on": _("发放日期早于申领日期。")})
    claim.status = MutualAidClaim.Status.PAID
    claim.paid_on = paid_on
    claim.paid_amount = paid_amount
    return _save_claim(claim, by)


# ---------------------------------------------------------------- budgets


@transaction.atomic
def budget_set(*, year: int, visit_type: VisitType, amount: Decimal, by) -> WelfareBudget:
    access.require(by, "welfare.set_budget")
    _check_amount(amount, "amount")
    budget = WelfareBudget.objects.select_for_update().filter(year=year, visit_type=visit_type).first()
    if budget is None:
        budget = WelfareBudget(year=year, visit_type=visit_type)
    budget.amount = amount
    budget.full_clean()
    budget._history_user = by
    budget.save()
    return budget
