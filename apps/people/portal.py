"""What the people app declares to the portal: its actions, menu entry, home cards and panel, demo."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import registry
from apps.core.roles import Role

READ_ALL = {"members.view", "members.view_all", "members.export"}

ROLE_ACTIONS = {
    Role.STAFF: {"members.view_self"},
    Role.BRANCH_CHAIR: {"members.view", "members.export"},  # scoped to the chair's branch
    Role.OFFICER: READ_ALL | {"members.manage", "members.import"},
    Role.COMMITTEE: {"members.view", "members.view_all"},  # to choose delegates from all members
    Role.LEADERSHIP: READ_ALL,
}


def _membership_panel(user) -> dict:
    from apps.people.selectors import membership_statistics

    return {"membership": membership_statistics(year=timezone.localdate().year)}


def _seed(out) -> None:
    from apps.people import demo

    demo.seed(out)


def _seed_accounts(out) -> None:
    from apps.people import demo_accounts

    demo_accounts.seed(out)


def register() -> None:
    registry.register_role_actions(ROLE_ACTIONS)
    registry.register_navigation(registry.NavEntry(_("会员"), "people:member_list", "members.view", "people", order=30))
    registry.register_shortcuts(
        registry.Shortcut(
            _("会员名册"), _("查询、维护和导出会员"), "people:member_list", "members.view", "people", order=50
        ),
        registry.Shortcut(
            _("导入花名册"),
            _("从人事处导出的表格更新会员"),
            "core:import_upload",
            "members.import",
            "upload",
            order=60,
            args=("roster",),
        ),
    )
    registry.register_home_panel(
        registry.HomePanel(
            "membership", "people/_home_membership.html", "members.view_all", _membership_panel, order=10
        )
    )
    registry.register_demo(registry.DemoSeed("people", _seed, order=10))
    from apps.people import figures  # the models are loaded once ready() runs

    registry.register_report_area(
        registry.ReportArea(
            "membership", _("会员与组织"), figures.report_figures, order=50, figures_type=figures.MembershipFigures
        )
    )
    registry.register_demo(registry.DemoSeed("accounts", _seed_accounts, order=15))
