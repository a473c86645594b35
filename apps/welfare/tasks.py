"""Thin Celery wrappers: they take primary keys, load the row and call a service. Safe to run twice."""

import logging

from celery import shared_task
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.core.jobs import check_after_lease
from apps.welfare import services
from apps.welfare.models import Distribution

logger = logging.getLogger(__name__)


@shared_task(name="apps.welfare.tasks.run_distribution", soft_time_limit=5 * 60, time_limit=6 * 60)
def run_distribution(distribution_id: int) -> int:
    """Hand out a confirmed distribution (queue ``bulk``); returns the number of recipients.

    A redelivery after a worker death finds the distribution held by the dead worker's lease: it looks again
    when that lease ends (and the lease sweeper queues it too).
    """
    distribution = Distribution.objects.filter(pk=distribution_id).select_related("created_by").first()
    if distribution is None:
        return 0
    distribution = services.distribution_run(distribution=distribution, by=distribution.created_by)
    check_after_lease(run_distribution, Distribution, distribution_id)  # held by a worker that may be dead
    return distribution.progress_done


@shared_task(name="apps.welfare.tasks.requeue_expired_leases", ignore_result=False, soft_time_limit=50, time_limit=60)
def requeue_expired_leases() -> int:
    """Beat, every JOB_SWEEP_SECONDS: queue again the distributions whose worker died mid-run."""
    return services.distributions_requeue_expired()


@shared_task(name="apps.welfare.tasks.prepare_next_month_birthdays", ignore_result=False)
def prepare_next_month_birthdays() -> int | None:
    """On the 1st: prepare next month's birthday greetings (待确认) for an officer to check and confirm."""
    today = timezone.localdate()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    officer = User.objects.filter(role=Role.OFFICER, is_active=True).order_by("pk").first()
    if officer is None:
        logger.warning("No active officer to prepare the birthday list of %s-%s", year, month)
        return None
    return services.birthday_distribution_prepare(year=year, month=month, by=officer).pk
