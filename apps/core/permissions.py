"""Who may do what, and to which records: the one place that decides.

Views, menus (the ``can`` template tag) and selectors all ask this module.
- ``can(user, action)``: may this user's role perform the action at all?
- ``scope(user, queryset, ...)``: which of these records may the user reach?
- ``get_object_for(user, action, queryset, **lookup)``: 403 when the role is too low,
  404 when the record is outside the user's scope.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.accounts.models import Role

# What every logged-in member of staff may do; every other role may do it too.
STAFF_ACTIONS = frozenset(
    {
        "portal.view",
        "members.view_self",
        "activities.view",
        "activities.signup",
        "welfare.view_own",
        "proposals.view_register",
        "proposals.submit",  # the service also requires the member to be a delegate
        "proposals.cosign",
        "proposals.rate",
    }
)

READ_ALL_ACTIONS = frozenset(
    {
        "dashboard.view",
        "audit.view",
        "members.view",
        "members.view_all",
        "members.export",
        "activities.view_all",
        "activities.export",
        "welfare.view",
        "welfare.view_all",
        "welfare.view_private",
        "welfare.export",
        "proposals.view_all",
        "proposals.export",
        "purchases.view",
        "purchases.export",
        "reports.view",
        "reports.generate",
        "reports.download",
    }
)

OFFICER_ACTIONS = READ_ALL_ACTIONS | {
    "members.manage",
    "members.import",
    "activities.manage",
    "activities.manage_all",
    "activities.plan",
    "activities.attendance",
    "welfare.visit",
    "welfare.approve",
    "welfare.distribute",
    "welfare.mutual_aid",
    "welfare.budget",
    "proposals.review",
    "proposals.manage_congress",
    "purchases.manage",
    "purchases.import",
    "reports.edit",
}

BRANCH_CHAIR_ACTIONS = frozenset(
    {
        "members.view",  # scoped to the chair's branch
        "members.export",
        "activities.manage",  # scoped to the chair's branch
        "activities.attendance",
        "activities.export",
        "welfare.view",  # scoped to the branch, never the private types
        "welfare.visit",
        "welfare.export",
    }
)

COMMITTEE_ACTIONS = frozenset(
    {
        "members.view",  # to choose delegates from all members
        "members.view_all",
        "proposals.view_all",
        "proposals.review",
        "proposals.manage_congress",
        "proposals.export",
    }
)

HANDLER_ACTIONS = frozenset({"proposals.answer"})  # scoped to the handler's unit

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.STAFF: STAFF_ACTIONS,
    Role.BRANCH_CHAIR: STAFF_ACTIONS | BRANCH_CHAIR_ACTIONS,
    Role.OFFICER: STAFF_ACTIONS | OFFICER_ACTIONS,
    Role.COMMITTEE: STAFF_ACTIONS | COMMITTEE_ACTIONS,
    Role.HANDLER: STAFF_ACTIONS | HANDLER_ACTIONS,
    Role.LEADERSHIP: STAFF_ACTIONS | READ_ALL_ACTIONS,
}
ALL_ACTIONS = frozenset().union(*ROLE_ACTIONS.values(), {"admin.site"})
ROLE_ACTIONS[Role.ADMIN] = ALL_ACTIONS


def role_of(user) -> str | None:
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def can(user, action: str) -> bool:
    if action not in ALL_ACTIONS:
        raise ValueError(f"Unknown action {action!r}: add it to apps.core.permissions")
    role = role_of(user)
    return role is not None and action in ROLE_ACTIONS.get(role, frozenset())


def check(user, action: str) -> None:
    if not can(user, action):
        raise PermissionDenied


def scope(
    user,
    queryset: QuerySet,
    *,
    full: str,
    branch_field: str | None = None,
    unit_field: str | None = None,
    member_field: str | None = None,
) -> QuerySet:
    """The records of ``queryset`` this user may reach.

    ``full`` names the action that grants every record. Otherwise a branch chair reaches
    the records whose ``branch_field`` is their branch, a department handler those whose
    ``unit_field`` is their unit, and anyone the records whose ``member_field`` is themselves.
    """
    if can(user, full):
        return queryset
    role = role_of(user)
    if role is None:
        return queryset.none()
    condition = Q(pk__in=[])
    if branch_field and role == Role.BRANCH_CHAIR and user.branch_id:
        condition |= Q(**{branch_field: user.branch_id})
    if unit_field and role == Role.HANDLER and user.unit_id:
        # A subquery, so that a record reached through several units is listed once.
        assigned = queryset.model._default_manager.filter(**{unit_field: user.unit_id})
        condition |= Q(pk__in=assigned.values("pk"))
    if member_field and user.member_id:
        condition |= Q(**{member_field: user.member_id})
    return queryset.filter(condition)


def get_object_for(user, action: str, queryset: QuerySet, **lookup) -> Model:
    """Fetch one record: 403 when the role lacks ``action``, 404 outside the scoped queryset."""
    check(user, action)
    return get_object_or_404(queryset, **lookup)


def action_required(action: str) -> Callable:
    """Decorator for function views: log in first, then the role must allow ``action``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            check(request.user, action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ActionRequiredMixin(LoginRequiredMixin):
    """For class-based views: set ``action``; anonymous users go to the login page."""

    action: str = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        check(request.user, self.action)
        return super().dispatch(request, *args, **kwargs)
