"""Every write and rule of the proposal process: draft → co-sign → review → answer → rating."""

import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Role, User
from apps.core.uploads import attachment_store
from apps.people.models import Member, Unit
from apps.proposals.models import (
    Answer,
    Assignment,
    Congress,
    Cosignature,
    Delegate,
    Delegation,
    Proposal,
    ProposalAttachment,
)

logger = logging.getLogger(__name__)
Status = Proposal.Status


# ---------------------------------------------------------------- congresses and delegates


@transaction.atomic
def congress_save(*, congress: Congress, by: User) -> Congress:
    congress.full_clean()
    congress.save()
    return congress


@transaction.atomic
def delegate_add(*, congress: Congress, member: Member, delegation_name: str = "", by: User) -> Delegate:
    """Add a member as delegate (or move them to another delegation); the delegation is created if new."""
    delegation = None
    delegation_name = delegation_name.strip()
    if delegation_name:
        delegation, _created = Delegation.objects.get_or_create(
            congress=congress,
            name=delegation_name,
            defaults={"sort_order": congress.delegations.count()},
        )
    delegate = Delegate.objects.filter(congress=congress, member=member).first()
    if delegate is None:
        delegate = Delegate(congress=congress, member=member)
    delegate.delegation = delegation
    delegate.full_clean()
    delegate.save()
    return delegate


@transaction.atomic
def delegate_remove(*, delegate: Delegate, by: User) -> None:
    if delegate.proposals.exists() or delegate.cosignatures.exists():
        raise ValidationError(_("该代表已提出或附议过提案，不能移除。"))
    delegate.delete()


def delegate_of(*, user: User, congress: Congress) -> Delegate | None:
    if not user.member_id:
        return None
    return Delegate.objects.filter(congress=congress, member_id=user.member_id).select_related("member").first()


def _require_delegate(*, user: User, congress: Congress) -> Delegate:
    delegate = delegate_of(user=user, congress=congress)
    if delegate is None:
        raise ValidationError(_("只有本次大会的代表才能提出或附议提案。"))
    return delegate


# ---------------------------------------------------------------- drafts, submission, co-signing


@transaction.atomic
def proposal_draft_save(*, proposal: Proposal, by: User, attachment=None) -> Proposal:
    """Create or edit a draft. Only its proposer edits it, and only while it is a draft."""
    if proposal.pk is None:
        proposal.proposer = _require_delegate(user=by, congress=proposal.congress)
        proposal.status = Status.DRAFT
    else:
        stored = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if stored.proposer.member_id != by.member_id:
            raise ValidationError(_("只有提案人本人才能修改提案。"))
        if stored.status != Status.DRAFT:
            raise ValidationError(_("提案已提交，不能再修改。"))
        if stored.congress_id != proposal.congress_id:
            proposal.proposer = _require_delegate(user=by, congress=proposal.congress)
    _clean_texts(proposal)
    proposal._history_user = by
    proposal.full_clean()
    proposal.save()
    if attachment is not None:
        proposal_attachment_add(proposal=proposal, file=attachment, by=by)
    return proposal


