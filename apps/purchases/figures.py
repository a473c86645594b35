"""The poverty-alleviation purchases' part of the annual report, as a typed contract (issue 14 §5).

Besides the amounts of ``selectors.report_figures``: how many purchases, lines and suppliers the year
had, and the paired areas by name with the amount bought from each (issue 18 §4).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count

from apps.purchases import selectors
from apps.purchases.models import Purchase, PurchaseLine

NOT_PRINTED = {"printed": False}


@dataclass(frozen=True)
class NamedAmount:
    name: str
    amount: Decimal


@dataclass(frozen=True)
class GiftPack:
    title: str
    recipients: int
    amount: Decimal
    date: date = field(metadata=NOT_PRINTED)


@dataclass(frozen=True)
class PurchaseFigures:
    year: int = field(metadata=NOT_PRINTED)
    has_records: bool = field(metadata=NOT_PRINTED)
    task_amount: Decimal | None
    total: Decimal
    percent: Decimal | None
    purchase_count: int
    line_count: int
    supplier_count: int
    by_department: tuple[NamedAmount, ...]
    by_area: tuple[NamedAmount, ...]
    by_purpose: tuple[NamedAmount, ...]
    by_supplier: tuple[NamedAmount, ...]
    gift_packs: tuple[GiftPack, ...]
    gift_pack_count: int
    # Drawn as the chart of the year; its last value is the total, printed above.
    monthly_cumulative: tuple[Decimal, ...] = field(metadata=NOT_PRINTED)
    links: dict = field(metadata=NOT_PRINTED)


def _named(rows: list[dict]) -> tuple[NamedAmount, ...]:
    return tuple(NamedAmount(name=row["name"], amount=row["amount"]) for row in rows)


def report_figures(*, year: int) -> PurchaseFigures:
    figures = selectors.report_figures(year=year)
    line_count = supplier_count = 0
    if figures["purchase_count"]:
        purchases = Purchase.objects.filter(purchased_on__year=year)
        supplier_count = purchases.aggregate(n=Count("supplier", distinct=True))["n"]
        line_count = PurchaseLine.objects.filter(purchase__in=purchases).count()
    has_records = figures["purchase_count"] > 0 or figures["task_amount"] is not None
    return PurchaseFigures(
        year=year,
        has_records=has_records,
        task_amount=figures["task_amount"],
        total=figures["total"],
        percent=figures["percent"],
        purchase_count=figures["purchase_count"],
        line_count=line_count,
        supplier_count=supplier_count,
        by_department=_named(figures["by_department"]),
        by_area=_named(figures["by_area"]),
        by_purpose=_named(figures["by_purpose"]),
        by_supplier=_named(figures["by_supplier"]),
        gift_packs=tuple(
            GiftPack(title=g["title"], recipients=g["recipients"], amount=g["amount"], date=g["date"])
            for g in figures["gift_packs"]
        ),
        gift_pack_count=figures["gift_pack_count"],
        monthly_cumulative=tuple(figures["monthly_cumulative"]),
        links=figures["links"],
    )
