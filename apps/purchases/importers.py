"""The purchase import: one row per line item; rows sharing an order or invoice number form one purchase.

Columns are documented in docs/purchases.md. Amounts are computed from quantity × unit price; a 合计
column, when filled, must equal the sum of its purchase's lines.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import ImportColumn, Importer, ImportPreview, parse_date, register
from apps.people.models import Unit
from apps.purchases import services
from apps.purchases.models import Product, Purchase, Supplier, Task, line_amount
from apps.welfare import selectors as welfare_selectors

SEPARATORS = re.compile(r"[、,，;；/\s]+")
PURPOSES = {str(label): value for value, label in Purchase.Purpose.choices} | {
    "礼包": Purchase.Purpose.GIFT_PACK,
    "食堂": Purchase.Purpose.CANTEEN,
    "慰问": Purchase.Purpose.CONDOLENCE,
}


@dataclass
class PurchaseDraft:
    """One purchase being assembled from its rows."""

    key: str
    first_row: int
    purchased_on: date
    task_id: int
    supplier_id: int
    department_ids: list[int]
    purpose: str
    order_no: str
    invoice_no: str
    note: str
    distribution_id: int | None = None
    lines: list[dict] = field(default_factory=list)  # product_id or new product (name, unit), quantity, unit_price
    stated_total: Decimal | None = None
    incomplete: bool = False  # a row of it was refused, so its total cannot be checked


def _decimal(text: str) -> Decimal:
    value = Decimal(text.replace(",", "").replace("，", "").replace("¥", "").replace("元", "").strip())
    if not value.is_finite():
        raise InvalidOperation
    return value


@register
class PurchaseImporter(Importer):
    key = "purchases"
    title = gettext_lazy("导入扶贫采购")
    action = "purchases.import"
    docs = "docs/purchases.md#import"
    success_url = "purchases:purchase_list"
    columns = [
        ImportColumn("订单号", help=gettext_lazy("832平台订单号；同一订单号的各行为同一笔采购")),
        ImportColumn("发票号", help=gettext_lazy("无订单号时按发票号归并各行；两者至少填一个")),
        ImportColumn("采购日期", required=True, help=gettext_lazy("如 2020-06-18，须在已设定任务的年度内")),
        ImportColumn("供应商", required=True, help=gettext_lazy("须为系统中已有的、结对帮扶地区的供应商")),
        ImportColumn("采购部门", required=True, help=gettext_lazy("单位名称，多个用顿号分隔")),
        ImportColumn("用途", help=gettext_lazy("职工福利礼包 / 食堂采购 / 慰问物资 / 其他，为空表示职工福利礼包")),
        ImportColumn("产品", required=True, help=gettext_lazy("该供应商的产品名称；新产品须填计量单位")),
        ImportColumn("计量单位", help=gettext_lazy("新产品必填，如 箱、袋")),
        ImportColumn("数量", required=True, help=gettext_lazy("大于 0，最多两位小数")),
        ImportColumn("单价", required=True, help=gettext_lazy("元，大于 0，最多两位小数")),
        ImportColumn("合计", help=gettext_lazy("可不填；填写时须等于该笔采购各行数量 × 单价之和")),
        ImportColumn(
            "发放礼包", help=gettext_lazy("可不填；福利批量发放的名称，如 2020年中秋国庆福利礼包（扶贫产品）")
        ),
        ImportColumn("备注"),
    ]

    def validate(self, rows: list[dict[str, str]]) -> ImportPreview:
        preview = ImportPreview()
        context = {
            "suppliers": {s.name: s for s in Supplier.objects.select_related("area")},
            "units": {u.name: u for u in Unit.objects.all()},
            "tasks": {t.year: t for t in Task.objects.all()},
            "products": {(p.supplier_id, p.name): p for p in Product.objects.all()},
            "orders": set(Purchase.objects.exclude(order_no="").values_list("order_no", flat=True)),
            "invoices": set(Purchase.objects.exclude(invoice_no="").values_list("invoice_no", flat=True)),
            "distributions": {
                d.title: d.pk for d in welfare_selectors.distribution_choices().order_by("distributed_on", "pk")
            },
        }
        drafts: dict[str, PurchaseDraft] = {}
        for number, row in enumerate(rows, start=2):
            self._row(number, row, preview, context, drafts)
        for draft in drafts.values():
            computed = sum((line_amount(line["quantity"], line["unit_price"]) for line in draft.lines), Decimal("0"))
            if not draft.incomplete and draft.stated_total is not None and draft.stated_total != computed:
                preview.error(
                    draft.first_row,
                    "合计",
                    _("合计 %(stated)s 与各行数量 × 单价之和 %(computed)s 不一致。")
                    % {"stated": draft.stated_total, "computed": computed},
                )
        preview.cleaned = list(drafts.values()) if preview.is_valid else []
        preview.created = len(drafts)
        return preview

    def _row(self, number: int, row: dict, preview: ImportPreview, context: dict, drafts: dict) -> None:
        errors_before = len(preview.errors)
        order_no, invoice_no = row.get("订单号", ""), row.get("发票号", "")
        key = f"order:{order_no}" if order_no else (f"invoice:{invoice_no}" if invoice_no else "")
        if not key:
            preview.error(number, "订单号", _("订单号和发票号至少填一个，用来把同一笔采购的各行归在一起。"))
        elif order_no in context["orders"] or (not order_no and invoice_no in context["invoices"]):
            preview.error(
                number,
                "订单号" if order_no else "发票号",
                _("“%(value)s”已有采购记录，不能重复导入。") % {"value": order_no or invoice_no},
            )
        purchased_on = task = None
        text = row.get("采购日期", "")
        try:
            purchased_on = parse_date(text)
        except ValueError:
            preview.error(number, "采购日期", _("日期“%(value)s”无法识别，请写成 2020-01-31。") % {"value": text})
        else:
            task = context["tasks"].get(purchased_on.year)
            if task is None:
                preview.error(
                    number,
                    "采购日期",
                    _("%(year)s 年还没有设定年度采购任务，请先新建任务。") % {"year": purchased_on.year},
                )
        supplier = context["suppliers"].get(row.get("供应商", ""))
        if supplier is None:
            preview.error(
                number, "供应商", _("未知供应商“%(value)s”，请先添加供应商。") % {"value": row.get("供应商", "")}
            )
        elif not supplier.area.is_paired:
            preview.error(
                number,
                "供应商",
                _("供应商“%(supplier)s”所在的%(area)s不是结对帮扶地区。")
                % {"supplier": supplier.name, "area": supplier.area},
            )
        departments = []
        for name in (n for n in SEPARATORS.split(row.get("采购部门", "")) if n):
            unit = context["units"].get(name)
            if unit is None:
                preview.error(number, "采购部门", _("未知单位“%(value)s”。") % {"value": name})
            else:
                departments.append(unit.pk)
        if not departments and len(preview.errors) == errors_before:
            preview.error(number, "采购部门", _("请填写采购部门。"))
        purpose = PURPOSES.get(row.get("用途", "") or str(Purchase.Purpose.GIFT_PACK.label))
        if purpose is None:
            preview.error(
                number,
                "用途",
                _("用途“%(value)s”无效：应为 职工福利礼包、食堂采购、慰问物资 或 其他。")
                % {"value": row.get("用途", "")},
            )
        distribution_id = None
        if row.get("发放礼包", ""):
            distribution_id = context["distributions"].get(row["发放礼包"])
            if distribution_id is None:
                preview.error(number, "发放礼包", _("没有名为“%(value)s”的福利批量发放。") % {"value": row["发放礼包"]})
        line = self._line(number, row, preview, context, supplier)
        stated_total = None
        if row.get("合计", ""):
            try:
                stated_total = _decimal(row["合计"])
            except InvalidOperation:
                preview.error(number, "合计", _("合计“%(value)s”不是数字。") % {"value": row["合计"]})
        if len(preview.errors) > errors_before:
            if key in drafts:
                drafts[key].incomplete = True
            return
        draft = drafts.get(key)
        if draft is None:
            drafts[key] = draft = PurchaseDraft(
                key=key,
                first_row=number,
                purchased_on=purchased_on,
                task_id=task.pk,
                supplier_id=supplier.pk,
                department_ids=sorted(set(departments)),
                purpose=purpose,
                order_no=order_no,
                invoice_no=invoice_no,
                note=row.get("备注", ""),
                distribution_id=distribution_id,
            )
        else:
            for column, same in (
                ("采购日期", draft.purchased_on == purchased_on),
                ("供应商", draft.supplier_id == supplier.pk),
                ("采购部门", draft.department_ids == sorted(set(departments))),
                ("用途", draft.purpose == purpose),
                ("发放礼包", draft.distribution_id == distribution_id),
            ):
                if not same:
                    preview.error(
                        number,
                        column,
                        _("与第 %(row)s 行同属一笔采购，但%(column)s不同。")
                        % {"row": draft.first_row, "column": column},
                    )
                    draft.incomplete = True
                    return
        if stated_total is not None:
            if draft.stated_total is not None and draft.stated_total != stated_total:
                preview.error(number, "合计", _("与第 %(row)s 行同属一笔采购，但合计不同。") % {"row": draft.first_row})
                return
            draft.stated_total = stated_total
        draft.lines.append(line)
        new_product = line.get("product_id") is None
        preview.rows.append({**row, "_action": _("新增（新产品）") if new_product else _("新增")})

    def _line(self, number, row, preview, context, supplier) -> dict:
        values = {}
        for column, key in (("数量", "quantity"), ("单价", "unit_price")):
            text = row.get(column, "")
            try:
                value = _decimal(text)
            except InvalidOperation:
                preview.error(number, column, _("%(column)s“%(value)s”不是数字。") % {"column": column, "value": text})
                continue
            if value <= 0:
                preview.error(number, column, _("%(column)s必须大于 0。") % {"column": column})
            elif value.as_tuple().exponent < -2:
                preview.error(
                    number, column, _("%(column)s“%(value)s”超过两位小数。") % {"column": column, "value": text}
                )
            values[key] = value
        name, unit = row.get("产品", ""), row.get("计量单位", "")
        product = context["products"].get((supplier.pk, name)) if supplier else None
        if not name:
            preview.error(number, "产品", _("请填写产品名称。"))
        elif product is None and supplier is not None and not unit:
            preview.error(
                number, "计量单位", _("“%(product)s”不是该供应商已有的产品；新产品请填写计量单位。") % {"product": name}
            )
        return {"product_id": product.pk if product else None, "name": name, "unit": unit, **values}

    def apply(self, preview: ImportPreview, *, by) -> str:
        created_products = 0
        total = Decimal("0.00")
        for draft in preview.cleaned:
            supplier = Supplier.objects.select_related("area").get(pk=draft.supplier_id)
            lines = []
            for line in draft.lines:
                product = Product.objects.filter(supplier=supplier, name=line["name"]).first()
                if product is None:
                    product = services.product_save(
                        product=Product(supplier=supplier, name=line["name"], unit=line["unit"]), by=by
                    )
                    created_products += 1
                lines.append(
                    services.LineInput(product=product, quantity=line["quantity"], unit_price=line["unit_price"])
                )
            purchase = services.purchase_save(
                purchase=Purchase(
                    task_id=draft.task_id,
                    purchased_on=draft.purchased_on,
                    supplier=supplier,
                    purpose=draft.purpose,
                    order_no=draft.order_no,
                    invoice_no=draft.invoice_no,
                    note=draft.note,
                    distribution_id=draft.distribution_id,
                ),
                departments=Unit.objects.filter(pk__in=draft.department_ids),
                lines=lines,
                by=by,
            )
            total += purchase.total
        return _("采购导入完成：新增 %(count)s 笔采购，合计 %(total)s 元；新增产品 %(products)s 个。") % {
            "count": len(preview.cleaned),
            "total": total,
            "products": created_products,
        }
