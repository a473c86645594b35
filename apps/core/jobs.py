"""Leases on running jobs: how a job whose worker died is noticed and done again, by nobody acting.

A job row (a report version being rendered, a distribution being filled) that a task claims gets
``status=running`` and ``lease_until = now + JOB_LEASE_SECONDS``. While the task works, a heartbeat thread
pushes ``lease_until`` forward every ``JOB_HEARTBEAT_SECONDS``. A worker that dies (SIGKILL, the OOM killer,
a lost machine) stops the heartbeat, so its lease expires: the next task that finds the row "running with an
expired lease" claims it as its own, and each app's lease sweeper (a beat task every ``JOB_SWEEP_SECONDS``)
queues such rows again. Claims are conditional UPDATEs, so exactly one task wins a row.
"""

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# What the officer reads when a job could not be queued: Redis is down or unreachable.
QUEUE_UNAVAILABLE = _("任务队列暂时不可用，请稍后重试")


def lease_seconds() -> int:
    return settings.JOB_LEASE_SECONDS


def new_lease(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=lease_seconds())


def lease_expired_q(now: datetime | None = None) -> Q:
    """Rows whose lease ran out: the worker holding them stopped its heartbeat."""
    return Q(lease_until__lt=now or timezone.now())


def live_lease_seconds(model: type[Model], pk: int, *, running: str = "running") -> float | None:
    """Seconds until the lease of a running row expires, or None when it is not running under a live lease.

    A task whose message came back after its pool process died finds its row like this: it checks again
    just after the lease ends (the dead process cannot renew it), so the job goes on even when beat is down.
    """
    lease_until = model.objects.filter(pk=pk, status=running).values_list("lease_until", flat=True).first()
    if lease_until is None:
        return None
    remaining = (lease_until - timezone.now()).total_seconds()
    return remaining if remaining > 0 else None


def check_after_lease(task, model: type[Model], pk: int) -> None:
    """If the row is held by a live lease, queue ``task(pk)`` again for just after that lease ends.

    Harmless when the holder is alive: the later run finds the row done (or still renewed, and checks again).
    """
    remaining = live_lease_seconds(model, pk)
    if remaining is not None:
        task.apply_async(args=(pk,), countdown=remaining + 1)


class Heartbeat:
    """``with Heartbeat(Model, pk, attempts=n):`` keeps the row's lease alive while the block runs.

    The lease is extended only while the row is still running under this attempt, so a heartbeat can
    never revive a row another task has taken over or finished. The thread uses its own database
    connection and closes it when it stops.
    """

    def __init__(self, model: type[Model], pk: int, *, attempts: int, running: str = "running") -> None:
        self.model, self.pk, self.attempts, self.running = model, pk, attempts, running
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{model.__name__}-{pk}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        # Inside a transaction (a job run in the request, a test) the lease is invisible to other connections
        # until commit, and the thread's UPDATE would wait on this transaction's row lock: no heartbeat then.
        if not connection.in_atomic_block:
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=settings.JOB_HEARTBEAT_SECONDS + 5)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                close_old_connections()
                self.model.objects.filter(pk=self.pk, status=self.running, attempts=self.attempts).update(
                    lease_until=new_lease()
                )
        except Exception:  # a lost heartbeat only lets the lease expire, which is the safe side
            logger.exception("Heartbeat of %s %s stopped", self.model.__name__, self.pk)
        finally:
            connection.close()
