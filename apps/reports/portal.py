"""What the reports app declares to the portal: its actions, menu entry, home cards, demo and report figures."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core import registry
from apps.core.roles import Role

READ_ALL = {"dashboard.view", "reports.view", "reports.generate", "reports.download"}

ROLE_ACTIONS = {
    Role.OFFICER: READ_ALL | {"reports.edit"},
    Role.LEADERSHIP: READ_ALL,
}


def _seed(out) -> None:
    from apps.reports import demo

    demo.seed(out)


def register() -> None:
    from apps.reports import rules  # noqa: F401  (declares the reports' permissions)

    registry.register_role_actions(ROLE_ACTIONS)
    registry.register_navigation(
        registry.NavEntry(_("看板"), "reports:dashboard", "dashboard.view", "bar-chart-line", order=10),
        registry.NavEntry(
            pgettext_lazy("menu", "年度报告"), "reports:index", "reports.view", "file-earmark-text", order=80
        ),
    )
    registry.register_shortcuts(
        registry.Shortcut(
            _("数据看板"),
            _("全校工会工作的关键数字和图表"),
            "reports:dashboard",
            "dashboard.view",
            "bar-chart-line",
            order=10,
        ),
        registry.Shortcut(
            _("年度工作总结"),
            _("编写、生成和下载年度报告"),
            "reports:index",
            "reports.view",
            "file-earmark-text",
            order=80,
        ),
    )
    registry.register_demo(registry.DemoSeed("reports", _seed, order=70))