def _clean_texts(proposal: Proposal) -> None:
    for field in ("title", "subject", "reasons", "measures"):
        setattr(proposal, field, (getattr(proposal, field) or "").strip())
    errors = {}
    for field, label in (("subject", _("案由")), ("reasons", _("理由")), ("measures", _("建议"))):
        if not getattr(proposal, field):
            errors[field] = _("请填写%(label)s。") % {"label": label}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def proposal_attachment_add(*, proposal: Proposal, file, by: User) -> ProposalAttachment:
    if proposal.status != Status.DRAFT:
        raise ValidationError(_("提案已提交，不能再添加附件。"))
    stored = attachment_store(uploaded=file, by=by, field="attachment")
    attachment = ProposalAttachment(proposal=proposal, attachment=stored, name=stored.original_name)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def proposal_submit(*, proposal: Proposal, by: User, today: date | None = None) -> Proposal:
    """Submit a draft inside the congress's window; it then collects co-signers (or goes straight to review)."""
    proposal = Proposal.objects.select_for_update().select_related("congress", "proposer").get(pk=proposal.pk)
    if proposal.proposer.member_id != by.member_id:
        raise ValidationError(_("只有提案人本人才能提交提案。"))
    if proposal.status != Status.DRAFT:
        raise ValidationError(_("提案已经提交过了。"))
    congress = proposal.congress
    today = today or timezone.localdate()
    if not congress.window_is_open(today):
        raise ValidationError(
            _("提案征集时间为 %(opens)s 至 %(closes)s，现在不能提交。")
            % {"opens": congress.submission_opens, "closes": congress.submission_closes}
        )
    _clean_texts(proposal)
    proposal.status = Status.COSIGNING if congress.required_cosigners > 0 else Status.SUBMITTED
    proposal.submitted_at = timezone.now()
    proposal._history_user = by
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_cosign(*, proposal: Proposal, by: User) -> Cosignature:
    """附议: another delegate supports the proposal; with enough co-signers it goes to the committee."""
    proposal = Proposal.objects.select_for_update().select_related("congress", "proposer").get(pk=proposal.pk)
    delegate = _require_delegate(user=by, congress=proposal.congress)
    if delegate.pk == proposal.proposer_id:
        raise ValidationError(_("不能附议自己的提案。"))
    if proposal.status not in (Status.COSIGNING, Status.SUBMITTED):
        raise ValidationError(_("这件提案现在不能附议。"))
    if Cosignature.objects.filter(proposal=proposal, delegate=delegate).exists():
        raise ValidationError(_("您已经附议过这件提案。"))
    cosignature = Cosignature(proposal=proposal, delegate=delegate)
    cosignature.full_clean()
    cosignature.save()
    if proposal.status == Status.COSIGNING and proposal.cosignatures.count() >= proposal.congress.required_cosigners:
        proposal.status = Status.SUBMITTED
        proposal._history_user = by
        proposal.save(update_fields=["status", "updated_at"])
    return cosignature


# ---------------------------------------------------------------- committee review


def _require_under_review(proposal: Proposal) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("congress").get(pk=proposal.pk)
    if proposal.status != Status.SUBMITTED:
        if proposal.status == Status.COSIGNING:
            raise ValidationError(_("附议人数不足，提案还不能审查。"))
        raise ValidationError(_("这件提案已经审查过了。"))
    return proposal


def _next_number(year: int) -> int:
    # Lock the year's congresses so that two acceptances at once cannot take the same number.
    list(Congress.objects.select_for_update().filter(starts_on__year=year).values_list("pk", flat=True))
    last = Proposal.objects.filter(number_year=year).aggregate(last=Max("number_seq"))["last"]
    return (last or 0) + 1


@transaction.atomic
def proposal_accept(
    *,
    proposal: Proposal,
    by: User,
    lead_unit: Unit,
    helper_units: list[Unit] | None = None,
    due_on: date | None = None,
    note: str = "",
) -> Proposal:
    """立案: number the proposal, assign a lead department and helpers, and tell their handlers."""
    proposal = _require_under_review(proposal)
    helpers = [unit for unit in (helper_units or []) if unit.pk != lead_unit.pk]
    today = timezone.localdate()
    due_on = due_on or today + timedelta(days=proposal.congress.answer_days)
    if due_on < today:
        raise ValidationError({"due_on": _("办理期限不能早于今天。")})
    proposal.number_year = proposal.congress.year
    proposal.number_seq = _next_number(proposal.number_year)
    proposal.status = Status.ACCEPTED
    proposal.due_on = due_on
    proposal.decision_reason = note.strip()
    _mark_reviewed(proposal, by)
    Assignment.objects.create(proposal=proposal, unit=lead_unit, role=Assignment.Role.LEAD)
    for unit in helpers:
        Assignment.objects.create(proposal=proposal, unit=unit, role=Assignment.Role.HELPER)
    units = [lead_unit.pk, *[unit.pk for unit in helpers]]
    transaction.on_commit(lambda: notify_assigned(proposal_id=proposal.pk, unit_ids=units))
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    """不予立案: a reason is required."""
    proposal = _require_under_review(proposal)
    if not reason.strip():
        raise ValidationError({"reason": _("不予立案必须说明理由。")})
    proposal.status = Status.NOT_ACCEPTED
    proposal.decision_reason = reason.strip()
    _mark_reviewed(proposal, by)
    return proposal


