"""Who may do what to *this* record: the glue between the role table and each app's ``rules.py``.

A portal permission such as ``welfare.approve_visit`` is declared once, in the app's ``rules.py``:

    access.add_perm("welfare.approve_visit", role="welfare.approve", rule=in_scope & ~recorded_by_user)

``role`` names the action the role table must allow (apps.core.permissions); ``rule`` is a django-rules
predicate over (user, record) that must hold too. Everything else asks the same declaration:

- views fetch a record with ``get_object_or_deny(user, perm, queryset, **lookup)``: 403 when the role is
  too low, 404 when the record is outside the user's scope (not in the user's selector, or ``hides``);
- templates ask ``{% has_perm "welfare.approve_visit" user visit as may_approve %}`` (``{% load rules %}``);
- services call ``require(by, perm, obj)``, which raises ``PermissionDenied`` (one contract for every app).

The user model routes ``has_perm`` for these names to the rules, superusers included (an administrator
does not approve their own visit either); Django's model permissions are left to the admin site.
"""

from collections.abc import Callable
from functools import wraps

import rules
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from apps.core import permissions

# permission name → (the role-table action it needs, whether a refusal hides the record: 404, not 403)
_DECLARED: dict[str, tuple[str, bool]] = {}


def role_may(action: str) -> rules.Predicate:
    """A predicate: the user's role allows ``action`` (the role table)."""

    def check(user) -> bool:
        return permissions.can(user, action)

    return rules.Predicate(check, name=f"role_may({action})")


def add_perm(name: str, *, role: str, rule: rules.Predicate | None = None, hides: bool = False) -> None:
    """Declare a permission. ``hides``: a user refused this record must not learn it exists (404)."""
    _DECLARED[name] = (role, hides)
    predicate = role_may(role) if rule is None else role_may(role) & rule
    rules.set_perm(name, predicate)


def is_declared(name: str) -> bool:
    return name in _DECLARED


def has_perm(user, perm: str, obj=None) -> bool:
    if perm not in _DECLARED:
        raise ValueError(f"Unknown permission {perm!r}: declare it in the app's rules.py")
    return bool(user is not None and user.is_active and rules.has_perm(perm, user, obj))


def require(user, perm: str, obj=None) -> None:
    """For services: refuse with PermissionDenied unless ``user`` may ``perm`` (to ``obj``)."""
    if not has_perm(user, perm, obj):
        raise PermissionDenied


def require_role(user, perm: str) -> None:
    """403 unless the user's role allows the action behind ``perm`` at all."""
    role_action, _hides = _DECLARED[perm]
    if not permissions.can(user, role_action):
        raise PermissionDenied


def get_object_or_deny(user, perm: str, queryset: QuerySet, **lookup) -> Model:
    """One record for a view: 403 when the role is too low, 404 outside the user's scope.

    ``queryset`` is the app's selector for this user, so a record the user may not see is not in it.
    A record in scope that the user may still not ``perm`` is a 403, or a 404 when ``perm`` hides.
    """
    require_role(user, perm)
    obj = get_object_or_404(queryset, **lookup)
    if not has_perm(user, perm, obj):
        raise Http404 if _DECLARED[perm][1] else PermissionDenied
    return obj


def perm_required(perm: str) -> Callable:
    """Decorator for function views: log in first, then the role must allow ``perm``'s action (else 403)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            require_role(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
