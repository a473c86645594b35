"""Who may do what to *this* visit, distribution, claim or member's history (django-rules over the role table).

The private-visit rule and the branch-union scope live here and nowhere else; the selectors apply the same
scopes to querysets (``selectors.visit_list``, ``distribution_list``, ``claim_list``, ``history_members``), and a
test walks every list and opens each listed record as the same user.

Predicates given no record (``obj=None``) answer for "may the user do this at all": a template asking whether
to show the 录入慰问 button, or a service checking before it has built the record.
"""

import rules

from apps.core import access, permissions
from apps.people.models import Member


def _member_id(record) -> int | None:
    return record.pk if isinstance(record, Member) else record.member_id


def _branch_id(record) -> int | None:
    """The branch union a record belongs to: a member's own, a visit's or claim's member's, a distribution's."""
    if isinstance(record, Member):
        return record.branch_id
    if hasattr(record, "member_id"):
        return record.member.branch_id
    return record.branch_id  # a distribution: set only when it goes to one branch union


@rules.predicate
def sees_all(user) -> bool:
    """Officers, leadership and administrators read every welfare record."""
    return permissions.can(user, "welfare.view_all")


@rules.predicate
def sees_private(user) -> bool:
    """The private types (生病住院, 困难职工) and mutual-aid claims, beyond one's own."""
    return permissions.can(user, "welfare.view_private")


@rules.predicate
def about_self(user, record) -> bool:
    return record is not None and bool(user.member_id) and _member_id(record) == user.member_id


@rules.predicate
def in_chaired_branch(user, record) -> bool:
    """The record belongs to the branch union this user chairs (a role that reads the branch's welfare)."""
    if record is None or not user.branch_id or not permissions.can(user, "welfare.view"):
        return False
    return _branch_id(record) == user.branch_id


@rules.predicate
def private_visit(user, visit) -> bool:
    return visit is not None and visit.visit_type.private


@rules.predicate
def recorded_by_user(user, visit) -> bool:
    return visit is not None and visit.created_by_id == user.pk


@rules.predicate
def no_record(user, record) -> bool:
    return record is None


# The one private-visit rule: a private visit only for its member and the roles that read private types.
visit_visible = about_self | (sees_all & (sees_private | ~private_visit)) | (in_chaired_branch & ~private_visit)
# Recording: officers for anyone; a branch chair for their branch's members, never a private type.
visit_recordable = no_record | sees_all | (in_chaired_branch & ~private_visit)
distribution_visible = sees_all | in_chaired_branch
claim_visible = about_self | sees_private
history_visible = about_self | sees_all | in_chaired_branch


def register() -> None:
    add = access.add_perm
    add("welfare.view_overview", role="welfare.view_own")  # the welfare home: figures or one's own totals
    add("welfare.view_figures", role="welfare.view_all")  # the year's figures on the welfare home
    add("welfare.view_visits", role="welfare.view")  # the visit list (scoped by selectors.visit_list)
    add("welfare.view_visit", role="welfare.view_own", rule=visit_visible, hides=True)
    add("welfare.add_visit", role="welfare.visit", rule=visit_recordable, hides=True)
    # Another officer decides an over-standard visit: never the one who recorded it.
    add("welfare.approve_visit", role="welfare.approve", rule=visit_visible & ~recorded_by_user)
    add("welfare.view_history", role="welfare.view_own", rule=no_record | history_visible, hides=True)
    add("welfare.view_distributions", role="welfare.view")  # the list (scoped by selectors.distribution_list)
    add("welfare.view_distribution", role="welfare.view", rule=no_record | distribution_visible, hides=True)
    add("welfare.manage_distribution", role="welfare.distribute")
    add("welfare.view_standards", role="welfare.view")
    add("welfare.set_standard", role="welfare.budget")
    add("welfare.view_enrolments", role="welfare.view_all")
    add("welfare.enrol_member", role="welfare.mutual_aid")
    add("welfare.view_claims", role="welfare.view_private")  # the claim list
    add("welfare.view_claim", role="welfare.view_own", rule=claim_visible, hides=True)
    add("welfare.add_claim", role="welfare.mutual_aid")
    add("welfare.decide_claim", role="welfare.mutual_aid", rule=no_record | claim_visible, hides=True)
    add("welfare.view_budget", role="welfare.view_all")
    add("welfare.set_budget", role="welfare.budget")
