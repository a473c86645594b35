from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.people.models import Unit
from apps.purchases.models import Area, Attachment, Product, Purchase, Supplier, Task
from apps.purchases.services import LineInput
from apps.welfare.models import Distribution


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


class PurchaseForm(forms.ModelForm):
    departments = forms.ModelMultipleChoiceField(
        label=_("采购部门"), queryset=Unit.objects.filter(kind=Unit.Kind.OFFICE), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Purchase
        fields = [
            "task",
            "purchased_on",
            "supplier",
            "departments",
            "purpose",
            "invoice_no",
            "order_no",
            "distribution",
            "note",
        ]
        widgets = {"purchased_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.select_related("area").filter(
            is_active=True
        ) | Supplier.objects.filter(pk=self.instance.supplier_id or 0)
        self.fields["distribution"].queryset = Distribution.objects.exclude(kind=Distribution.Kind.BIRTHDAY)
        if self.instance.pk:
            self.fields["departments"].queryset = Unit.objects.filter(kind=Unit.Kind.OFFICE) | Unit.objects.filter(
                pk__in=self.instance.departments.values("pk")
            )


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Product) -> str:
        return f"{obj.supplier.name} · {obj.name}（{obj.unit}）"


class LineForm(forms.Form):
    product = ProductChoiceField(
        label=_("产品"), queryset=Product.objects.select_related("supplier").filter(is_active=True), required=False
    )
    quantity = forms.DecimalField(label=_("数量"), max_digits=10, required=False)
    unit_price = forms.DecimalField(label=_("单价（元）"), max_digits=12, required=False)

    def clean(self):
        cleaned = super().clean()
        product, quantity, price = cleaned.get("product"), cleaned.get("quantity"), cleaned.get("unit_price")
        if not product and quantity is None and price is None:
            return cleaned  # an empty row
        if not product:
            self.add_error("product", _("请选择产品。"))
        if quantity is None:
            self.add_error("quantity", _("请填写数量。"))
        elif quantity <= 0:
            self.add_error("quantity", _("数量必须大于 0。"))
        elif quantity.as_tuple().exponent < -2:
            self.add_error("quantity", _("数量最多保留两位小数。"))
        if price is None:
            self.add_error("unit_price", _("请填写单价。"))
        elif price <= 0:
            self.add_error("unit_price", _("单价必须大于 0。"))
        elif price.as_tuple().exponent < -2:
            self.add_error("unit_price", _("单价最多保留两位小数（分）。"))
        return cleaned


class BaseLineFormSet(forms.BaseFormSet):
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


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=0)


class AttachmentForm(forms.ModelForm):
    # The upload itself; the service checks it and stores it as a core attachment.
    file = forms.FileField(label=_("文件"))

    class Meta:
        model = Attachment
        fields = ["file", "title"]
