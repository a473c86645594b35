"""What the proposals app declares to the portal: its actions, menu entry, home cards, demo and report figures."""

from django.utils.translation import gettext_lazy as _

from apps.core import registry
from apps.core.roles import Role

ROLE_ACTIONS = {
    # proposals.submit: the service also requires the member to be a delegate
    Role.STAFF: {"proposals.view_register", "proposals.submit", "proposals.cosign", "proposals.rate"},
    Role.OFFICER: {"proposals.view_all", "proposals.export", "proposals.review", "proposals.manage_congress"},
    Role.COMMITTEE: {"proposals.view_all", "proposals.review", "proposals.manage_congress", "proposals.export"},
    Role.HANDLER: {"proposals.answer"},  # scoped to the handler's unit
    Role.LEADERSHIP: {"proposals.view_all", "proposals.export"},
}


def _seed(out) -> None:
    from apps.proposals import demo

    demo.seed(out)


def register() -> None:
    registry.register_role_actions(ROLE_ACTIONS)
    registry.register_navigation(
        registry.NavEntry(_("提案"), "proposals:index", "proposals.view_register", "megaphone", order=60),
    )
    registry.register_shortcuts(
        registry.Shortcut(
            _("提案公开"),
            _("教代会提案及办理结果"),
            "proposals:index",
            "proposals.view_register",
            "megaphone",
            order=40,
        ),
    )
    registry.register_demo(registry.DemoSeed("proposals", _seed, order=50))
    from apps.proposals import figures  # the models are loaded once ready() runs

    registry.register_report_area(
        registry.ReportArea(
            "proposals", _("提案"), figures.report_figures, order=30, figures_type=figures.ProposalFigures
        )
    )
