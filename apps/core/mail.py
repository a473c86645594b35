"""Mail leaves through a Celery task, never from inside a web request.

``EMAIL_BACKEND`` is ``TaskEmailBackend``: ``send_mail`` anywhere (proposal notifications, password reset)
turns each message into JSON and queues ``apps.core.tasks.send_email`` on the ``mail`` queue once the
transaction commits. The task delivers it through ``EMAIL_DELIVERY_BACKEND`` (the backend ``EMAIL_URL``
names) with ``EMAIL_TIMEOUT``, and retries with back-off while the mail server is away, so a slow or
absent mail server never holds a page.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from apps.core.tasks import BROKER_ERRORS, message_to_payload, send_email

logger = logging.getLogger(__name__)


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            transaction.on_commit(_publisher(message_to_payload(message)))
            count += 1
        return count


def _publisher(payload: dict):
    def publish() -> None:
        try:
            send_email.apply_async(args=[payload])
        except BROKER_ERRORS:
            # The write this mail follows has committed; losing the mail is logged, not turned into a 500.
            logger.exception("Could not queue mail %r to %s: task queue unavailable", payload["subject"], payload["to"])

    return publish
