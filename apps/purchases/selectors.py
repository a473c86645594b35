"""Reads of the poverty-alleviation purchases: scoped lists and the year's figures, computed in SQL.

Welfare is read only through ``apps.welfare.selectors`` (the gift packs' distributions).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.urls import reverse
from django.utils.http import urlencode

from apps.core import permissions
from apps.people.models import Unit
from apps.purchases.models import Area, Product, Purchase, PurchaseLine, Supplier, Task
from apps.welfare import selectors as welfare_selectors

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def _money(expression) -> Coalesce:
    return Coalesce(expression, Value(ZERO), output_field=MONEY)


def purchase_list(*, user) -> QuerySet[Purchase]:
    purchases = Purchase.objects.select_related("supplier__area", "task").prefetch_related("departments")
    return permissions.scope(user, purchases, full="purchases.view")


def purchase_detail_queryset(*, user) -> QuerySet[Purchase]:
    return purchase_list(user=user).prefetch_related("lines__product", "attachments__stored")


def purchase_edit_queryset(*, user) -> QuerySet[Purchase]:
    """For the edit form: the lines with their products in one query, whatever their number."""
    lines = PurchaseLine.objects.select_related("product").order_by("pk")
    return purchase_list(user=user).prefetch_related(Prefetch("lines", queryset=lines))


def supplier_list(*, user) -> QuerySet[Supplier]:
    """The suppliers a user may see; the page's figures come from ``supplier_figures`` (no subquery per row)."""
    return permissions.scope(user, Supplier.objects.select_related("area").order_by("name"), full="purchases.view")


def supplier_figures(supplier_ids) -> dict[int, dict]:
    """Product count and amount purchased for the suppliers of one page: two grouped queries in all."""
    ids = list(supplier_ids)
    figures = {pk: {"product_count": 0, "purchased": ZERO} for pk in ids}
    if not ids:
        return figures
    products = Product.objects.filter(supplier_id__in=ids).values("supplier_id").annotate(n=Count("pk")).order_by()
    for row in products:
        figures[row["supplier_id"]]["product_count"] = row["n"]
    purchased = Purchase.objects.filter(supplier_id__in=ids).values("supplier_id").annotate(s=Sum("total")).order_by()
    for row in purchased:
        figures[row["supplier_id"]]["purchased"] = row["s"]
    return figures


def supplier_export_list(*, user) -> QuerySet[Supplier]:
    """The export's rows carry their figures (one streamed query; the page uses ``supplier_figures``)."""
    products = Product.objects.filter(supplier=OuterRef("pk")).order_by().values("supplier").annotate(n=Count("pk"))
    purchased = Purchase.objects.filter(supplier=OuterRef("pk")).order_by().values("supplier").annotate(s=Sum("total"))
    return supplier_list(user=user).annotate(
        product_count=Coalesce(Subquery(products.values("n"), output_field=IntegerField()), Value(0)),
        purchased=_money(Subquery(purchased.values("s"))),
    )


SUPPLIER_CHOICES = 30


def supplier_choices(*, user, q: str = "") -> list[Supplier]:
    """Active suppliers for the purchase form's supplier select: the most recently bought from, or those whose
    name contains ``q`` (the trigram index serves it). Never the whole list: it grows with the data."""
    suppliers = supplier_list(user=user).filter(is_active=True)
    if q:
        return list(suppliers.filter(name__contains=q)[:SUPPLIER_CHOICES])
    recent = suppliers.annotate(last=Max("purchases__purchased_on")).order_by(F("last").desc(nulls_last=True), "name")
    return list(recent[:SUPPLIER_CHOICES])


def product_list(*, user) -> QuerySet[Product]:
    products = Product.objects.select_related("supplier__area")
    return permissions.scope(user, products, full="purchases.view")


def product_choices(*, user, supplier_id: int) -> QuerySet[Product]:
    """The active products of one supplier, for the purchase form's line picker."""
    return product_list(user=user).filter(supplier_id=supplier_id, is_active=True).order_by("name")


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


