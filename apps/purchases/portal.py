"""What the purchases app declares to the portal: its actions, menu entry, home cards, demo and report figures."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core import registry
from apps.core.roles import Role

ROLE_ACTIONS = {
    Role.OFFICER: {"purchases.view", "purchases.export", "purchases.manage", "purchases.import"},
    Role.LEADERSHIP: {"purchases.view", "purchases.export"},
}


def _seed(out) -> None:
    from apps.purchases import demo

    demo.seed(out)


def register() -> None:
    registry.register_role_actions(ROLE_ACTIONS)
    registry.register_navigation(
        registry.NavEntry(pgettext_lazy("menu", "消费扶贫"), "purchases:index", "purchases.view", "basket", order=70),
    )
    registry.register_shortcuts(
        registry.Shortcut(
            _("消费扶贫"), _("年度采购任务完成进度"), "purchases:index", "purchases.view", "basket", order=70
        ),
    )
    registry.register_demo(registry.DemoSeed("purchases", _seed, order=60))
    from apps.purchases import figures  # the models are loaded once ready() runs

    registry.register_report_area(
        registry.ReportArea(
            "purchases", _("消费扶贫"), figures.report_figures, order=40, figures_type=figures.PurchaseFigures
        )
    )
