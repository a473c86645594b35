from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "apps.activities"
    verbose_name = _("文体活动")

    def ready(self) -> None:
        from apps.activities import (
            importers,  # noqa: F401 - registers the annual plan importer
            portal,
            rules,
        )

        portal.register()
        rules.register()
