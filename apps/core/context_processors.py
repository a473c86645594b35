"""The navigation menu, built from what the user's role may do (apps.core.permissions)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core import permissions

# (label, url name, action, icon). An entry shows only when the role allows the action.
NAVIGATION = [
    (_("工作台"), "core:home", "portal.view", "house"),
    (_("看板"), "reports:dashboard", "dashboard.view", "bar-chart-line"),
    (_("会员"), "people:member_list", "members.view", "people"),
    (_("文体活动"), "activities:index", "activities.view", "calendar-event"),
    (_("慰问福利"), "welfare:index", "welfare.view_own", "gift"),
    (_("提案"), "proposals:index", "proposals.view_register", "megaphone"),
    (pgettext_lazy("menu", "消费扶贫"), "purchases:index", "purchases.view", "basket"),
    (pgettext_lazy("menu", "年度报告"), "reports:index", "reports.view", "file-earmark-text"),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        {"label": label, "url": reverse(url_name), "icon": icon}
        for label, url_name, action, icon in NAVIGATION
        if permissions.can(user, action)
    ]
    # The entry whose address is the longest prefix of this page is the current one.
    matching = [item for item in items if request.path.startswith(item["url"])]
    current = max(matching, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return {"nav_items": items, "user_role": permissions.role_of(user)}
