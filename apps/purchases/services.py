"""Every write to the poverty-alleviation purchases and the rules they obey."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.access import require
from apps.core.submissions import submission_claim, submission_record_url
from apps.core.uploads import attachment_store
from apps.core.validators import sane_date
from apps.people.models import Unit
from apps.purchases import rules
from apps.purchases.models import (
    Area,
    Attachment,
    Product,
    Purchase,
    PurchaseLine,
    Supplier,
    Task,
    TaskShare,
    line_amount,
)


@dataclass(frozen=True)
class LineInput:
    """One line item as entered: the amount is computed from these, never typed."""

    product: Product
    quantity: Decimal
    unit_price: Decimal


def _check_money(value: Decimal, field: str, label: str) -> None:
    if value is None:
        return
    if Decimal(value).as_tuple().exponent < -2:
        raise ValidationError({field: _("%(label)s最多保留两位小数（分）。") % {"label": label}})


@transaction.atomic
def area_save(*, area: Area, by) -> Area:
    require(by, rules.CATALOGUE, area)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def supplier_save(*, supplier: Supplier, by) -> Supplier:
    require(by, rules.CATALOGUE, supplier)
    supplier.full_clean()
    supplier.save()
    return supplier


@transaction.atomic
def product_save(*, product: Product, by) -> Product:
    require(by, rules.CATALOGUE, product)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def task_save(*, task: Task, shares: Iterable[tuple[Unit, Decimal]] | None = None, by) -> Task:
    """Save a yearly task and, when given, replace its per-department shares."""
    require(by, rules.CATALOGUE, task)
    _check_money(task.amount, "amount", _("任务金额"))
    _check_money(task.per_head, "per_head", _("人均标准"))
    task.full_clean()
    task._history_user = by
    task.save()
    if shares is not None:
        shares = list(shares)
        units = [unit.pk for unit, _amount in shares]
        if len(units) != len(set(units)):
            raise ValidationError(_("同一部门只能分解一次任务。"))
        total = sum((amount for _unit, amount in shares), Decimal("0"))
        if total > task.amount:
            raise ValidationError(
                _("各部门分解金额合计 %(total)s 元，超过了任务金额 %(amount)s 元。")
                % {"total": total, "amount": task.amount}
            )
        task.shares.exclude(unit__in=units).delete()
        for unit, amount in shares:
            _check_money(amount, "amount", _("分解金额"))
            share = task.shares.filter(unit=unit).first() or TaskShare(task=task, unit=unit)
            share.amount = amount
            share.full_clean()
            share._history_user = by
            share.save()
    return task


def _check_purchase(purchase: Purchase, lines: Sequence[LineInput]) -> None:
    supplier = purchase.supplier
    if not supplier.area.is_paired:
        raise ValidationError(
            {
                "supplier": _("供应商“%(supplier)s”所在的%(area)s不是结对帮扶地区，不能计入消费扶贫采购。")
                % {"supplier": supplier.name, "area": supplier.area}
            }
        )
    if not lines:
        raise ValidationError(_("一次采购至少要有一条明细。"))
    for number, line in enumerate(lines, start=1):
        prefix = _("第 %(n)s 条明细：") % {"n": number}
        if line.product.supplier_id != supplier.pk:
            raise ValidationError(
                prefix
                + _("产品“%(product)s”不是供应商“%(supplier)s”的产品。")
                % {"product": line.product.name, "supplier": supplier.name}
            )
        if line.quantity is None or line.quantity <= 0:
            raise ValidationError(prefix + _("数量必须大于 0。"))
        if line.unit_price is None or line.unit_price <= 0:
            raise ValidationError(prefix + _("单价必须大于 0。"))
        if Decimal(line.unit_price).as_tuple().exponent < -2:
            raise ValidationError(prefix + _("单价最多保留两位小数（分）。"))
        if Decimal(line.quantity).as_tuple().exponent < -2:
            raise ValidationError(prefix + _("数量最多保留两位小数。"))


def missing_task_message(year: int | str) -> str:
    """Why a purchase of this year cannot be saved yet (the form shows it with a link to create the task)."""
    return _("%(year)s 年还没有消费扶贫采购任务：请先设定该年度的采购任务，再录入这一年的采购。") % {"year": year}


def _assign_task(purchase: Purchase) -> None:
    """A purchase counts toward the task of the year it was made in: the date decides, not a choice."""
    if purchase.purchased_on is None:
        raise ValidationError({"purchased_on": _("请填写采购日期。")})
    try:
        sane_date(purchase.purchased_on)  # before looking for "the task of year 1"
    except ValidationError as error:
        raise ValidationError({"purchased_on": error.messages}) from None
    year = purchase.purchased_on.year
    if purchase.task_id and purchase.task.year == year:
        return
    task = Task.objects.filter(year=year).first()
    if task is None:
        raise ValidationError({"purchased_on": missing_task_message(year)})
    purchase.task = task


@transaction.atomic
def purchase_save(
    *,
    purchase: Purchase,
    departments: Iterable[Unit],
    lines: Sequence[LineInput],
    by,
    submission_token: UUID | None = None,
) -> Purchase:
    """Create or update a purchase with its departments and lines; the total is the sum of the lines.

    ``submission_token`` (the create form's one-time token) makes a double click save one purchase.
    """
    require(by, rules.ENTER if purchase.pk is None else rules.EDIT, purchase)
    submission_claim(token=submission_token, by=by)
    departments = list(departments)
    if not departments:
        raise ValidationError({"departments": _("请至少选择一个采购部门。")})
    _assign_task(purchase)
    _check_purchase(purchase, lines)
    purchase.total = sum((line_amount(line.quantity, line.unit_price) for line in lines), Decimal("0.00"))
    if purchase.pk is None:
        purchase.created_by = by
    purchase.full_clean()
    purchase._history_user = by
    purchase.save()
    purchase.departments.set(departments)
    _replace_lines(purchase, lines, by)
    stored = purchase.lines.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    if stored != purchase.total:  # a guard for the invariant, not a user error
        raise ValidationError(_("明细合计与采购合计不一致，未保存。"))
    submission_record_url(token=submission_token, url=reverse("purchases:purchase_detail", args=[purchase.uuid]))
    return purchase


def _replace_lines(purchase: Purchase, lines: Sequence[LineInput], by) -> None:
    """Keep unchanged lines (and their history), update changed ones in place, add or delete the rest."""
    existing = list(purchase.lines.order_by("pk"))
    for index, line in enumerate(lines):
        record = existing[index] if index < len(existing) else PurchaseLine(purchase=purchase)
        unchanged = (
            record.pk
            and record.product_id == line.product.pk
            and record.quantity == line.quantity
            and record.unit_price == line.unit_price
        )
        if unchanged:
            continue
        record.product, record.quantity, record.unit_price = line.product, line.quantity, line.unit_price
        record.amount = line_amount(line.quantity, line.unit_price)
        record.full_clean()
        record._history_user = by
        record.save()
    for record in existing[len(lines) :]:
        record._history_user = by
        record.delete()


@transaction.atomic
def purchase_delete(*, purchase: Purchase, by) -> None:
    require(by, rules.REMOVE, purchase)
    for line in purchase.lines.all():
        line._history_user = by
        line.delete()
    purchase._history_user = by
    purchase.delete()


@transaction.atomic
def attachment_add(*, purchase: Purchase, uploaded, title: str = "", by) -> Attachment:
    require(by, rules.ATTACH, purchase)
    stored = attachment_store(uploaded=uploaded, by=by)
    attachment = Attachment(purchase=purchase, stored=stored, title=title, uploaded_by=by)
    attachment.full_clean()
    attachment.save()
    return attachment
