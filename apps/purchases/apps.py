from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasesConfig(AppConfig):
    name = "apps.purchases"
    verbose_name = _("消费扶贫")

    def ready(self) -> None:
        from apps.purchases import (
            importers,  # noqa: F401 - registers the purchase importer
            portal,
            rules,  # noqa: F401 - declares the purchases permissions
        )

        portal.register()
