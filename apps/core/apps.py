from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from celery.signals import task_success

        from apps.core import figures_cache, portal

        portal.register()
        figures_cache.connect_signals()
        # A finished task may have written in bulk (a distribution's records): figures are computed afresh.
        task_success.connect(figures_cache.task_finished, dispatch_uid="figures-cache-task")
