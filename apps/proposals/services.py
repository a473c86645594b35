"""Every write and rule of the proposal process: draft → co-sign → review → answer → rating."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from apps.accounts.models import Role, User
from apps.core import access
from apps.core.pdf import render_pdf
from apps.core.submissions import submission_claim, submission_record_url
from apps.core.uploads import attachment_store
from apps.core.validators import sane_date
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
    ProposalBook,
)

logger = logging.getLogger(__name__)
Status = Proposal.Status


# ---------------------------------------------------------------- congresses and delegates


@transaction.atomic
def congress_save(*, congress: Congress, by: User) -> Congress:
    access.require(by, "proposals.manage_congress")
    congress.full_clean()
    congress.save()
    return congress


@transaction.atomic
def delegate_add(*, congress: Congress, member: Member, delegation_name: str = "", by: User) -> Delegate:
    """Add a member as delegate (or move them to another delegation); the delegation is created if new."""
    access.require(by, "proposals.manage_congress")
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
    access.require(by, "proposals.manage_congress")
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
def proposal_draft_save(*, proposal: Proposal, by: User, attachment=None, token=None) -> Proposal:
    """Create or edit a draft. Only its proposer edits it, and only while it is a draft.

    ``token``: the form's one-time token, so that a double click on 保存 makes one draft.
    """
    if proposal.pk is None:
        access.require(by, "proposals.write_proposal")
        submission_claim(token=token, by=by)
        proposal.proposer = _require_delegate(user=by, congress=proposal.congress)
        proposal.status = Status.DRAFT
    else:
        stored = Proposal.objects.select_for_update().select_related("proposer").get(pk=proposal.pk)
        access.require(by, "proposals.edit_proposal", stored)
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
    submission_record_url(token=token, url=proposal_url(proposal))
    return proposal


def proposal_url(proposal: Proposal) -> str:
    return reverse("proposals:proposal_detail", kwargs={"proposal_uuid": proposal.uuid})


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
    if proposal.status != Status.DRAFT:
        raise ValidationError(_("提案已经提交过了。"))
    access.require(by, "proposals.submit_proposal", proposal)
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
    if proposal.status not in (Status.COSIGNING, Status.SUBMITTED):
        raise ValidationError(_("这件提案现在不能附议。"))
    if by.member_id and proposal.proposer.member_id == by.member_id:
        raise ValidationError(_("不能附议自己的提案。"))
    if Cosignature.objects.filter(proposal=proposal, delegate__member_id=by.member_id).exists():
        raise ValidationError(_("您已经附议过这件提案。"))
    access.require(by, "proposals.cosign_proposal", proposal)  # a delegate of the proposal's congress
    delegate = _require_delegate(user=by, congress=proposal.congress)
    cosignature = Cosignature(proposal=proposal, delegate=delegate)
    cosignature.full_clean()
    cosignature.save()
    if proposal.status == Status.COSIGNING and proposal.cosignatures.count() >= proposal.congress.required_cosigners:
        proposal.status = Status.SUBMITTED
        proposal._history_user = by
        proposal.save(update_fields=["status", "updated_at"])
    return cosignature


# ---------------------------------------------------------------- committee review


def _require_under_review(proposal: Proposal, by: User) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("congress").get(pk=proposal.pk)
    if proposal.status != Status.SUBMITTED:
        if proposal.status == Status.COSIGNING:
            raise ValidationError(_("附议人数不足，提案还不能审查。"))
        raise ValidationError(_("这件提案已经审查过了。"))
    access.require(by, "proposals.decide_proposal", proposal)
    return proposal


def proposal_decide(
    *,
    proposal: Proposal,
    by: User,
    decision: str,
    reason: str = "",
    lead_unit: Unit | None = None,
    helper_units=(),
    due_on: date | None = None,
    merge_into: Proposal | None = None,
) -> Proposal:
    """The committee's decision from the review form: 立案, 不予立案, 转为意见建议 or 并入其他提案."""
    reason = reason or ""
    if decision == "accept":
        return proposal_accept(
            proposal=proposal, by=by, lead_unit=lead_unit, helper_units=list(helper_units), due_on=due_on, note=reason
        )
    if decision == "reject":
        return proposal_reject(proposal=proposal, by=by, reason=reason)
    if decision == "suggestion":
        return proposal_to_suggestion(proposal=proposal, by=by, reason=reason)
    if decision == "merge":
        return proposal_merge(proposal=proposal, into=merge_into, by=by, reason=reason)
    raise ValidationError({"decision": _("请选择审查结论。")})


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
    lead_unit: Unit | None,
    helper_units: list[Unit] | None = None,
    due_on: date | None = None,
    note: str = "",
) -> Proposal:
    """立案: number the proposal, assign a lead department and helpers, and tell their handlers."""
    proposal = _require_under_review(proposal, by)
    if lead_unit is None:
        raise ValidationError({"lead_unit": _("立案必须指定主办部门。")})
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
    proposal = _require_under_review(proposal, by)
    if not reason.strip():
        raise ValidationError({"reason": _("不予立案必须说明理由。")})
    proposal.status = Status.NOT_ACCEPTED
    proposal.decision_reason = reason.strip()
    _mark_reviewed(proposal, by)
    return proposal


