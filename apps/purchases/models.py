"""Consumer poverty-alleviation purchases (消费扶贫): paired areas, suppliers, products, yearly tasks, purchases."""

import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round, Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.validators import sane_date

CENT = Decimal("0.01")


def trigram_index(field: str, name: str, *, any_case: bool = False) -> GinIndex:
    """A trigram GIN index for searches inside a text (``contains``; ``icontains`` when ``any_case``).

    Django writes ``icontains`` as ``UPPER(col) LIKE UPPER(...)``, so that one is indexed on ``UPPER(col)``.
    """
    expression = Upper(field) if any_case else F(field)
    return GinIndex(OpClass(expression, name="gin_trgm_ops"), name=name)


def line_amount(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """A line's total in yuan: quantity × unit price, rounded half up to the cent (never typed)."""
    return (Decimal(quantity) * Decimal(unit_price)).quantize(CENT, rounding=ROUND_HALF_UP)


class Area(models.Model):
    """帮扶地区: a paired poor area (province and county) the unit buys from."""

    province = models.CharField(_("省份"), max_length=50)
    county = models.CharField(_("县（区）"), max_length=50)
    is_paired = models.BooleanField(_("结对帮扶中"), default=True, help_text=_("只能向结对帮扶中的地区的供应商采购。"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("帮扶地区")
        verbose_name_plural = _("帮扶地区")
        ordering = ["province", "county"]
        constraints = [models.UniqueConstraint(fields=["province", "county"], name="purchases_area_unique")]

    def __str__(self) -> str:
        return f"{self.province}{self.county}"


class Supplier(models.Model):
    """供应商: a seller from a paired area, often on the 832 platform."""

    name = models.CharField(_("供应商名称"), max_length=100, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("帮扶地区"), on_delete=models.PROTECT, related_name="suppliers")
    via_832 = models.BooleanField(_("通过832平台采购"), default=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("供应商")
        verbose_name_plural = _("供应商")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["via_832"]),
            models.Index(fields=["is_active"]),
            trigram_index("name", "purch_supplier_name_trgm"),
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """A product a supplier sells, with its unit of measure and 扶贫产品认定 certificate number."""

    supplier = models.ForeignKey(Supplier, verbose_name=_("供应商"), on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("产品名称"), max_length=100)
    unit = models.CharField(_("计量单位"), max_length=20, help_text=_("如：箱、袋、斤、盒"))
    certification_no = models.CharField(_("扶贫产品认定编号"), max_length=50, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("扶贫产品")
        verbose_name_plural = _("扶贫产品")
        ordering = ["supplier__name", "name"]
        constraints = [models.UniqueConstraint(fields=["supplier", "name"], name="purchases_product_unique_name")]
        indexes = [
            trigram_index("name", "purch_product_name_trgm"),
            trigram_index("certification_no", "purch_product_cert_trgm", any_case=True),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class Task(models.Model):
    """消费扶贫年度采购任务: the amount the unit must buy from paired areas in a year."""

    year = models.PositiveIntegerField(_("年度"), unique=True)
    amount = models.DecimalField(_("任务金额（元）"), max_digits=12, decimal_places=2)
    per_head = models.DecimalField(
        _("人均标准（元）"), max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("可不填")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度采购任务")
        verbose_name_plural = _("年度采购任务")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="purchases_task_amount_positive"),
            models.CheckConstraint(
                condition=Q(per_head__isnull=True) | Q(per_head__gt=0), name="purchases_task_per_head_positive"
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="purchases_task_year_sane"),
        ]

    def __str__(self) -> str:
        return _("%(year)s 年采购任务") % {"year": self.year}


class TaskShare(models.Model):
    """A department's share of the yearly task, when the task is split."""

    task = models.ForeignKey(Task, verbose_name=_("年度任务"), on_delete=models.CASCADE, related_name="shares")
    unit = models.ForeignKey("people.Unit", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("分解金额（元）"), max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("任务分解")
        verbose_name_plural = _("任务分解")
        ordering = ["unit__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="purchases_share_once_per_unit"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="purchases_share_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.amount}"


class Purchase(models.Model):
    """One purchase (one invoice / one 832 order) from one supplier, with its line items."""

    class Purpose(models.TextChoices):
        GIFT_PACK = "gift_pack", _("职工福利礼包")
        CANTEEN = "canteen", _("食堂采购")
        CONDOLENCE = "condolence", _("慰问物资")
        OTHER = "other", _("其他")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, verbose_name=_("年度任务"), on_delete=models.PROTECT, related_name="purchases")
    purchased_on = models.DateField(_("采购日期"), validators=[sane_date])
    supplier = models.ForeignKey(Supplier, verbose_name=_("供应商"), on_delete=models.PROTECT, related_name="purchases")
    departments = models.ManyToManyField("people.Unit", verbose_name=_("采购部门"), related_name="poverty_purchases")
    purpose = models.CharField(_("用途"), max_length=20, choices=Purpose.choices, default=Purpose.GIFT_PACK)
    invoice_no = models.CharField(_("发票号"), max_length=50, blank=True)
    order_no = models.CharField(_("832平台订单号"), max_length=50, blank=True)
    total = models.DecimalField(
        _("合计（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00"), editable=False
    )
    distribution = models.ForeignKey(
        "welfare.Distribution",
        verbose_name=_("发放礼包"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poverty_purchases",
        help_text=_("这批产品作为礼包发给职工时，选择对应的福利批量发放。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("录入人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[departments])

    class Meta:
        verbose_name = _("扶贫采购")
        verbose_name_plural = _("扶贫采购")
        ordering = ["-purchased_on", "-pk"]
        # The search box looks inside invoice and order numbers (any case) and notes: trigram indexes serve
        # those, and equality on an order number too. Dates with the id serve the list's order and deep pages.
        indexes = [
            models.Index(fields=["purchased_on", "id"], name="purch_purchase_date_id"),
            models.Index(fields=["purpose"]),
            trigram_index("invoice_no", "purch_invoice_no_trgm", any_case=True),
            trigram_index("order_no", "purch_order_no_trgm", any_case=True),
            trigram_index("note", "purch_purchase_note_trgm"),
        ]
        constraints = [models.CheckConstraint(condition=Q(total__gte=0), name="purchases_purchase_total_not_negative")]

    def __str__(self) -> str:
        return _("%(date)s %(supplier)s %(total)s 元") % {
            "date": self.purchased_on,
            "supplier": self.supplier,
            "total": self.total,
        }


class PurchaseLine(models.Model):
    """A line item: product × quantity at a unit price; the amount is computed, never typed."""

    purchase = models.ForeignKey(Purchase, verbose_name=_("采购"), on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(Product, verbose_name=_("产品"), on_delete=models.PROTECT, related_name="lines")
    quantity = models.DecimalField(_("数量"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("单价（元）"), max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("采购明细")
        verbose_name_plural = _("采购明细")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="purchases_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="purchases_line_price_positive"),
            models.CheckConstraint(
                condition=Q(amount=Round(F("quantity") * F("unit_price"), 2)), name="purchases_line_amount_computed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity}"

    def save(self, *args, **kwargs):
        self.amount = line_amount(self.quantity, self.unit_price)
        super().save(*args, **kwargs)


def attachment_path(instance, filename: str) -> str:
    """The old storage key (named by migration 0001 only): files now live under core's random keys."""
    return f"purchases/{instance.purchase.uuid}/{filename}"


class Attachment(models.Model):
    """An invoice scan, the 832 order page or a delivery note."""

    purchase = models.ForeignKey(Purchase, verbose_name=_("采购"), on_delete=models.CASCADE, related_name="attachments")
    # The stored file (random key, checked content, uploaded name) lives in core.
    stored = models.OneToOneField(
        "core.Attachment", verbose_name=_("文件"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    title = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("上传人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title or (self.stored.original_name if self.stored else "")
