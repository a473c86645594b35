"""Reads of the poverty-alleviation purchases: scoped lists and the year's figures, computed in SQL."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractMonth
from django.urls import reverse
from django.utils.http import urlencode

from apps.core import permissions
from apps.people.models import Unit
from apps.purchases.models import Area, Product, Purchase, Supplier, Task
from apps.welfare.models import Distribution, DistributionRecipient

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _money(expression) -> Coalesce:
    return Coalesce(expression, Value(ZERO), output_field=MONEY)


def purchase_list(*, user) -> QuerySet[Purchase]:
    purchases = Purchase.objects.select_related("supplier__area", "task").prefetch_related("departments")
    return permissions.scope(user, purchases, full="purchases.view")


def purchase_detail_queryset(*, user) -> QuerySet[Purchase]:
    return purchase_list(user=user).prefetch_related("lines__product", "attachments__stored")


def supplier_list(*, user) -> QuerySet[Supplier]:
    # A subquery for the sum, so that joining the products does not repeat each purchase.
    purchased = Purchase.objects.filter(supplier=OuterRef("pk")).order_by().values("supplier").annotate(s=Sum("total"))
    suppliers = (
        Supplier.objects.select_related("area")
        .annotate(product_count=Count("products"), purchased=_money(Subquery(purchased.values("s"))))
        .order_by("name")
    )
    return permissions.scope(user, suppliers, full="purchases.view")


def product_list(*, user) -> QuerySet[Product]:
    products = Product.objects.select_related("supplier__area")
    return permissions.scope(user, products, full="purchases.view")


def area_list(*, user) -> QuerySet[Area]:
    areas = Area.objects.annotate(
        supplier_count=Count("suppliers", distinct=True),
        purchased=_money(Sum("suppliers__purchases__total")),
    ).order_by("province", "county")
    return permissions.scope(user, areas, full="purchases.view")


def task_list(*, user) -> QuerySet[Task]:
    tasks = Task.objects.annotate(done=_money(Sum("purchases__total")), purchase_count=Count("purchases")).order_by(
        "-year"
    )
    return permissions.scope(user, tasks, full="purchases.view")


def task_for_year(year: int) -> Task | None:
    return Task.objects.filter(year=year).first()


def years_with_records() -> list[int]:
    years = set(Task.objects.values_list("year", flat=True))
    years |= {day.year for day in Purchase.objects.dates("purchased_on", "year")}
    return sorted(years, reverse=True)


def _percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _list_url(**params) -> str:
    return reverse("purchases:purchase_list") + "?" + urlencode(params)


def _breakdown(purchases: QuerySet, field: str, name_field: str) -> list[dict]:
    """Amount per group, largest first; a purchase counts once per group it belongs to."""
    rows = purchases.values(field, name_field).annotate(amount=Sum("total")).order_by("-amount", name_field)
    return [{"id": row[field], "name": row[name_field], "amount": row["amount"]} for row in rows]


def _by_department(purchases: QuerySet) -> list[dict]:
    # Through the unit, so that a purchase shared by several departments is summed once per department.
    rows = (
        Unit.objects.filter(poverty_purchases__in=purchases)
        .values("pk", "name")
        .annotate(amount=Sum("poverty_purchases__total"))
        .order_by("-amount", "name")
    )
    return [{"id": row["pk"], "name": row["name"], "amount": row["amount"]} for row in rows]


def _monthly_cumulative(purchases: QuerySet) -> list[Decimal]:
    per_month = dict(
        purchases.annotate(month=ExtractMonth("purchased_on"))
        .values("month")
        .annotate(amount=Sum("total"))
        .values_list("month", "amount")
    )
    cumulative, running = [], ZERO
    for month in range(1, 13):  # twelve months, not rows: the rows were summed in SQL
        running += per_month.get(month, ZERO)
        cumulative.append(running)
    return cumulative


def _gift_packs(purchases: QuerySet) -> list[dict]:
    """Purchases handed out through a welfare distribution: one row per distribution, in date order.

    Subqueries, so that joining the recipients does not repeat the purchases (or the other way round).
    """
    amount = purchases.filter(distribution=OuterRef("pk")).order_by().values("distribution").annotate(s=Sum("total"))
    recipients = (
        DistributionRecipient.objects.filter(distribution=OuterRef("pk"))
        .order_by()
        .values("distribution")
        .annotate(c=Count("pk"))
    )
    rows = (
        Distribution.objects.filter(pk__in=purchases.filter(distribution__isnull=False).values("distribution"))
        .annotate(
            amount=_money(Subquery(amount.values("s"))),
            recipient_count=Coalesce(Subquery(recipients.values("c")), Value(0)),
        )
        .order_by("distributed_on", "pk")
        .values("uuid", "title", "distributed_on", "recipient_count", "amount")
    )
    return [
        {
            "title": row["title"],
            "date": row["distributed_on"],
            "recipients": row["recipient_count"],
            "amount": row["amount"],
            "uuid": row["uuid"],
        }
        for row in rows
    ]


def _year_figures(year: int) -> dict:
    """The year's figures; breakdown rows keep the "id" the filtered list needs."""
    task = task_for_year(year)
    purchases = Purchase.objects.filter(purchased_on__year=year)
    counted = purchases.aggregate(total=_money(Sum("total")), count=Count("pk"))
    task_amount = task.amount if task else None
    purposes = dict(Purchase.Purpose.choices)
    by_purpose = [
        {"id": row["purpose"], "name": str(purposes[row["purpose"]]), "amount": row["amount"]}
        for row in purchases.values("purpose").annotate(amount=Sum("total")).order_by("-amount", "purpose")
    ]
    gift_packs = _gift_packs(purchases)
    return {
        "year": year,
        "task": task,
        "task_amount": task_amount,
        "per_head": task.per_head if task else None,
        "total": counted["total"],
        "percent": _percent(counted["total"], task_amount),
        "purchase_count": counted["count"],
        "by_department": _by_department(purchases),
        "by_area": _area_breakdown(purchases),
        "by_purpose": by_purpose,
        "by_supplier": _breakdown(purchases, "supplier_id", "supplier__name"),
        "gift_packs": gift_packs,
        "gift_pack_count": len(gift_packs),
        "monthly_cumulative": _monthly_cumulative(purchases),
        "links": {
            "total": _list_url(year=year),
            "purchase_count": _list_url(year=year),
            "by_department": _list_url(year=year),
            "by_area": _list_url(year=year),
            "by_purpose": _list_url(year=year),
            "by_supplier": _list_url(year=year),
            "monthly_cumulative": _list_url(year=year),
            "gift_packs": _list_url(year=year, purpose=Purchase.Purpose.GIFT_PACK),
            "gift_pack_count": _list_url(year=year, purpose=Purchase.Purpose.GIFT_PACK),
            "task_amount": reverse("purchases:task_list") + "?" + urlencode({"year": year}),
            "percent": reverse("purchases:index") + "?" + urlencode({"year": year}),
        },
    }


