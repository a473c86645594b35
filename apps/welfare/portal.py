"""What the welfare app declares to the portal: its actions, menu entry, home cards, demo and report figures."""

from django.utils.translation import gettext_lazy as _

from apps.core import registry
from apps.core.roles import Role

READ_ALL = {"welfare.view", "welfare.view_all", "welfare.view_private", "welfare.export"}

ROLE_ACTIONS = {
    Role.STAFF: {"welfare.view_own"},
    Role.BRANCH_CHAIR: {"welfare.view", "welfare.visit", "welfare.export"},  # the branch, never private types
    Role.OFFICER: READ_ALL
    | {"welfare.visit", "welfare.approve", "welfare.distribute", "welfare.mutual_aid", "welfare.budget"},
    Role.LEADERSHIP: READ_ALL,
}


def _seed(out) -> None:
    from apps.welfare import demo

    demo.seed(out)


def register() -> None:
    from apps.welfare import rules

    registry.register_role_actions(ROLE_ACTIONS)
    rules.register()
    registry.register_navigation(
        registry.NavEntry(_("慰问福利"), "welfare:index", "welfare.view_own", "gift", order=50),
    )
    registry.register_shortcuts(
        registry.Shortcut(
            _("我的慰问记录"), _("本人历年慰问、生日和节日福利"), "welfare:index", "welfare.view_own", "gift", order=20
        ),
    )
    registry.register_demo(registry.DemoSeed("welfare", _seed, order=40))
    from apps.welfare import figures  # the models are loaded once ready() runs

    registry.register_report_area(
        registry.ReportArea(
            "welfare", _("慰问福利"), figures.report_figures, order=20, figures_type=figures.WelfareFigures
        )
    )
