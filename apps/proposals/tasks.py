"""Thin Celery wrappers around the proposal services. The notifications themselves leave through
apps.core.mail (EMAIL_BACKEND): each message is its own task on the ``mail`` queue, with retries."""

from celery import shared_task

from apps.proposals import services


@shared_task(name="apps.proposals.tasks.notify_overdue", ignore_result=False, soft_time_limit=120, time_limit=180)
def notify_overdue() -> int:
    """Daily: tell the committee and lead departments about overdue proposals (once per proposal per day)."""
    return services.proposals_notify_overdue()
