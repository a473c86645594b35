from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "apps.proposals"
    verbose_name = _("教代会提案")

    def ready(self) -> None:
        from apps.proposals import (
            importers,  # noqa: F401 - registers the delegate importer
            portal,
            rules,  # noqa: F401 - declares the permissions
        )

        portal.register()
