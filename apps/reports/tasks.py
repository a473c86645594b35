"""Celery wrappers: take a primary key, call the service. Safe to run twice (the service claims the row)."""

import logging

from celery import shared_task

from apps.reports import services

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,  # a worker that dies mid-render leaves the message to be delivered again
    reject_on_worker_lost=True,
    max_retries=2,
    soft_time_limit=4 * 60,
    time_limit=5 * 60,
)
def render_report_version(self, version_id: int) -> None:
    final = self.request.retries >= self.max_retries
    try:
        services.version_render(version_id=version_id, final_attempt=final)
    except Exception as exc:
        if final:
            logger.error("Report version %s failed after %s attempts", version_id, self.request.retries + 1)
            return
        raise self.retry(exc=exc, countdown=5 * (self.request.retries + 1)) from exc
