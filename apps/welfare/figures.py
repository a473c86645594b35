"""The welfare part of the annual report, as a typed contract (issue 14 §5, docs/report-figures.md).

Birthday greetings are one figure named once (issue 18 §3): visits of the birthday type and the
records of birthday distributions are kept apart here (``birthday_visits``, ``birthday_greetings``) and
the document prints them in one sentence with their sum; the visit-type list leaves the birthday type out.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from apps.welfare import selectors
from apps.welfare.models import Distribution, Visit

NOT_PRINTED = {"printed": False}
BIRTHDAY_CODE = "birthday"


@dataclass(frozen=True)
class VisitTypeFigures:
    type: str
    count: int
    people: int
    amount: Decimal
    code: str = field(metadata=NOT_PRINTED)


@dataclass(frozen=True)
class VisitTotals:
    count: int
    people: int
    amount: Decimal


@dataclass(frozen=True)
class DistributionFigures:
    title: str
    kind: str = field(metadata=NOT_PRINTED)  # decides the sentence: birthday greetings are summed up apart
    item: str
    unit_value: Decimal
    recipients: int
    amount: Decimal
    is_birthday: bool = field(metadata=NOT_PRINTED)
    date: date = field(metadata=NOT_PRINTED)


@dataclass(frozen=True)
class MutualAidFigures:
    new_members: int
    members: int
    claims_submitted: int
    claims_approved: int
    claims_rejected: int
    claims_paid: int
    paid_amount: Decimal


@dataclass(frozen=True)
class FiveMustVisit:
    events: int
    visited: int


@dataclass(frozen=True)
class WelfareFigures:
    year: int = field(metadata=NOT_PRINTED)
    has_records: bool = field(metadata=NOT_PRINTED)
    visits_by_type: tuple[VisitTypeFigures, ...]
    visits_total: VisitTotals
    hardship_visits: int
    life_event_visits: int
    birthday_visits: int
    birthday_greetings: int
    distributions: tuple[DistributionFigures, ...]
    distribution_records: int
    seasonal_items: int
    festival_gift_packs: int
    distribution_amount: Decimal
    mutual_aid: MutualAidFigures
    five_must_visit: FiveMustVisit
    links: dict = field(metadata=NOT_PRINTED)


def _distributions(year: int) -> tuple[DistributionFigures, ...]:
    """Each finished distribution with what was handed out and the value of one item (issue 18 §4)."""
    summary = selectors.distribution_summary(year=year)
    if not summary:
        return ()
    details = Distribution.objects.filter(uuid__in=[row["uuid"] for row in summary]).in_bulk(field_name="uuid")
    return tuple(
        DistributionFigures(
            title=row["title"],
            kind=row["kind"],
            item=details[row["uuid"]].item,
            unit_value=details[row["uuid"]].unit_value,
            recipients=row["recipients"],
            amount=row["amount"],
            is_birthday=details[row["uuid"]].kind == Distribution.Kind.BIRTHDAY,
            date=row["date"],
        )
        for row in summary
    )


def report_figures(*, year: int) -> WelfareFigures:
    figures = selectors.report_figures(year=year)
    visit_types = [VisitTypeFigures(**row) for row in figures["visits_by_type"]]
    birthday_visits = sum(row.count for row in visit_types if row.code == BIRTHDAY_CODE)
    mutual_aid = MutualAidFigures(**figures["mutual_aid"])
    distributions = _distributions(year)
    has_records = bool(
        distributions
        or mutual_aid.new_members
        or mutual_aid.claims_submitted
        or Visit.objects.filter(visited_on__year=year).exists()
    )
    return WelfareFigures(
        year=year,
        has_records=has_records,
        visits_by_type=tuple(row for row in visit_types if row.code != BIRTHDAY_CODE),
        visits_total=VisitTotals(**figures["visits_total"]),
        hardship_visits=figures["hardship_visits"],
        life_event_visits=figures["life_event_visits"],
        birthday_visits=birthday_visits,
        birthday_greetings=figures["birthday_greetings"],
        distributions=distributions,
        distribution_records=figures["distribution_records"],
        seasonal_items=figures["seasonal_items"],
        festival_gift_packs=figures["festival_gift_packs"],
        distribution_amount=figures["distribution_amount"],
        mutual_aid=mutual_aid,
        five_must_visit=FiveMustVisit(**figures["five_must_visit"]),
        links=figures["links"],
    )