@transaction.atomic
def proposal_to_suggestion(*, proposal: Proposal, by: User, reason: str = "") -> Proposal:
    """转为意见建议: forwarded to the departments as an opinion, without a formal answer."""
    proposal = _require_under_review(proposal, by)
    proposal.status = Status.SUGGESTION
    proposal.decision_reason = reason.strip()
    _mark_reviewed(proposal, by)
    return proposal


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal | None, by: User, reason: str = "") -> Proposal:
    """Merge a duplicate into another proposal of the same congress, which is answered once for both."""
    proposal = _require_under_review(proposal, by)
    if into is None:
        raise ValidationError({"merge_into": _("请选择要并入的提案。")})
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
    if proposal.status not in (Status.ACCEPTED, Status.ANSWERED):
        raise ValidationError(_("这件提案现在不需要答复。"))
    access.require(by, "proposals.answer_proposal", proposal)  # assigned to the answering user's department
    assignment = Assignment.objects.get(proposal=proposal, unit_id=by.unit_id)
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
    if proposal.status != Status.ANSWERED:
        raise ValidationError(_("这件提案现在没有待评价的答复。"))
    access.require(by, "proposals.rate_answer", proposal)  # the proposer
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


# ---------------------------------------------------------------- back-entry (补录) of a past congress

BACK_ENTRY_REASON = "补录"


@dataclass(frozen=True)
class BackEntry:
    """A proposal of a past congress as it happened: who, what, and the real date of every step.

    ``decision``: accept, reject or suggestion. An answer (``answer_result``) needs an acceptance, a rating
    needs an answer. Dates are days; each step keeps the order of the steps before it.
    """

    congress: Congress
    proposer: Member
    category: str
    title: str
    subject: str
    reasons: str
    measures: str
    submitted_on: date
    decision: str
    decided_on: date
    decision_reason: str = ""
    lead_unit: Unit | None = None
    helper_units: tuple = ()
    due_on: date | None = None
    answer_result: str = ""
    answer_text: str = ""
    answer_reason: str = ""
    answered_on: date | None = None
    rating: str = ""
    rating_comment: str = ""
    rated_on: date | None = None


