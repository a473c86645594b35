"""Reads that may come from a PostgreSQL read replica: reports, dashboards and exports.

With ``REPLICA_DATABASE_URL`` set, the settings add a ``replica`` database alias. Writes always go to the
primary; a read goes to the replica only where the code asks for it (``@reads_from_replica`` on a view,
``read_alias()`` for an export's queryset) and only when all of these hold:

- the user did not write in the last ``REPLICA_PIN_SECONDS`` (read-your-writes: ``ReplicaPinMiddleware`` marks
  a browser that just changed something, so it reads its own change from the primary);
- the replica answers: one that is down or refuses is left alone for ``REPLICA_RETRY_SECONDS`` (no 500);
- the replica is not behind: it has replayed everything the primary had written, or its last replayed
  transaction is at most ``REPLICA_MAX_LAG_SECONDS`` old.

Otherwise the primary answers, so a figure is never older than the lag the installation accepts.
"""

import functools
import logging
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, connections

REPLICA = "replica"
PIN_COOKIE = "primary_until"
logger = logging.getLogger(__name__)

# The alias this request's reads use (None: Django's default routing); whether this browser just wrote.
_reading_from: ContextVar[str | None] = ContextVar("reading_from", default=None)
_pinned: ContextVar[bool] = ContextVar("pinned_to_primary", default=False)
# Per process: until when a replica that failed is not tried again (time.monotonic()).
_replica_down_until = 0.0


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def read_alias() -> str:
    """The database for a read that the replica may serve: the replica when it is safe, else the primary."""
    if not replica_configured() or _pinned.get() or time.monotonic() < _replica_down_until:
        return DEFAULT_DB_ALIAS
    return REPLICA if _replica_is_current() else DEFAULT_DB_ALIAS


def _replica_is_current() -> bool:
    global _replica_down_until
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = cursor.fetchone()[0]
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()) <= 0"
                " OR COALESCE(now() - pg_last_xact_replay_timestamp() <= make_interval(secs => %s), false)",
                [primary_lsn, settings.REPLICA_MAX_LAG_SECONDS],
            )
            return bool(cursor.fetchone()[0])
    except Error:
        logger.warning("read replica unavailable; reading from the primary", exc_info=True)
        connections[REPLICA].close()
        _replica_down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        return False


@contextmanager
def reading_from_replica():
    """Within the block, reads go where ``read_alias()`` says (writes still go to the primary)."""
    token = _reading_from.set(read_alias())
    try:
        yield
    finally:
        _reading_from.reset(token)


def reads_from_replica(view: Callable) -> Callable:
    """For views that only read (dashboards, report previews): their queries may be served by the replica."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with reading_from_replica():
            return view(request, *args, **kwargs)

    return wrapped


def on_replica(objects: Iterable) -> Iterable:
    """An export's rows from the replica when it may serve them (a queryset is bound to the chosen alias)."""
    using = getattr(objects, "using", None)
    return using(read_alias()) if callable(using) else objects


class ReplicaRouter:
    """Reads go where the current block chose (see ``reading_from_replica``); everything else to the primary."""

    def db_for_read(self, model, **hints):
        return _reading_from.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database: the replica is a copy of the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class ReplicaPinMiddleware:
    """Read-your-writes: after a request that changed something, this browser reads from the primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        token = _pinned.set(_pinned_by(request))
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            until = int(time.time()) + settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE, str(until), max_age=settings.REPLICA_PIN_SECONDS, httponly=True, samesite="Lax"
            )
        return response


def _pinned_by(request) -> bool:
    try:
        return int(request.COOKIES.get(PIN_COOKIE, "0")) > time.time()
    except ValueError:
        return False
