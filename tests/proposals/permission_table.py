"""Every proposals URL for every role. Proposals are built from the world: the staff user is a delegate."""

from django.utils import timezone

from apps.proposals.models import Proposal
from tests.factories import UnitFactory
from tests.helpers import stored_attachment
from tests.permission_rows import ADMIN, CHAIR, COMMITTEE, EVERY_ROLE, HANDLER, LEADER, OFFICER, STAFF, Row
from tests.proposals.factories import CongressFactory, DelegateFactory, ProposalFactory, accepted_proposal

READ_ALL = {COMMITTEE, OFFICER, LEADER, ADMIN}
REVIEWERS = {COMMITTEE, OFFICER, ADMIN}
NOT_READ_ALL = {STAFF, CHAIR, HANDLER}


def _congress(w):
    congress = CongressFactory()
    DelegateFactory(congress=congress, member=w.member_a)
    return congress


def _staff_draft(w):
    congress = _congress(w)
    return ProposalFactory(congress=congress, proposer=congress.delegates.get(member=w.member_a))


def _handlers_proposal(w):
    return accepted_proposal(congress=_congress(w), lead_unit=w.handler_unit)


def _other_units_proposal(w):
    return accepted_proposal(lead_unit=UnitFactory(name="保卫处"))


def _under_review(w):
    return ProposalFactory(status=Proposal.Status.SUBMITTED, submitted_at=timezone.now())


def _answered_by_staff(w):
    proposal = accepted_proposal(congress=_congress(w), lead_unit=w.handler_unit)
    proposal.proposer = proposal.congress.delegates.get(member=w.member_a)
    proposal.status, proposal.result = Proposal.Status.ANSWERED, Proposal.Result.SOLVED
    proposal.save()
    proposal.answers.create(unit=w.handler_unit, is_lead=True, result=Proposal.Result.SOLVED, text="已解决")
    return proposal


def _uuid(builder):
    return lambda w: {"proposal_uuid": builder(w).uuid}


def _congress_uuid(w):
    return {"congress_uuid": CongressFactory().uuid}


ROWS = [
    Row("proposals:index", ok=EVERY_ROLE),
    Row("proposals:index", ok=EVERY_ROLE, query="?export=xlsx", id="register export"),
    Row("proposals:mine", ok=EVERY_ROLE),
    Row("proposals:proposal_create", ok=EVERY_ROLE, ok_status=302, id="create (no congress: sent to mine)"),
    Row("proposals:similar", ok=EVERY_ROLE, query="?title=食堂"),
    Row("proposals:review_list", ok=READ_ALL),
    Row("proposals:review_list", ok=READ_ALL, query="?export=csv", id="review export"),
    Row("proposals:assigned_list", ok={HANDLER, ADMIN}),
    Row("proposals:statistics", ok=READ_ALL),
    Row("proposals:congress_list", ok=REVIEWERS),
    Row("proposals:congress_create", ok=REVIEWERS),
    Row("proposals:congress_detail", ok=REVIEWERS, args=_congress_uuid),
    Row("proposals:congress_edit", ok=REVIEWERS, args=_congress_uuid),
    Row("proposals:congress_pdf", ok=READ_ALL, args=_congress_uuid),
    Row(
        "proposals:delegate_remove",
        ok=REVIEWERS,
        ok_status=302,
        method="post",
        args=lambda w: (lambda d: {"congress_uuid": d.congress.uuid, "delegate_id": d.pk})(DelegateFactory()),
    ),
    Row(
        "proposals:proposal_detail",
        ok=EVERY_ROLE,
        args=_uuid(_handlers_proposal),
        id="detail (accepted: in the public register)",
    ),
    Row(
        "proposals:proposal_detail",
        ok={STAFF},
        not_found={CHAIR, OFFICER, COMMITTEE, HANDLER, LEADER, ADMIN},
        args=_uuid(_staff_draft),
        id="detail (staff's draft: only the proposer)",
    ),
    Row(
        "proposals:proposal_detail",
        ok=READ_ALL,
        not_found=NOT_READ_ALL,
        args=_uuid(_under_review),
        id="detail (under review, someone else's congress)",
    ),
    Row(
        "proposals:proposal_edit",
        ok={STAFF},
        not_found={CHAIR, OFFICER, COMMITTEE, HANDLER, LEADER, ADMIN},
        args=_uuid(_staff_draft),
    ),
    Row(
        "proposals:proposal_submit",
        ok=EVERY_ROLE,
        not_found=set(),
        ok_status=302,
        method="post",
        args=_uuid(_handlers_proposal),
        id="submit (refused with a message unless own draft)",
    ),
    Row(
        "proposals:proposal_cosign",
        ok=EVERY_ROLE,
        ok_status=302,
        method="post",
        args=_uuid(_handlers_proposal),
        id="cosign (refused with a message)",
    ),
    Row(
        "proposals:proposal_review",
        ok=REVIEWERS,
        args=_uuid(_under_review),
    ),
    Row(
        "proposals:proposal_answer",
        ok={HANDLER, ADMIN},
        args=_uuid(_handlers_proposal),
        id="answer (assigned to the handler's unit)",
    ),
    Row(
        "proposals:proposal_answer",
        ok={ADMIN},
        not_found={HANDLER},
        args=_uuid(_other_units_proposal),
        id="answer (another unit's proposal: 404 for the handler)",
    ),
    Row(
        "proposals:proposal_rate",
        ok=EVERY_ROLE,
        ok_status=302,
        method="post",
        data={"rating": "satisfied"},
        args=_uuid(_answered_by_staff),
    ),
    Row("proposals:proposal_pdf", ok=EVERY_ROLE, args=_uuid(_handlers_proposal)),
    Row(
        "proposals:proposal_pdf",
        ok=READ_ALL,
        not_found=NOT_READ_ALL,
        args=_uuid(_under_review),
        id="pdf (under review: reviewers only)",
    ),
]


def _draft_attachment(w):
    from apps.proposals.models import ProposalAttachment

    proposal = _staff_draft(w)
    attachment = ProposalAttachment.objects.create(
        proposal=proposal, name="调研.pdf", attachment=stored_attachment("调研.pdf", b"%PDF-1.4")
    )
    return {"proposal_uuid": proposal.uuid, "attachment_id": attachment.pk}


def _answer_with_file(w):
    proposal = _handlers_proposal(w)
    answer = proposal.answers.first() or _answered(proposal, w)
    answer.attachment = stored_attachment("答复.pdf", b"%PDF-1.4")
    answer.save(update_fields=["attachment"])
    return {"proposal_uuid": proposal.uuid, "answer_id": answer.pk}


def _answered(proposal, w):
    from apps.proposals.models import Answer

    return Answer.objects.create(
        proposal=proposal, unit=w.handler_unit, is_lead=True, result=Proposal.Result.SOLVED, text="已解决。"
    )


ROWS += [
    Row(
        "proposals:attachment_download",
        ok={STAFF},
        not_found={CHAIR, OFFICER, COMMITTEE, HANDLER, LEADER, ADMIN},
        args=_draft_attachment,
        id="attachment of the staff's draft: only the proposer",
    ),
    Row(
        "proposals:answer_file_download",
        ok=EVERY_ROLE,
        args=_answer_with_file,
        id="answer file of an accepted proposal: in the public register",
    ),
]
