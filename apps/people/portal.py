"""What the people app declares to the portal: its actions, menu entry, home cards and panel, demo."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core import registry
from apps.core.roles import Role

READ_ALL = {"members.view", "members.view_all", "members.export", "organisation.view"}

# What each role may do at all; which records and fields: apps/people/rules.py and docs/data-access.md.
ROLE_ACTIONS = {
    Role.STAFF: {"members.view_self"},
    # Scoped to the chair's branch; phone numbers and birth dates to visit and greet their members.
    Role.BRANCH_CHAIR: {"members.view", "members.export", "members.view_contact"},
    Role.OFFICER: READ_ALL | {"members.manage", "members.import", "members.view_contact", "organisation.manage"},
    # To choose delegates from all members: names and units, not phone numbers or birth dates.
    Role.COMMITTEE: {"members.view", "members.view_all"},
    # Figures and the roster for decisions; contact details stay with the officers and chairs.
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
    registry.register_shortcuts(
        registry.Shortcut(
            _("单位与分工会"),
            _("维护单位、分工会，导入组织架构"),
            "people:unit_list",
            "organisation.manage",
            "diagram-3",
            order=55,
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