@transaction.atomic
def proposal_to_suggestion(*, proposal: Proposal, by: User, reason: str = "") -> Proposal:
    """转为意见建议: forwarded to the departments as an opinion, without a formal answer."""
    proposal = _require_under_review(proposal)
    proposal.status = Status.SUGGESTION
    proposal.decision_reason = reason.strip()
    _mark_reviewed(proposal, by)
    return proposal


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal, by: User, reason: str = "") -> Proposal:
    """Merge a duplicate into another proposal of the same congress, which is answered once for both."""
    proposal = _require_under_review(proposal)
    if into.pk == proposal.pk:
        raise ValidationError({"merge_into": _("不能把提案并入它自己。")})
    if into.congress_id != proposal.congress_id:
        raise ValidationError({"merge_into": _("只能并入同一次大会的提案。")})
    if into.status not in (Status.SUBMITTED, *Proposal.REGISTER_STATUSES):
        raise ValidationError({"merge_into": _("只能并入待审查或已立案的提案。")})
    proposal.status = Status.MERGED
    proposal.merged_into = into
    proposal.decision_reason = reason.strip()
    _mark_reviewed(proposal, by)
    return proposal


def _mark_reviewed(proposal: Proposal, by: User) -> None:
    proposal.reviewed_by = by
    proposal.reviewed_at = timezone.now()
    proposal._history_user = by
    proposal.full_clean()
    proposal.save()


# ---------------------------------------------------------------- answers and ratings


