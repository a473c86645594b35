"""Reads for the annual report: the figures of every app (through the figures contract) and the versions.

The figures come only from the report areas the apps declare (apps.core.registry, docs/report-figures.md)
and from ``apps.people.selectors.membership_statistics``; this module never counts another app's rows itself.
"""

import logging

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.core import permissions, registry
from apps.people.selectors import membership_statistics
from apps.reports.models import AnnualReport, ReportVersion

logger = logging.getLogger(__name__)


def _url(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


def membership_figures(*, year: int) -> dict:
    figures = membership_statistics(year=year)
    members = _url("people:member_list")
    figures["links"] = {
        "members": members,
        "active": members and members + "?status=active",
        "retired": members and members + "?status=retired",
        "mutual_aid_members": members and members + "?mutual_aid=yes",
    }
    return figures


class FiguresUnavailable(Exception):
    """An app's report_figures raised: the report cannot be frozen with that area's figures."""

    def __init__(self, area: str, error: Exception):
        super().__init__(f"{area}: {type(error).__name__}: {error}")
        self.area = area


def report_data(*, year: int, strict: bool = False) -> dict:
    """Every figure of the year and of the year before, as the apps' selectors give them.

    With ``strict`` an app whose selector raises stops everything (a version must not be frozen
    with a hole in it); otherwise (preview, dashboard) that area is shown as unavailable with the error.
    """
    data = {"year": year, "membership": membership_figures(year=year)}
    for area in registry.report_areas():
        try:
            with transaction.atomic():  # a savepoint: a failed query in one app must not spoil the rest
                data[area.key] = {"current": area.figures(year=year), "previous": area.figures(year=year - 1)}
        except Exception as error:
            logger.exception("report figures of %s failed for %s", area.key, year)
            if strict:
                raise FiguresUnavailable(area.key, error) from error
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
