from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.core.submissions import OnceFormMixin
from apps.people.models import Unit
from apps.purchases.models import Area, Attachment, Product, Purchase, Supplier, Task
from apps.purchases.services import LineInput
from apps.welfare import selectors as welfare_selectors


class AreaForm(forms.ModelForm):
    class Meta:
        model = Area
        fields = ["province", "county", "is_paired", "note"]


class SupplierForm(forms.ModelForm):
    class Meta:
        model = Supplier
        fields = ["name", "area", "via_832", "contact", "phone", "is_active", "note"]


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["supplier", "name", "unit", "certification_no", "is_active"]


def _at_most_cents(value: Decimal | None, label) -> Decimal | None:
    if value is not None and value.as_tuple().exponent < -2:
        raise forms.ValidationError(_("%(label)s最多保留两位小数（分）。") % {"label": label})
    return value


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["year", "amount", "per_head", "note"]

    def clean_amount(self):
        return _at_most_cents(self.cleaned_data.get("amount"), _("任务金额"))


class ShareForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("部门"), queryset=Unit.objects.all(), required=False)
    amount = forms.DecimalField(label=_("分解金额（元）"), max_digits=12, required=False)

    def clean(self):
        cleaned = super().clean()
        unit, amount = cleaned.get("unit"), cleaned.get("amount")
        if unit and amount is None:
            self.add_error("amount", _("请填写分解金额。"))
        if amount is not None and not unit:
            self.add_error("unit", _("请选择部门。"))
        if amount is not None and amount <= 0:
            self.add_error("amount", _("分解金额必须大于 0。"))
        elif amount is not None and amount.as_tuple().exponent < -2:
            self.add_error("amount", _("分解金额最多保留两位小数（分）。"))
        return cleaned


ShareFormSet = forms.formset_factory(ShareForm, extra=0)


