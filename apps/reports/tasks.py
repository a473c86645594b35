"""Celery wrappers: take a primary key, call the service. Safe to run twice (the service claims the row)."""

import logging

from celery import shared_task

from apps.core.jobs import check_after_lease
from apps.reports import services
from apps.reports.models import ReportVersion

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    name="apps.reports.tasks.render_report_version",
    max_retries=2,
    soft_time_limit=4 * 60,
    time_limit=5 * 60,
)
def render_report_version(self, version_id: int) -> None:
    """Render one version (queue ``pdf``). A redelivery after a worker death finds the version held by the
    dead worker's lease: it looks again when that lease ends (and the lease sweeper queues it too)."""
    final = self.request.retries >= self.max_retries
    try:
        rendered = services.version_render(version_id=version_id, final_attempt=final)
    except Exception as exc:
        if final:
            logger.error("Report version %s failed after %s attempts", version_id, self.request.retries + 1)
            return
        raise self.retry(exc=exc, countdown=5 * (self.request.retries + 1)) from exc
    if rendered is None:
        check_after_lease(render_report_version, ReportVersion, version_id)


@shared_task(name="apps.reports.tasks.requeue_expired_leases", ignore_result=False, soft_time_limit=50, time_limit=60)
def requeue_expired_leases() -> int:
    """Beat, every JOB_SWEEP_SECONDS: queue again the versions whose worker died mid-render."""
    return services.versions_requeue_expired()