@transaction.atomic
def answer_submit(*, proposal: Proposal, by: User, result: str, text: str, reason: str = "", file=None) -> Answer:
    """A department answers. The lead department's answer goes to the proposer to be rated."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    assignment = Assignment.objects.filter(proposal=proposal, unit_id=by.unit_id).first() if by.unit_id else None
    if assignment is None:
        raise ValidationError(_("这件提案没有交给您的部门办理，不能答复。"))
    if proposal.status not in (Status.ACCEPTED, Status.ANSWERED):
        raise ValidationError(_("这件提案现在不需要答复。"))
    is_lead = assignment.role == Assignment.Role.LEAD
    if is_lead and proposal.status == Status.ANSWERED:
        raise ValidationError(_("已经答复，正在等待提案人评价。"))
    text, reason = text.strip(), reason.strip()
    errors = {}
    if not text:
        errors["text"] = _("请填写答复内容。")
    if result == Proposal.Result.CANNOT and not reason:
        errors["reason"] = _("暂不能解决的，必须说明原因。")
    if errors:
        raise ValidationError(errors)
    stored = attachment_store(uploaded=file, by=by) if file is not None else None
    answer = Answer(
        proposal=proposal,
        unit_id=by.unit_id,
        is_lead=is_lead,
        result=result,
        text=text,
        reason=reason,
        answered_by=by,
        attachment=stored,
    )
    answer._history_user = by
    answer.full_clean()
    answer.save()
    if is_lead:
        proposal.status = Status.ANSWERED
        proposal.result = result
        proposal._history_user = by
        proposal.full_clean()
        proposal.save()
        transaction.on_commit(lambda: notify_answered(proposal_id=proposal.pk))
    return answer


@transaction.atomic
def proposal_rate(*, proposal: Proposal, by: User, rating: str, comment: str = "") -> Answer:
    """The proposer rates the lead answer; 不满意 sends it back to the department with the comment."""
    proposal = Proposal.objects.select_for_update().select_related("proposer").get(pk=proposal.pk)
    if proposal.proposer.member_id != by.member_id:
        raise ValidationError(_("只有提案人本人才能评价答复。"))
    if proposal.status != Status.ANSWERED:
        raise ValidationError(_("这件提案现在没有待评价的答复。"))
    if rating not in Proposal.Satisfaction.values:
        raise ValidationError({"rating": _("请选择满意、基本满意或不满意。")})
    comment = comment.strip()
    if rating == Proposal.Satisfaction.UNSATISFIED and not comment:
        raise ValidationError({"comment": _("不满意时请写明意见，承办部门将据此重新办理。")})
    answer = proposal.answers.filter(is_lead=True).order_by("-answered_at", "-pk").first()
    answer.rating, answer.rating_comment, answer.rated_at = rating, comment, timezone.now()
    answer._history_user = by
    answer.full_clean()
    answer.save()
    proposal.satisfaction = rating
    sent_back = rating == Proposal.Satisfaction.UNSATISFIED
    proposal.status = Status.ACCEPTED if sent_back else Status.CLOSED
    proposal._history_user = by
    proposal.full_clean()
    proposal.save()
    if sent_back:
        transaction.on_commit(lambda: notify_sent_back(proposal_id=proposal.pk))
    return answer


# ---------------------------------------------------------------- notifications


def _send(subject: str, body: str, recipients: list[str]) -> int:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return 0
    try:
        return send_mail(subject, body, None, recipients)
    except Exception:  # the record is saved; a mail server outage must not undo it
        logger.exception("Could not send proposal notification %r to %s", subject, recipients)
        return 0


def _handler_addresses(unit_ids) -> list[str]:
    users = User.objects.filter(role=Role.HANDLER, unit_id__in=unit_ids, is_active=True)
    return list(users.values_list("email", flat=True))


def notify_assigned(*, proposal_id: int, unit_ids: list[int]) -> int:
    proposal = Proposal.objects.get(pk=proposal_id)
    subject = _("【提案交办】%(number)s %(title)s") % {"number": proposal.number, "title": proposal.title}
    body = _("提案工作委员会已将提案“%(title)s”（%(number)s）交贵部门办理，办理期限 %(due)s。请登录工会门户答复。") % {
        "title": proposal.title,
        "number": proposal.number,
        "due": proposal.due_on,
    }
    return _send(subject, body, _handler_addresses(unit_ids))


def notify_answered(*, proposal_id: int) -> int:
    proposal = Proposal.objects.select_related("proposer__member__account").get(pk=proposal_id)
    account = getattr(proposal.proposer.member, "account", None)
    subject = _("【提案答复】%(number)s %(title)s") % {"number": proposal.number, "title": proposal.title}
    body = _("您的提案“%(title)s”已有答复（%(result)s）。请登录工会门户查看并评价。") % {
        "title": proposal.title,
        "result": proposal.get_result_display(),
    }
    return _send(subject, body, [account.email] if account else [])


def notify_sent_back(*, proposal_id: int) -> int:
    proposal = Proposal.objects.get(pk=proposal_id)
    lead = proposal.assignments.filter(role=Assignment.Role.LEAD).values_list("unit_id", flat=True)
    subject = _("【提案退回】%(number)s %(title)s") % {"number": proposal.number, "title": proposal.title}
    body = _("提案人对提案“%(title)s”的答复不满意，已退回贵部门重新办理。请登录工会门户查看意见。") % {
        "title": proposal.title
    }
    return _send(subject, body, _handler_addresses(list(lead)))


def proposals_notify_overdue(*, today: date | None = None) -> int:
    """Tell the committee about accepted proposals past their due date; once per proposal per day."""
    today = today or timezone.localdate()
    overdue = Proposal.objects.filter(status=Status.ACCEPTED, due_on__lt=today).exclude(overdue_notified_on=today)
    with transaction.atomic():
        # Claim the rows with a conditional UPDATE, so two runs on the same day send one message.
        pks = list(overdue.select_for_update(skip_locked=True).values_list("pk", flat=True))
        Proposal.objects.filter(pk__in=pks).update(overdue_notified_on=today)
    if not pks:
        return 0
    rows = Proposal.objects.filter(pk__in=pks).order_by("due_on", "number_seq")
    lines = [f"{p.number} {p.title}（{_('办理期限')} {p.due_on}）" for p in rows]
    subject = _("【提案逾期】%(count)s 件提案已超过办理期限") % {"count": len(pks)}
    body = _("以下提案已超过办理期限，尚未答复：") + "\n" + "\n".join(lines)
    committee = User.objects.filter(role=Role.COMMITTEE, is_active=True).values_list("email", flat=True)
    _send(subject, body, list(committee) + _handler_addresses(_lead_units(pks)))
    return len(pks)


def _lead_units(pks: list[int]) -> list[int]:
    return list(
        Assignment.objects.filter(proposal_id__in=pks, role=Assignment.Role.LEAD).values_list("unit_id", flat=True)
    )
