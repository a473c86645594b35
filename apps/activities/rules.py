"""Who may do what to *this* activity, sign-up or plan item (django-rules over the role table).

The selectors apply the same scopes to querysets (``selectors.activity_list``, ``manageable_activities``);
a test walks every list and opens each listed record as the same user.
"""

import rules

from apps.core import access, permissions
from apps.core.roles import Role


def _manages(user, activity) -> bool:
    """Officers manage every activity; a branch chair those their own branch organises."""
    if activity is None or not permissions.can(user, "activities.manage"):
        return False
    if permissions.can(user, "activities.manage_all"):
        return True
    return (
        permissions.role_of(user) == Role.BRANCH_CHAIR
        and bool(user.branch_id)
        and activity.organising_branch_id == user.branch_id
    )


@rules.predicate
def manages_activity(user, activity) -> bool:
    return _manages(user, activity)


@rules.predicate
def sees_activity(user, activity) -> bool:
    """Read-all roles see every activity; the others the published ones and those they manage."""
    if activity is None:
        return False
    return permissions.can(user, "activities.view_all") or activity.is_published or _manages(user, activity)


@rules.predicate
def keeps_signups_of(user, activity) -> bool:
    """Sign-up lists and attendance: for those who manage the activity and whose role keeps attendance."""
    return permissions.can(user, "activities.attendance") and _manages(user, activity)


@rules.predicate
def own_signup(user, signup) -> bool:
    return signup is not None and bool(user.member_id) and signup.member_id == user.member_id


@rules.predicate
def keeps_signup(user, signup) -> bool:
    return signup is not None and keeps_signups_of.test(user, signup.activity)


@rules.predicate
def sees_file(user, attachment) -> bool:
    return attachment is not None and sees_activity.test(user, attachment.activity)


@rules.predicate
def manages_file(user, attachment) -> bool:
    return attachment is not None and _manages(user, attachment.activity)


def register() -> None:
    access.add_perm("activities.view_activity", role="activities.view", rule=sees_activity, hides=True)
    access.add_perm("activities.manage_activity", role="activities.manage", rule=manages_activity, hides=True)
    access.add_perm("activities.keep_signups", role="activities.attendance", rule=keeps_signups_of, hides=True)
    # Signing up needs the activity in sight; signing someone else up is for who keeps its sign-ups.
    access.add_perm("activities.sign_up", role="activities.signup", rule=sees_activity, hides=True)
    access.add_perm("activities.cancel_signup", role="activities.signup", rule=own_signup | keeps_signup, hides=True)
    access.add_perm("activities.view_file", role="activities.view", rule=sees_file, hides=True)
    access.add_perm("activities.delete_file", role="activities.manage", rule=manages_file, hides=True)
    access.add_perm("activities.view_plan", role="activities.view_all")
    access.add_perm("activities.manage_plan", role="activities.plan")  # plan items and categories
