"""The navigation menu, built from the apps' declared entries and what the user's role may do."""

from django.urls import reverse

from apps.core import permissions, registry


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": entry.label, "url": reverse(entry.url_name), "icon": entry.icon}
        for entry in registry.navigation_entries()
        if permissions.can(user, entry.action)
    ]
    # The entry whose address is the longest prefix of this page is the current one.
    matching = [item for item in items if request.path.startswith(item["url"])]
    current = max(matching, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return {"nav_items": items, "user_role": permissions.role_of(user)}