def task_for_year(*, user, year: int) -> Task | None:
    return permissions.scope(user, Task.objects.filter(year=year), full="purchases.view").first()


def latest_task(*, user) -> Task | None:
    return permissions.scope(user, Task.objects.order_by("-year"), full="purchases.view").first()


def task_years() -> list[int]:
    """The years that have a purchase task (a figure for the purchase form: which dates can be entered)."""
    return list(Task.objects.order_by("-year").values_list("year", flat=True))


def years_with_records() -> list[int]:
    """Years with a task or a purchase, newest first: one query (the year switcher of the progress page)."""
    purchase_years = Purchase.objects.annotate(y=ExtractYear("purchased_on")).values_list("y", flat=True)
    years = Task.objects.values_list("year", flat=True).union(purchase_years)
    return sorted(set(years), reverse=True)


def _percent(part: Decimal, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _list_url(**params) -> str:
    return reverse("purchases:purchase_list") + "?" + urlencode(params)


def _purchases_in(years: list[int]) -> QuerySet[Purchase]:
    """The purchases dated in these years, each row carrying its ``year`` (a date range: the index serves it)."""
    return Purchase.objects.filter(
        purchased_on__gte=date(min(years), 1, 1), purchased_on__lte=date(max(years), 12, 31)
    ).annotate(year=ExtractYear("purchased_on"))


def _grouped(rows, key) -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["year"], []).append(key(row))
    return grouped


def _by_purpose(purchases: QuerySet) -> dict[int, list[dict]]:
    purposes = dict(Purchase.Purpose.choices)
    rows = purchases.values("year", "purpose").annotate(amount=Sum("total")).order_by("year", "-amount", "purpose")
    return _grouped(rows, lambda r: {"id": r["purpose"], "name": str(purposes[r["purpose"]]), "amount": r["amount"]})


def _by_supplier(purchases: QuerySet) -> dict[int, list[dict]]:
    rows = (
        purchases.values("year", "supplier_id", "supplier__name")
        .annotate(amount=Sum("total"))
        .order_by("year", "-amount", "supplier__name")
    )
    return _grouped(rows, lambda r: {"id": r["supplier_id"], "name": r["supplier__name"], "amount": r["amount"]})


def _by_area(purchases: QuerySet) -> dict[int, list[dict]]:
    rows = (
        purchases.values("year", "supplier__area_id", "supplier__area__province", "supplier__area__county")
        .annotate(amount=Sum("total"))
        .order_by("year", "-amount", "supplier__area__province", "supplier__area__county")
    )
    return _grouped(
        rows,
        lambda r: {
            "id": r["supplier__area_id"],
            "name": f"{r['supplier__area__province']}{r['supplier__area__county']}",
            "amount": r["amount"],
        },
    )


def _by_department(purchases: QuerySet) -> dict[int, list[dict]]:
    # Through the unit, so that a purchase shared by several departments is summed once per department.
    rows = (
        Unit.objects.filter(poverty_purchases__in=purchases.values("pk"))
        .annotate(year=ExtractYear("poverty_purchases__purchased_on"))
        .values("year", "pk", "name")
        .annotate(amount=Sum("poverty_purchases__total"))
        .order_by("year", "-amount", "name")
    )
    return _grouped(rows, lambda r: {"id": r["pk"], "name": r["name"], "amount": r["amount"]})


def _monthly_cumulative(purchases: QuerySet, years: list[int]) -> dict[int, list[Decimal]]:
    rows = (
        purchases.annotate(month=ExtractMonth("purchased_on"))
        .values("year", "month")
        .annotate(amount=Sum("total"))
        .order_by()
    )
    per_month = {(row["year"], row["month"]): row["amount"] for row in rows}
    result = {}
    for year in years:
        cumulative, running = [], ZERO
        for month in range(1, 13):  # twelve months, not rows: the rows were summed in SQL
            running += per_month.get((year, month), ZERO)
            cumulative.append(running)
        result[year] = cumulative
    return result