class PurchaseForm(OnceFormMixin, forms.ModelForm):
    """The purchase itself; its task follows from the date (the service picks the year's task)."""

    departments = forms.ModelMultipleChoiceField(
        label=_("采购部门"), queryset=Unit.objects.filter(kind=Unit.Kind.OFFICE), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Purchase
        fields = [
            "supplier",
            "purchased_on",
            "departments",
            "purpose",
            "invoice_no",
            "order_no",
            "distribution",
            "note",
        ]
        widgets = {"purchased_on": DateInput()}

    def __init__(self, *args, supplier_choices: list[Supplier] = (), **kwargs):
        super().__init__(*args, **kwargs)
        supplier = self.fields["supplier"]
        supplier.queryset = Supplier.objects.filter(is_active=True) | Supplier.objects.filter(
            pk=self.instance.supplier_id or 0
        )
        # The select offers a few suppliers (recent ones, or a search's results: purchase_form.js); any active
        # supplier is still accepted. The chosen one is always among the options.
        supplier.widget.choices = self._supplier_options(supplier_choices)
        supplier.help_text = _("先选供应商，明细中只列出该供应商的产品。列表中没有时，在下面的框里输入名称搜索。")
        supplier.widget.attrs["data-supplier-select"] = ""
        self.fields["purchased_on"].widget.attrs["data-purchase-date"] = ""
        self.fields["distribution"].queryset = welfare_selectors.distribution_choices()
        if self.instance.pk:
            self.fields["departments"].queryset = Unit.objects.filter(kind=Unit.Kind.OFFICE) | Unit.objects.filter(
                pk__in=self.instance.departments.values("pk")
            )

    def _supplier_options(self, offered: list[Supplier]) -> list[tuple]:
        chosen_pk = self.data.get("supplier") if self.is_bound else self.instance.supplier_id
        options = {str(s.pk): s.name for s in offered}
        if chosen_pk and str(chosen_pk) not in options and str(chosen_pk).isdigit() and len(str(chosen_pk)) < 10:
            chosen = Supplier.objects.filter(pk=chosen_pk).values_list("pk", "name").first()
            if chosen:
                options = {str(chosen[0]): chosen[1], **options}
        return [("", "---------"), *options.items()]


def product_label(product: Product) -> str:
    return f"{product.name}（{product.unit}）"


class LineForm(forms.Form):
    """One line. The product select holds only the chosen product; the page loads the supplier's others."""

    product = forms.TypedChoiceField(label=_("产品"), coerce=int, required=False, empty_value=None)
    quantity = forms.DecimalField(label=_("数量"), max_digits=10, required=False)
    unit_price = forms.DecimalField(label=_("单价（元）"), max_digits=12, required=False)

    def __init__(self, *args, products: dict[int, Product], **kwargs):
        super().__init__(*args, **kwargs)
        self.products = products
        chosen = self._chosen()
        self.fields["product"].choices = [("", _("请选择产品"))] + (
            [(chosen.pk, product_label(chosen))] if chosen else []
        )
        self.fields["product"].widget.attrs.update({"data-line-product": "", "class": "form-select"})
        for name, marker in (("quantity", "data-line-quantity"), ("unit_price", "data-line-price")):
            label = self.fields[name].label  # shown as a placeholder where the phone layout hides the header
            attrs = {marker: "", "class": "form-control text-end", "step": "0.01", "inputmode": "decimal"}
            attrs["placeholder"] = label
            self.fields[name].widget.attrs.update(attrs)

    def _chosen(self) -> Product | None:
        raw = self.data.get(self.add_prefix("product")) if self.is_bound else self.initial.get("product")
        try:
            return self.products.get(int(raw))
        except (TypeError, ValueError):
            return None

    def clean_product(self):
        pk = self.cleaned_data.get("product")
        if pk is None:
            return None
        return self.products[pk]  # the choices hold only known products, so the field refused any other

    def clean(self):
        cleaned = super().clean()
        product, quantity, price = cleaned.get("product"), cleaned.get("quantity"), cleaned.get("unit_price")
        if not product and quantity is None and price is None and not self.errors:
            return cleaned  # an empty row
        if not product and "product" not in self.errors:
            self.add_error("product", _("请选择产品。"))
        if quantity is None:
            if "quantity" not in self.errors:
                self.add_error("quantity", _("请填写数量。"))
        elif quantity <= 0:
            self.add_error("quantity", _("数量必须大于 0。"))
        elif quantity.as_tuple().exponent < -2:
            self.add_error("quantity", _("数量最多保留两位小数。"))
        if price is None:
            if "unit_price" not in self.errors:
                self.add_error("unit_price", _("请填写单价。"))
        elif price <= 0:
            self.add_error("unit_price", _("单价必须大于 0。"))
        elif price.as_tuple().exponent < -2:
            self.add_error("unit_price", _("单价最多保留两位小数（分）。"))
        return cleaned


MAX_LINES = 200


class BaseLineFormSet(forms.BaseFormSet):
    """The lines of a purchase. Every product the lines name is fetched in one query, whatever their number."""

    def __init__(self, *args, known_products: dict[int, Product] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._products = self._load_products(known_products or {})

    def _load_products(self, known: dict[int, Product]) -> dict[int, Product]:
        if self.is_bound:
            raw = [self.data.get(f"{self.prefix}-{i}-product") for i in range(min(self.total_form_count(), MAX_LINES))]
        else:
            raw = [line.get("product") for line in self.initial or []]
        ids = {int(value) for value in raw if str(value or "").isdigit() and len(str(value)) < 10}
        found = {pk: known[pk] for pk in ids if pk in known}
        if missing := ids - found.keys():
            found |= {product.pk: product for product in Product.objects.filter(pk__in=missing)}
        return found

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "products": getattr(self, "_products", {})}

    def line_inputs(self) -> list[LineInput]:
        return [
            LineInput(
                product=form.cleaned_data["product"],
                quantity=form.cleaned_data["quantity"],
                unit_price=form.cleaned_data["unit_price"],
            )
            for form in self.forms
            if form.cleaned_data.get("product")
        ]

    def clean(self):
        if any(self.errors):
            return
        if not self.line_inputs():
            raise forms.ValidationError(_("一次采购至少要有一条明细。"))


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLineFormSet, extra=0, max_num=MAX_LINES, validate_max=True, absolute_max=MAX_LINES
)


class AttachmentForm(forms.ModelForm):
    # The upload itself; the service checks it and stores it as a core attachment.
    file = forms.FileField(label=_("文件"))

    class Meta:
        model = Attachment
        fields = ["file", "title"]
