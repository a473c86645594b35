"""The one Celery task class every app's tasks use, and the mail task.

``PortalTask`` (the app's default ``task_cls``, see union_portal/celery.py):

- the message is acknowledged only when the task has finished (``acks_late``) and handed back to the broker
  when the process running it dies (``reject_on_worker_lost``), so a worker killed mid-job loses nothing;
- results are not stored unless a task says so (``ignore_result``): job state lives on the job's own row;
- services queue with ``task.enqueue(pk, ..., on_unavailable=...)``: the message is published only after the
  surrounding transaction commits (a worker never looks for a row that is not there yet, and a rolled-back
  write queues nothing), it carries primary keys only, and a broker that cannot be reached is reported to
  the caller, who records it on the row, instead of escaping as a 500 from the commit.
"""

import base64
import logging
from collections.abc import Callable
from dataclasses import dataclass

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

# What a broker that cannot be reached raises when publishing (kombu wraps redis-py's errors).
BROKER_ERRORS = (BrokerError, ConnectionError, OSError)


@dataclass
class Enqueued:
    """What became of an ``enqueue``: read it after the transaction has committed."""

    published: bool = False
    unavailable: bool = False
    error: Exception | None = None


class PortalTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    ignore_result = True

    def enqueue(
        self, *args: int | str, on_unavailable: Callable[[Exception], None] | None = None, **options
    ) -> Enqueued:
        """Publish this task with ``args`` once the current transaction commits (at once outside one).

        ``args`` are primary keys (ints or UUID strings), never model instances. If the broker cannot be
        reached, the error is logged, ``on_unavailable(error)`` runs (to mark the row failed), and the returned
        ``Enqueued`` says so; nothing is raised, because the write it follows has already committed.
        """
        for arg in args:
            if not isinstance(arg, int | str) or isinstance(arg, bool):
                raise TypeError(f"{self.name}: tasks take primary keys, not {type(arg).__name__}")
        outcome = Enqueued()

        def publish() -> None:
            try:
                self.apply_async(args=args, **options)
            except BROKER_ERRORS as error:
                logger.exception("Could not queue %s%r: the task queue is unavailable", self.name, args)
                outcome.unavailable, outcome.error = True, error
                if on_unavailable is not None:
                    on_unavailable(error)
            else:
                outcome.published = True

        transaction.on_commit(publish)
        return outcome


# ---------------------------------------------------------------- mail


def message_to_payload(message: EmailMultiAlternatives) -> dict:
    """An email as JSON (the task's only argument that is not a key: the message has no row of its own)."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [
            [name, base64.b64encode(content if isinstance(content, bytes) else content.encode()).decode(), mimetype]
            for name, content, mimetype in (a for a in message.attachments if isinstance(a, tuple))
        ],
    }


def payload_to_message(payload: dict, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in payload["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


@shared_task(
    name="apps.core.tasks.send_email",
    autoretry_for=(OSError, TimeoutError),  # smtplib's errors are OSErrors; a timeout too
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    retry_jitter=True,
    max_retries=8,  # about four hours of a mail server being away
    soft_time_limit=60,
    time_limit=90,
)
def send_email(payload: dict) -> int:
    """Deliver one message through the real backend (SMTP in production), bounded by ``EMAIL_TIMEOUT``."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([payload_to_message(payload, connection)])