def _gift_packs(purchases: QuerySet) -> dict[int, list[dict]]:
    """Purchases handed out through a welfare distribution: one row per distribution, in date order.

    The amounts are grouped here; the distributions' titles and recipient counts come from welfare's selectors.
    """
    amounts = list(
        purchases.filter(distribution__isnull=False)
        .values("year", "distribution_id")
        .annotate(amount=Sum("total"))
        .order_by()
    )
    ids = {row["distribution_id"] for row in amounts}
    if not ids:
        return {}
    headers = {
        row["pk"]: row
        for row in welfare_selectors.distribution_choices()
        .filter(pk__in=ids)
        .values("pk", "uuid", "title", "distributed_on")
    }
    counts = welfare_selectors.recipient_counts(ids)
    packs = [
        {
            "year": row["year"],
            "title": headers[row["distribution_id"]]["title"],
            "date": headers[row["distribution_id"]]["distributed_on"],
            "recipients": counts.get(row["distribution_id"], 0),
            "amount": row["amount"],
            "uuid": headers[row["distribution_id"]]["uuid"],
            "pk": row["distribution_id"],
        }
        for row in amounts
        if row["distribution_id"] in headers
    ]
    packs.sort(key=lambda pack: (pack["date"], pack["pk"]))
    return _grouped(packs, lambda p: {key: p[key] for key in ("title", "date", "recipients", "amount", "uuid")})


def _years_figures(years: list[int]) -> dict[int, dict]:
    """Each year's figures, gathered for all the years at once (a handful of grouped queries, not one per year).

    Breakdown rows keep the "id" the filtered list needs. Figures, not records: shown to every role that may
    view purchases (they see every purchase).
    """
    tasks = {task.year: task for task in Task.objects.filter(year__in=years)}
    purchases = _purchases_in(years)
    counted = {
        row["year"]: row for row in purchases.values("year").annotate(total=Sum("total"), count=Count("pk")).order_by()
    }
    by_purpose, by_supplier = _by_purpose(purchases), _by_supplier(purchases)
    by_area, by_department = _by_area(purchases), _by_department(purchases)
    monthly, gift_packs = _monthly_cumulative(purchases, years), _gift_packs(purchases)
    figures = {}
    for year in years:
        task = tasks.get(year)
        total = counted.get(year, {}).get("total") or ZERO
        task_amount = task.amount if task else None
        packs = gift_packs.get(year, [])
        figures[year] = {
            "year": year,
            "task": task,
            "task_amount": task_amount,
            "per_head": task.per_head if task else None,
            "total": total,
            "percent": _percent(total, task_amount),
            "purchase_count": counted.get(year, {}).get("count", 0),
            "by_department": by_department.get(year, []),
            "by_area": by_area.get(year, []),
            "by_purpose": by_purpose.get(year, []),
            "by_supplier": by_supplier.get(year, []),
            "gift_packs": packs,
            "gift_pack_count": len(packs),
            "monthly_cumulative": monthly[year],
            "links": _links(year),
        }
    return figures


def _links(year: int) -> dict[str, str]:
    return {
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
    }


BREAKDOWNS = ("by_department", "by_area", "by_purpose", "by_supplier")


def report_figures(*, year: int) -> dict:
    """The year's purchases against the task, for the annual report and the dashboard (docs/report-figures.md)."""
    figures = _years_figures([year])[year]
    del figures["task"]
    for key in BREAKDOWNS:
        figures[key] = [{"name": row["name"], "amount": row["amount"]} for row in figures[key]]
    return figures


def task_progress(*, year: int) -> dict:
    """The progress page: this year's figures with the year before beside them, and department shares."""
    both = _years_figures([year - 1, year])
    figures, last = both[year], both[year - 1]
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