def _at_noon(day: date):
    # A day without its hour: noon in the union's time zone, so the date reads the same everywhere.
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def back_entry_errors(entry: BackEntry, today: date) -> dict:
    """The rules comparing the entry's dates with each other (and with today: it happened already)."""
    errors = {}
    if not entry.congress.window_has_closed(today):
        errors["congress"] = _("这次大会的提案征集尚未结束，请由代表在线提交；补录只用于往届大会。")
    steps = [
        ("submitted_on", entry.submitted_on, _("提交日期")),
        ("decided_on", entry.decided_on, _("审查日期")),
        ("answered_on", entry.answered_on, _("答复日期")),
        ("rated_on", entry.rated_on, _("评价日期")),
    ]
    earlier = None
    for field, day, _label in [*steps, ("due_on", entry.due_on, _("办理期限"))]:
        try:
            sane_date(day)
        except ValidationError as error:
            errors[field] = error.messages
    steps = [step for step in steps if step[0] not in errors]
    for field, day, label in steps:
        if day is None:
            continue
        if day > today:
            errors[field] = _("补录的是已经发生的事，%(label)s不能晚于今天。") % {"label": label}
        elif earlier and day < earlier[1]:
            errors[field] = _("%(label)s不能早于%(earlier)s（%(day)s）。") % {
                "label": label,
                "earlier": earlier[2],
                "day": earlier[1],
            }
        earlier = (field, day, label)
    if entry.decision not in ("accept", "reject", "suggestion"):
        errors["decision"] = _("请选择审查结论。")
    if entry.decision == "accept" and entry.lead_unit is None:
        errors["lead_unit"] = _("立案必须指定主办部门。")
    if entry.decision == "reject" and not entry.decision_reason.strip():
        errors["decision_reason"] = _("不予立案必须说明理由。")
    if "due_on" not in errors and entry.due_on and entry.decided_on and entry.due_on < entry.decided_on:
        errors["due_on"] = _("办理期限不能早于审查日期。")
    if entry.answer_result:
        if entry.decision != "accept":
            errors["answer_result"] = _("只有立案的提案才有答复。")
        if entry.answered_on is None:
            errors["answered_on"] = _("请填写答复日期。")
        if not entry.answer_text.strip():
            errors["answer_text"] = _("请填写答复内容。")
        if entry.answer_result == Proposal.Result.CANNOT and not entry.answer_reason.strip():
            errors["answer_reason"] = _("暂不能解决的，必须说明原因。")
    if entry.rating:
        if not entry.answer_result:
            errors["rating"] = _("先有答复，才有评价。")
        if entry.rated_on is None:
            errors["rated_on"] = _("请填写评价日期。")
        if entry.rating == Proposal.Satisfaction.UNSATISFIED and not entry.rating_comment.strip():
            errors["rating_comment"] = _("不满意时请写明意见，承办部门将据此重新办理。")
    return errors


@transaction.atomic
def proposal_back_enter(*, entry: BackEntry, by: User, token=None, today: date | None = None) -> Proposal:
    """补录: an officer enters a past congress's proposal with its real dates, recorded as such in the history.

    The rules that compare with today (the submission window, a due date not in the past) are for new work
    and do not apply; the dates must still follow each other (answer after decision after submission).
    """
    access.require(by, "proposals.back_enter")
    submission_claim(token=token, by=by)
    today = today or timezone.localdate()
    errors = back_entry_errors(entry, today)
    if errors:
        raise ValidationError(errors)
    proposer = Delegate.objects.filter(congress=entry.congress, member=entry.proposer).first()
    if proposer is None:
        proposer = Delegate.objects.create(congress=entry.congress, member=entry.proposer)
    proposal = Proposal(
        congress=entry.congress,
        proposer=proposer,
        category=entry.category,
        title=entry.title,
        subject=entry.subject,
        reasons=entry.reasons,
        measures=entry.measures,
        submitted_at=_at_noon(entry.submitted_on),
        reviewed_at=_at_noon(entry.decided_on),
        reviewed_by=by,
        decision_reason=entry.decision_reason.strip(),
        back_entered=True,
    )
    _clean_texts(proposal)
    if entry.decision == "accept":
        _back_enter_acceptance(proposal, entry)
    else:
        proposal.status = Status.NOT_ACCEPTED if entry.decision == "reject" else Status.SUGGESTION
    proposal._history_user, proposal._change_reason = by, BACK_ENTRY_REASON
    proposal.full_clean()
    proposal.save()
    if entry.decision == "accept":
        _back_enter_departments_and_answer(proposal, entry, by)
    submission_record_url(token=token, url=proposal_url(proposal))
    return proposal


def _back_enter_acceptance(proposal: Proposal, entry: BackEntry) -> None:
    proposal.number_year = entry.congress.year
    proposal.number_seq = _next_number(proposal.number_year)
    proposal.due_on = entry.due_on or entry.decided_on + timedelta(days=entry.congress.answer_days)
    proposal.status = Status.ACCEPTED
    if entry.answer_result:
        proposal.status, proposal.result = Status.ANSWERED, entry.answer_result
    if entry.rating:
        proposal.satisfaction = entry.rating
        sent_back = entry.rating == Proposal.Satisfaction.UNSATISFIED
        proposal.status = Status.ACCEPTED if sent_back else Status.CLOSED


