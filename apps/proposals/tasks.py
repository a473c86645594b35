"""Thin Celery wrappers around the proposal services."""

from celery import shared_task

from apps.proposals import services


@shared_task(soft_time_limit=120, time_limit=180)
def notify_overdue() -> int:
    """Daily: tell the committee and lead departments about overdue proposals (once per proposal per day)."""
    return services.proposals_notify_overdue()


@shared_task(
    acks_late=True,  # a worker that dies mid-render leaves the message to be delivered again
    reject_on_worker_lost=True,
    ignore_result=True,
    soft_time_limit=4 * 60,
    time_limit=5 * 60,
)
def render_proposal_book(book_id: int) -> bool:
    """Render a congress's proposal book (queued by services.proposal_book_request)."""
    return services.proposal_book_render(book_id=book_id)
