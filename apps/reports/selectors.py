"""Reads for the annual report: the figures of every app (through the figures contract) and the versions.

The figures come only from the report areas the apps declare (apps.core.registry, docs/report-figures.md):
each returns its frozen dataclass, frozen here into plain dicts; this module never counts another app's rows.
"""

import dataclasses
import logging

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from apps.core import permissions, registry
from apps.core.figures_cache import cached_figures
from apps.reports.models import AnnualReport, ReportVersion

logger = logging.getLogger(__name__)


# The areas the document prints, each declared by its app (docs/report-figures.md). A version is not
# frozen while one of them is missing: the document would have a hole where the app's figures go.
EXPECTED_AREAS = ("activities", "welfare", "proposals", "purchases", "membership")


class FiguresUnavailable(Exception):
    """An app's figures could not be read: the report cannot be frozen with that area's figures."""

    def __init__(self, area: str, error: Exception | str):
        detail = f"{type(error).__name__}: {error}" if isinstance(error, Exception) else error
        super().__init__(detail)
        self.area = area


class NotTheContract(TypeError):
    """An app's figures function returned something other than its declared frozen dataclass."""


def area_figures(area: registry.ReportArea, *, year: int) -> dict:
    """One year of one area, checked against the dataclass the app declared, as a plain dict."""
    figures = area.figures(year=year)
    expected = area.figures_type
    if expected is None or not dataclasses.is_dataclass(expected):
        raise NotTheContract(f"{area.key} declares no figures dataclass")
    if not isinstance(figures, expected):
        raise NotTheContract(f"{area.key} returned {type(figures).__name__}, not {expected.__name__}")
    return dataclasses.asdict(figures)


def report_data(*, year: int, strict: bool = False) -> dict:
    """Every figure of the year and of the year before, as the apps' registered figures give them.

    With ``strict`` an app whose figures fail (or is not registered) stops everything, naming the app:
    a version must not be frozen with a hole in it; a freeze always counts afresh. Otherwise (preview,
    dashboard) the figures come from the figures cache, exact after every committed write
    (apps/core/figures_cache.py), and an area that failed is shown as unavailable with the error (and not cached).
    """
    if strict:
        return _report_data(year=year, strict=True)
    return cached_figures(
        f"report_data:{year}:{get_language()}",  # areas may carry names already translated
        lambda: _report_data(year=year, strict=False),
        keep=lambda data: not any(isinstance(area, dict) and area.get("error") for area in data.values()),
    )


def _report_data(*, year: int, strict: bool) -> dict:
    data: dict = {"year": year}
    areas = {area.key: area for area in registry.report_areas()}
    for key in EXPECTED_AREAS:
        if key not in areas:
            if strict:
                raise FiguresUnavailable(key, "not registered")
            data[key] = {"current": None, "previous": None, "error": "not registered"}
    for area in areas.values():
        try:
            with transaction.atomic():  # a savepoint: a failed query in one app must not spoil the rest
                data[area.key] = {
                    "current": area_figures(area, year=year),
                    "previous": area_figures(area, year=year - 1),
                }
        except Exception as error:
            logger.exception("report figures of %s failed for %s", area.key, year)
            if strict:
                raise FiguresUnavailable(str(area.label), error) from error
            data[area.key] = {"current": None, "previous": None, "error": f"{type(error).__name__}: {error}"}
    return data


def default_year() -> int:
    """The dashboard's year when none is chosen: the newest report's, or this year."""
    newest = AnnualReport.objects.order_by("-year").values_list("year", flat=True).first()
    return newest or timezone.localdate().year


def report_for_year(*, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(year=year).first()


def report_list(*, user) -> QuerySet[AnnualReport]:
    """The reports with their version counts and the time of the newest finished file."""
    permissions.check(user, "reports.view")
    return AnnualReport.objects.annotate(
        version_count=Count("versions"),
        done_count=Count("versions", filter=Q(versions__status=ReportVersion.Status.DONE)),
        last_done_at=Max("versions__finished_at", filter=Q(versions__status=ReportVersion.Status.DONE)),
    ).order_by("-year")


def version_list(*, report: AnnualReport) -> QuerySet[ReportVersion]:
    return report.versions.select_related("requested_by__member", "report").order_by("-number")


def latest_done_version(*, report: AnnualReport) -> ReportVersion | None:
    return report.versions.filter(status=ReportVersion.Status.DONE).order_by("-number").first()


def versions_for_user(*, user) -> QuerySet[ReportVersion]:
    """Every version is the union's; reaching one needs reports.view (checked by the caller's action)."""
    return ReportVersion.objects.select_related("report", "requested_by__member")
