"""Who may do what to one member, unit or branch union (django-rules over the role table).

The scope of a member record is the same as ``selectors.member_list``: everyone reaches their own
record, a branch chair the members of their branch union, roles with ``members.view_all`` everyone.
Contact and personal fields (电话, 出生日期) are a narrower permission: see docs/data-access.md.
"""

import rules

from apps.core import permissions
from apps.core.access import add_perm, role_may
from apps.core.roles import Role

# The member fields only ``people.view_member_contact`` shows (lists, pages, exports, history, search).
CONTACT_FIELDS = ("phone", "birth_date")


@rules.predicate
def is_own_record(user, member) -> bool:
    return member is not None and user.member_id is not None and user.member_id == member.pk


@rules.predicate
def in_chairs_branch(user, member) -> bool:
    """A branch chair's own branch union; without a record (a list) the selector applies the scope."""
    if permissions.role_of(user) != Role.BRANCH_CHAIR or not user.branch_id:
        return False
    return member is None or member.branch_id == user.branch_id


@rules.predicate
def without_record(user, member) -> bool:
    return member is None


member_in_scope = role_may("members.view_all") | is_own_record | in_chairs_branch

add_perm("people.list_members", role="members.view")
add_perm("people.search_members", role="members.view")
add_perm("people.view_member", role="members.view_self", rule=member_in_scope, hides=True)
add_perm(
    "people.view_member_contact",
    role="members.view_self",
    rule=is_own_record | (role_may("members.view_contact") & member_in_scope),
)
add_perm("people.add_member", role="members.manage")
add_perm("people.change_member", role="members.manage", rule=member_in_scope | without_record)
add_perm("people.export_members", role="members.export")
add_perm("people.import_roster", role="members.import")
add_perm("people.view_history", role="audit.view")

add_perm("people.list_interest_groups", role="portal.view")
add_perm("people.view_interest_group", role="members.view")
add_perm("people.change_interest_group", role="members.manage")

# Units and branch unions: the organisation every other record hangs on.
add_perm("people.view_organisation", role="organisation.view")
add_perm("people.change_organisation", role="organisation.manage")
add_perm("people.import_organisation", role="organisation.manage")
