"""Thin Celery wrappers: they take primary keys, load the row and call a service. Safe to run twice."""

import logging

from celery import shared_task
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.welfare import services
from apps.welfare.models import Distribution

logger = logging.getLogger(__name__)


@shared_task(name="apps.welfare.tasks.run_distribution", acks_late=True, max_retries=2)
def run_distribution(distribution_id: int) -> int:
    """Hand out a confirmed distribution; returns the number of recipients."""
    distribution = Distribution.objects.filter(pk=distribution_id).select_related("created_by").first()
    if distribution is None:
        return 0
    distribution = services.distribution_run(distribution=distribution, by=distribution.created_by)
    return distribution.progress_done


@shared_task(name="apps.welfare.tasks.prepare_next_month_birthdays")
def prepare_next_month_birthdays() -> int | None:
    """On the 1st: prepare next month's birthday greetings (待确认) for an officer to check and confirm."""
    today = timezone.localdate()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    officer = User.objects.filter(role=Role.OFFICER, is_active=True).order_by("pk").first()
    if officer is None:
        logger.warning("No active officer to prepare the birthday list of %s-%s", year, month)
        return None
    return services.birthday_distribution_prepare(year=year, month=month, by=officer).pk
