from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "apps.reports"
    verbose_name = _("年度报告")

    def ready(self) -> None:
        from apps.reports import portal

        portal.register()
