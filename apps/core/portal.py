"""Core's own declarations: its actions and the home page's entry in the menu."""

from django.utils.translation import gettext_lazy as _

from apps.core import registry
from apps.core.permissions import CORE_ROLE_ACTIONS


def register() -> None:
    from apps.core import rules  # noqa: F401  (declares core's permissions)

    registry.register_role_actions(CORE_ROLE_ACTIONS)
    registry.register_navigation(registry.NavEntry(_("工作台"), "core:home", "portal.view", "house", order=0))
    registry.register_shortcuts(
        registry.Shortcut(
            _("工会设置"), _("工会名称、落款单位"), "core:union_settings", "union.configure", "gear", order=90
        )
    )
