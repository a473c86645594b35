"""The role table: which actions each role may perform at all, and the queryset side of record scopes.

The actions are declared by the apps (``registry.register_role_actions`` in each app's portal.py);
what a user may do to one record is decided by the apps' ``rules.py`` through ``apps.core.access``.
- ``can(user, action)``: may this user's role perform the action at all?
- ``scope(user, queryset, ...)``: which of these records may the user reach (for selectors)?
"""

import functools
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from apps.core import registry
from apps.core.roles import Role

# Core's own actions; every app declares its own in its portal.py (apps.core.registry).
CORE_ROLE_ACTIONS = {
    Role.STAFF: {"portal.view"},
    Role.OFFICER: {"audit.view", "union.configure"},
    Role.LEADERSHIP: {"audit.view"},
    Role.ADMIN: {"admin.site"},
}


@functools.cache
def _table_for(generation: int) -> dict[str, frozenset[str]]:
    declared = registry.registry.role_actions
    staff = frozenset(declared.get(Role.STAFF, set()))
    table = {role: staff | frozenset(declared.get(role, set())) for role in Role.values}
    table[Role.ADMIN] = frozenset().union(*table.values())
    return table


def _role_table() -> dict[str, frozenset[str]]:
    """role → actions, from every app's declaration: each role has the staff actions too; admin has all."""
    return _table_for(registry.registry.generation)


def role_actions(role: str) -> frozenset[str]:
    return _role_table().get(role, frozenset())


def all_actions() -> frozenset[str]:
    return role_actions(Role.ADMIN)


def role_of(user) -> str | None:
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def can(user, action: str) -> bool:
    table = _role_table()
    if action not in table[Role.ADMIN]:
        raise ValueError(f"Unknown action {action!r}: declare it in the app's portal.py")
    role = role_of(user)
    return role is not None and action in table.get(role, frozenset())


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