BREAKDOWNS = ("by_department", "by_area", "by_purpose", "by_supplier")


def report_figures(*, year: int) -> dict:
    """The year's purchases against the task, for the annual report and the dashboard (docs/report-figures.md)."""
    figures = _year_figures(year)
    del figures["task"]
    for key in BREAKDOWNS:
        figures[key] = [{"name": row["name"], "amount": row["amount"]} for row in figures[key]]
    return figures


def _area_breakdown(purchases: QuerySet) -> list[dict]:
    rows = (
        purchases.values("supplier__area_id", "supplier__area__province", "supplier__area__county")
        .annotate(amount=Sum("total"))
        .order_by("-amount", "supplier__area__province", "supplier__area__county")
    )
    return [
        {
            "id": row["supplier__area_id"],
            "name": f"{row['supplier__area__province']}{row['supplier__area__county']}",
            "amount": row["amount"],
        }
        for row in rows
    ]


def task_progress(*, year: int) -> dict:
    """The progress page: this year's figures with the year before beside them, and department shares."""
    figures, last = _year_figures(year), _year_figures(year - 1)
    task = figures["task"]
    shares = {share.unit_id: share for share in task.shares.select_related("unit")} if task else {}
    by_department = []
    for row in figures["by_department"]:
        share = shares.pop(row["id"], None)
        amount = share.amount if share else None
        by_department.append({**row, "share": amount, "percent": _percent(row["amount"], amount)})
    for share in shares.values():  # departments with a share that have bought nothing yet
        by_department.append(
            {
                "id": share.unit_id,
                "name": share.unit.name,
                "amount": ZERO,
                "share": share.amount,
                "percent": Decimal("0.0"),
            }
        )
    last_by = {key: {row["name"]: row["amount"] for row in last[key]} for key in BREAKDOWNS}
    return {
        "year": year,
        "figures": figures,
        "last": last,
        "remaining": max(figures["task_amount"] - figures["total"], ZERO) if figures["task_amount"] else None,
        "by_department": by_department,
        "by_area": _with_last(figures["by_area"], last_by["by_area"]),
        "by_supplier": _with_last(figures["by_supplier"], last_by["by_supplier"]),
        "by_purpose": _with_last(figures["by_purpose"], last_by["by_purpose"]),
        "last_by_department": last_by["by_department"],
    }


def _with_last(rows: list[dict], last: dict) -> list[dict]:
    return [{**row, "last": last.get(row["name"])} for row in rows]


def purchases_total(purchases: QuerySet) -> Decimal:
    """The total of a filtered list, for the list's footer."""
    return purchases.order_by().aggregate(total=_money(Sum("total")))["total"]


def latest_task() -> Task | None:
    return Task.objects.order_by("-year").first()
