"""Thin Celery wrappers around the proposal services."""

from celery import shared_task

from apps.proposals import services


@shared_task(soft_time_limit=120, time_limit=180)
def notify_overdue() -> int:
    """Daily: tell the committee and lead departments about overdue proposals (once per proposal per day)."""
    return services.proposals_notify_overdue()
