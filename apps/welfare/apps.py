from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelfareConfig(AppConfig):
    name = "apps.welfare"
    verbose_name = _("慰问与福利")

    def ready(self) -> None:
        from apps.welfare import portal

        portal.register()
