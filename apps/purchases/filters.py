import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.params import YEAR_MAX, YEAR_MIN
from apps.people.models import Unit
from apps.purchases.models import Area, Product, Purchase, Supplier, Task


class PurchaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("发票号、订单号或备注"), method="search")
    # Out-of-range values make the field invalid, and django-filter then leaves that filter out: never a 500.
    year = django_filters.NumberFilter(
        label=_("年度"), field_name="purchased_on", lookup_expr="year", min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    month = django_filters.NumberFilter(
        label=_("月份"), field_name="purchased_on", lookup_expr="month", min_value=1, max_value=12
    )
    supplier = django_filters.ModelChoiceFilter(label=_("供应商"), queryset=Supplier.objects.all())
    area = django_filters.ModelChoiceFilter(
        label=_("帮扶地区"), field_name="supplier__area", queryset=Area.objects.all()
    )
    department = django_filters.ModelChoiceFilter(
        label=_("采购部门"),
        field_name="departments",
        queryset=Unit.objects.filter(poverty_purchases__isnull=False).distinct(),
    )
    purpose = django_filters.ChoiceFilter(label=_("用途"), choices=Purchase.Purpose.choices)

    class Meta:
        model = Purchase
        fields = ["q", "year", "month", "supplier", "area", "department", "purpose"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(invoice_no__icontains=value) | Q(order_no__icontains=value) | Q(note__contains=value))


class SupplierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")
    area = django_filters.ModelChoiceFilter(label=_("帮扶地区"), queryset=Area.objects.all())
    via_832 = django_filters.BooleanFilter(label=_("832平台"))
    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = Supplier
        fields = ["q", "area", "via_832", "is_active"]


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("产品名称或认定编号"), method="search")
    supplier = django_filters.ModelChoiceFilter(label=_("供应商"), queryset=Supplier.objects.all())
    area = django_filters.ModelChoiceFilter(
        label=_("帮扶地区"), field_name="supplier__area", queryset=Area.objects.all()
    )
    certified = django_filters.ChoiceFilter(
        label=_("扶贫产品认定"), choices=[("yes", _("已认定")), ("no", _("未填认定编号"))], method="filter_certified"
    )

    class Meta:
        model = Product
        fields = ["q", "supplier", "area", "certified"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(certification_no__icontains=value))

    def filter_certified(self, queryset, name, value):
        return queryset.exclude(certification_no="") if value == "yes" else queryset.filter(certification_no="")


class AreaFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(label=_("省份"), lookup_expr="contains")
    is_paired = django_filters.BooleanFilter(label=_("结对帮扶中"))

    class Meta:
        model = Area
        fields = ["province", "is_paired"]


class TaskFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("年度"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    class Meta:
        model = Task
        fields = ["year"]
