import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.activities.models import Activity, Category
from apps.people.models import BranchUnion, Unit


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("活动名称"), field_name="title", lookup_expr="icontains")
    year = django_filters.NumberFilter(label=_("年度"), field_name="year")
    category = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("activity", "类别"), queryset=Category.objects.all(), empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Activity.Status.choices, empty_label=_("全部"))
    host_unit = django_filters.ModelChoiceFilter(
        label=_("承办单位"),
        queryset=Unit.objects.all(),
        field_name="host_units",
        distinct=True,
        empty_label=_("全部"),
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("组织分工会"),
        queryset=BranchUnion.objects.all(),
        field_name="organising_branch",
        empty_label=_("全部"),
    )
    notable = django_filters.ChoiceFilter(
        label=_("重点活动"),
        choices=[("yes", _("是")), ("no", _("否"))],
        method="filter_notable",
        empty_label=_("全部"),
    )

    class Meta:
        model = Activity
        fields = ["q", "year", "category", "status", "host_unit", "branch", "notable"]

    def filter_notable(self, queryset, name, value):
        return queryset.filter(is_notable=value == "yes")
