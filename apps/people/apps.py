from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "apps.people"
    verbose_name = _("人员")

    def ready(self) -> None:
        from apps.people import (
            importers,  # noqa: F401 - registers the roster importer
            portal,
            rules,  # noqa: F401 - declares the people.* permissions
        )

        portal.register()
