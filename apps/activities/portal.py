"""What the activities app declares to the portal: its actions, menu entry, home cards, demo and report figures."""

from django.utils.translation import gettext_lazy as _

from apps.core import registry
from apps.core.roles import Role

ROLE_ACTIONS = {
    Role.STAFF: {"activities.view", "activities.signup"},
    Role.BRANCH_CHAIR: {"activities.manage", "activities.attendance", "activities.export"},  # the chair's branch
    Role.OFFICER: {
        "activities.view_all",
        "activities.export",
        "activities.manage",
        "activities.manage_all",
        "activities.plan",
        "activities.attendance",
    },
    Role.LEADERSHIP: {"activities.view_all", "activities.export"},
}


def _seed(out) -> None:
    from apps.activities import demo

    demo.seed(out)


def register() -> None:
    registry.register_role_actions(ROLE_ACTIONS)
    registry.register_navigation(
        registry.NavEntry(_("文体活动"), "activities:index", "activities.view", "calendar-event", order=40),
    )
    registry.register_shortcuts(
        registry.Shortcut(
            _("文体活动报名"),
            _("查看活动、报名和取消报名"),
            "activities:index",
            "activities.view",
            "calendar-event",
            order=30,
        ),
    )
    registry.register_demo(registry.DemoSeed("activities", _seed, order=30))
    from apps.activities import figures  # the models are loaded once ready() runs

    registry.register_report_area(
        registry.ReportArea(
            "activities", _("文体活动"), figures.report_figures, order=10, figures_type=figures.ActivityFigures
        )
    )
