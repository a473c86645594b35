"""The activities' part of the annual report, as a typed contract (issue 14 §5, docs/report-figures.md).

``report_figures`` wraps ``selectors.report_figures`` in frozen dataclasses and adds the causes of
postponements and cancellations as the activities record them, grouped by cause.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from apps.activities import selectors
from apps.activities.models import Activity

NOT_PRINTED = {"printed": False}
Status = Activity.Status


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    planned: int
    held: int


@dataclass(frozen=True)
class NotableActivity:
    title: str
    host_units: tuple[str, ...]
    organising_branch: str | None
    participants: int
    date: date = field(metadata=NOT_PRINTED)


@dataclass(frozen=True)
class BranchActivities:
    branch: str
    held: int


@dataclass(frozen=True)
class CauseCount:
    """Activities postponed (or cancelled) for one recorded cause."""

    cause: str
    count: int


@dataclass(frozen=True)
class ActivityFigures:
    year: int = field(metadata=NOT_PRINTED)
    has_records: bool = field(metadata=NOT_PRINTED)
    planned: int
    held: int
    postponed: int
    cancelled: int
    not_yet_due: int
    by_category: tuple[CategoryFigures, ...]
    participants: int
    budget: Decimal
    cost: Decimal
    plan_budget: Decimal
    notable: tuple[NotableActivity, ...]
    by_branch: tuple[BranchActivities, ...]
    postponed_titles: tuple[str, ...]
    postponements: tuple[CauseCount, ...]
    cancellations: tuple[CauseCount, ...]
    links: dict = field(metadata=NOT_PRINTED)


# "因场地原因。" / "由于场地原因" / "受疫情防控要求影响" all become the cause itself: "场地原因", "疫情防控要求".
_LEAD = re.compile(r"^(?:因为|由于|因|受)\s*")
_TRAIL = re.compile(r"(?:的?影响)?[\s。．.；;，,！!]*$")


def cause_phrase(reason: str) -> str:
    text = " ".join(reason.split())
    return _TRAIL.sub("", _LEAD.sub("", text)) or text


def causes(*, year: int) -> dict[str, tuple[CauseCount, ...]]:
    """Postponed and cancelled activities of the year grouped by their recorded cause, the commonest first."""
    rows = Activity.objects.filter(year=year, status__in=[Status.POSTPONED, Status.CANCELLED]).values_list(
        "status", "status_reason"
    )
    counted = {Status.POSTPONED: Counter(), Status.CANCELLED: Counter()}
    for status, reason in rows:
        if reason.strip():
            counted[status][cause_phrase(reason)] += 1
    return {
        status: tuple(CauseCount(cause, n) for cause, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        for status, counter in counted.items()
    }


def report_figures(*, year: int) -> ActivityFigures:
    figures = selectors.report_figures(year=year)
    counted = figures["planned"] or figures["held"] or figures["postponed"] or figures["cancelled"]
    has_records = bool(counted) or Activity.objects.filter(year=year).exists()
    by_cause = causes(year=year) if figures["postponed"] or figures["cancelled"] else {}
    return ActivityFigures(
        year=year,
        has_records=has_records,
        planned=figures["planned"],
        held=figures["held"],
        postponed=figures["postponed"],
        cancelled=figures["cancelled"],
        not_yet_due=figures["not_yet_due"],
        by_category=tuple(CategoryFigures(**row) for row in figures["by_category"]),
        participants=figures["participants"],
        budget=figures["budget"],
        cost=figures["cost"],
        plan_budget=figures["plan_budget"],
        notable=tuple(
            NotableActivity(
                title=row["title"],
                host_units=tuple(row["host_units"]),
                organising_branch=row["organising_branch"],
                participants=row["participants"],
                date=row["date"],
            )
            for row in figures["notable"]
        ),
        by_branch=tuple(BranchActivities(**row) for row in figures["by_branch"]),
        postponed_titles=tuple(figures["postponed_titles"]),
        postponements=by_cause.get(Status.POSTPONED, ()),
        cancellations=by_cause.get(Status.CANCELLED, ()),
        links=figures["links"],
    )
