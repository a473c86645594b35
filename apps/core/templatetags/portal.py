from django import template
from django.utils.http import urlencode

from apps.core import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action: str) -> bool:
    """{% can "welfare.visit" as may_visit %}: menus show only what the role may use."""
    return permissions.can(context["request"].user, action)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination and export links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def yuan(value) -> str:
    """Money as the union writes it: 1,234.50 元."""
    if value is None or value == "":
        return "—"
    return f"{value:,.2f}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
