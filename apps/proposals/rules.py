"""Who may do what to *this* proposal: the proposals app's permissions, declared once (apps.core.access).

The role table (portal.py) says what a role may do at all; the predicates here say what a user may do to
one record. ``visible_condition`` is the one definition of "may open this proposal": the scoped selector
(``selectors.proposal_visible``) filters by it and the ``proposals.view_proposal`` rule asks it of one row,
so a list, a search and a detail page cannot disagree.

Services call ``access.require(by, perm, proposal)`` after their state checks (which explain themselves
with a ValidationError: "already submitted"), so what is left for the rule is *who*: a refusal there is a
PermissionDenied (403), or a 404 for permissions that hide the record.
"""

import rules
from django.db.models import Exists, OuterRef, Q

from apps.core import access, permissions
from apps.core.roles import Role
from apps.proposals.models import Assignment, Cosignature, Delegate, Proposal

Status = Proposal.Status
# Statuses a fellow delegate of the same congress may read: still collecting support, or decided without a
# formal answer (the register shows the accepted ones to everybody anyway).
DELEGATE_STATUSES = (Status.COSIGNING, Status.SUBMITTED, Status.MERGED, Status.SUGGESTION)
COSIGNABLE_STATUSES = (Status.COSIGNING, Status.SUBMITTED)
ANSWERABLE_STATUSES = (Status.ACCEPTED, Status.ANSWERED)


def visible_condition(user) -> Q:
    """The proposals ``user`` may open, as one condition: public register, own, fellow delegate's, assigned, all."""
    if not permissions.can(user, "proposals.view_register"):
        return Q(pk__in=[])
    condition = Q(status__in=Proposal.REGISTER_STATUSES)
    if permissions.can(user, "proposals.view_all"):
        return condition | ~Q(status=Status.DRAFT)
    if permissions.role_of(user) == Role.HANDLER and user.unit_id:
        assigned = Assignment.objects.filter(proposal=OuterRef("pk"), unit_id=user.unit_id)
        condition |= Exists(assigned) & ~Q(status=Status.DRAFT)
    if user.member_id:
        fellow_delegate = Delegate.objects.filter(congress=OuterRef("congress"), member_id=user.member_id)
        condition |= Q(proposer__member_id=user.member_id)
        condition |= Exists(fellow_delegate) & Q(status__in=DELEGATE_STATUSES)
    return condition


@rules.predicate
def may_open(user, proposal: Proposal) -> bool:
    return Proposal.objects.filter(visible_condition(user), pk=proposal.pk).exists()


@rules.predicate
def is_proposer(user, proposal: Proposal) -> bool:
    return bool(user.member_id) and proposal.proposer.member_id == user.member_id


@rules.predicate
def is_draft(user, proposal: Proposal) -> bool:
    return proposal.status == Status.DRAFT


@rules.predicate
def is_delegate_of_its_congress(user, proposal: Proposal) -> bool:
    if not user.member_id:
        return False
    return Delegate.objects.filter(congress_id=proposal.congress_id, member_id=user.member_id).exists()


@rules.predicate
def collects_support(user, proposal: Proposal) -> bool:
    return proposal.status in COSIGNABLE_STATUSES


@rules.predicate
def already_cosigned(user, proposal: Proposal) -> bool:
    return Cosignature.objects.filter(proposal=proposal, delegate__member_id=user.member_id).exists()


@rules.predicate
def under_review(user, proposal: Proposal) -> bool:
    return proposal.status == Status.SUBMITTED


@rules.predicate
def assigned_to_users_unit(user, proposal: Proposal) -> bool:
    return bool(user.unit_id) and Assignment.objects.filter(proposal=proposal, unit_id=user.unit_id).exists()


@rules.predicate
def awaits_answer(user, proposal: Proposal) -> bool:
    return proposal.status in ANSWERABLE_STATUSES


@rules.predicate
def awaits_rating(user, proposal: Proposal) -> bool:
    return proposal.status == Status.ANSWERED


@rules.predicate
def reads_all(user) -> bool:
    return permissions.can(user, "proposals.view_all")


# Reading: a proposal outside the user's reach is a 404 (they must not learn it exists).
access.add_perm("proposals.view_proposal", role="proposals.view_register", rule=may_open, hides=True)
access.add_perm("proposals.view_all_proposals", role="proposals.view_all")
access.add_perm("proposals.export_proposals", role="proposals.export")
access.add_perm("proposals.view_history", role="audit.view")
# The delegate's own work.
access.add_perm("proposals.write_proposal", role="proposals.submit")
access.add_perm("proposals.edit_proposal", role="proposals.submit", rule=is_proposer, hides=True)
access.add_perm("proposals.submit_proposal", role="proposals.submit", rule=is_proposer & is_draft)
access.add_perm(
    "proposals.cosign_proposal",
    role="proposals.cosign",
    rule=is_delegate_of_its_congress & ~is_proposer & collects_support & ~already_cosigned,
)
access.add_perm("proposals.rate_answer", role="proposals.rate", rule=is_proposer & awaits_rating)
# The committee: opening the review page, and deciding (立案, 不予立案, …) while the proposal is under review.
access.add_perm("proposals.review_proposal", role="proposals.review")
access.add_perm("proposals.decide_proposal", role="proposals.review", rule=under_review)
access.add_perm("proposals.see_similar", role="proposals.review")
# Departments: the answer page of what is assigned to them (read-all roles may look), writing an answer.
access.add_perm(
    "proposals.open_answer_page", role="proposals.answer", rule=assigned_to_users_unit | reads_all, hides=True
)
access.add_perm("proposals.answer_proposal", role="proposals.answer", rule=assigned_to_users_unit & awaits_answer)
# Congress sessions and their delegates; statistics and the proposal book.
access.add_perm("proposals.manage_congress", role="proposals.manage_congress")
access.add_perm("proposals.view_statistics", role="proposals.view_all")
access.add_perm("proposals.back_enter", role="proposals.manage_congress")