def _back_enter_departments_and_answer(proposal: Proposal, entry: BackEntry, by: User) -> None:
    Assignment.objects.create(proposal=proposal, unit=entry.lead_unit, role=Assignment.Role.LEAD)
    for unit in entry.helper_units:
        if unit.pk != entry.lead_unit.pk:
            Assignment.objects.create(proposal=proposal, unit=unit, role=Assignment.Role.HELPER)
    if not entry.answer_result:
        return
    answer = Answer(
        proposal=proposal,
        unit=entry.lead_unit,
        is_lead=True,
        result=entry.answer_result,
        text=entry.answer_text.strip(),
        reason=entry.answer_reason.strip(),
        answered_by=by,
        answered_at=_at_noon(entry.answered_on),
        rating=entry.rating,
        rating_comment=entry.rating_comment.strip(),
        rated_at=_at_noon(entry.rated_on) if entry.rating else None,
    )
    answer._history_user, answer._change_reason = by, BACK_ENTRY_REASON
    answer.full_clean()
    answer.save()


# ---------------------------------------------------------------- the congress proposal book (a Celery job)


@transaction.atomic
def proposal_book_request(*, congress: Congress, by: User) -> ProposalBook:
    """Queue the rendering of the congress's proposal book; a second click while one runs returns that one."""
    access.require(by, "proposals.view_all_proposals")
    list(Congress.objects.select_for_update().filter(pk=congress.pk).values_list("pk", flat=True))
    active = ProposalBook.objects.filter(congress=congress, status__in=ProposalBook.ACTIVE).first()
    if active is not None:
        return active
    book = ProposalBook.objects.create(congress=congress, requested_by=by)
    transaction.on_commit(lambda: proposal_book_enqueue(book_id=book.pk))
    return book


def proposal_book_enqueue(*, book_id: int) -> bool:
    """Publish the job; if the queue (Redis) cannot be reached, the book says so and may be requested again."""
    from apps.proposals.tasks import render_proposal_book

    try:
        render_proposal_book.delay(book_id)
    except (BrokerError, ConnectionError, OSError) as exc:
        logger.exception("Could not queue proposal book %s", book_id)
        message = _("任务队列暂时不可用，请稍后重试。")
        ProposalBook.objects.filter(pk=book_id, status=ProposalBook.Status.QUEUED).update(
            status=ProposalBook.Status.FAILED,
            error=f"{message}\n{exc}",
            finished_at=timezone.now(),
        )
        return False
    return True


def proposal_book_render(*, book_id: int) -> bool:
    """Render a queued book once: the row is claimed by a conditional UPDATE, so a second run does nothing."""
    claimed = ProposalBook.objects.filter(pk=book_id, status=ProposalBook.Status.QUEUED).update(
        status=ProposalBook.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return False
    book = ProposalBook.objects.select_related("congress").get(pk=book_id)
    try:
        proposals = book_proposals(congress=book.congress)
        pdf = proposal_forms_pdf(proposals)
    except Exception as exc:
        logger.exception("Proposal book %s failed", book_id)
        ProposalBook.objects.filter(pk=book_id).update(
            status=ProposalBook.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    book.file.save(f"{book.congress.uuid}-{book.uuid}.pdf", ContentFile(pdf), save=False)
    book.status, book.size, book.proposal_count = ProposalBook.Status.DONE, len(pdf), len(proposals)
    book.finished_at = timezone.now()
    book.save(update_fields=["file", "status", "size", "proposal_count", "finished_at"])
    return True


def book_proposals(*, congress: Congress) -> list[Proposal]:
    """What the book prints: the congress's accepted proposals (the public register, open to every member)."""
    proposals = Proposal.objects.filter(congress=congress, status__in=Proposal.REGISTER_STATUSES)
    return list(
        proposals.select_related("congress", "proposer__member__unit", "proposer__delegation")
        .prefetch_related("cosignatures__delegate__member", "assignments__unit", "answers")
        .order_by("number_seq")
    )


def proposal_forms_pdf(proposals) -> bytes:
    """The printable proposal form(s): one function for the single form and for the book."""
    return render_pdf("proposals/pdf_form.html", {"proposals": proposals, "printed_on": timezone.localdate()})


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
