"""Cached figures for the dashboard and report previews, exact after every committed write.

Every cached figure set lives under a *generation*: one counter in Django's cache (Redis). Any committed change
to a record of an app that gives figures moves the counter on, so the next reader computes afresh:

- the ORM's post_save / post_delete / m2m_changed signals for those apps' models;
- writes that bypass them (bulk inserts, COPY) call ``figures_changed()`` themselves; as a safety net, so do
  every successful write request and every finished Celery task.

The counter moves only after the transaction commits, so a reader never caches a figure under the new
generation before the change is visible. A reader that computed during the write stores under the old
generation, which nobody reads any more. When the cache cannot be reached, figures are computed every time.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.core import registry

logger = logging.getLogger(__name__)
GENERATION_KEY = "figures:generation"
# A bound on any staleness in the one case the counter cannot move: the cache unreachable at that moment.
FIGURES_TIMEOUT = 10 * 60


def cached_figures(name: str, compute: Callable[[], Any], *, keep: Callable[[Any], bool] = lambda value: True):
    """``compute()``, cached under the current generation; ``keep(value)`` False leaves a value uncached."""
    try:
        key = f"figures:{_generation()}:{name}"
        found = cache.get(key)
    except Exception:  # the cache's own errors differ by backend; any of them means: compute
        logger.warning("figures cache unavailable; computing %s", name, exc_info=True)
        return compute()
    if found is not None:
        return found
    value = compute()
    if keep(value):
        try:
            cache.set(key, value, timeout=FIGURES_TIMEOUT)
        except Exception:
            logger.warning("figures cache unavailable; %s not kept", name, exc_info=True)
    return value


def figures_changed() -> None:
    """Records that figures count have changed: once committed, every cached figure is computed afresh."""
    transaction.on_commit(_next_generation)


def _generation() -> int:
    cache.add(GENERATION_KEY, 1, timeout=None)
    return cache.get(GENERATION_KEY) or 1


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (a fresh or restarted Redis): any new value starts a new generation
        cache.add(GENERATION_KEY, 2, timeout=None)
    except Exception:
        logger.warning("figures cache unavailable; cached figures expire within %s s", FIGURES_TIMEOUT, exc_info=True)


def _figure_apps() -> set[str]:
    """The app labels whose records some figure counts: those that register a report area, and people's roster."""
    labels = {area.figures.__module__.split(".")[1] for area in registry.report_areas()}
    return labels | {"core"}


def _changed(sender, **kwargs) -> None:
    if sender._meta.app_label in _figure_apps():
        figures_changed()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"figures-cache-{signal}")


def task_finished(sender=None, **kwargs) -> None:
    _next_generation()


class FiguresChangedMiddleware:
    """A write request that succeeded may have written in bulk (no signals): figures are computed afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
            _next_generation()
        return response
