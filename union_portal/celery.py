"""The Celery application: Redis broker, configuration from Django settings (CELERY_ prefix).

Every task is an ``apps.core.tasks.PortalTask`` (late acknowledgement, handed back when its worker dies,
queued after commit with primary keys); workers log through Django's ``LOGGING``.
"""

import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "union_portal.settings.local")

app = Celery("union_portal", task_cls="apps.core.tasks:PortalTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """Workers and beat log with the handlers and levels of settings.LOGGING, not Celery's own set-up."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
