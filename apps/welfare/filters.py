import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core import permissions
from apps.core.params import YEAR_MAX, YEAR_MIN
from apps.people.models import BranchUnion, Member, Unit
from apps.welfare.models import Distribution, MutualAidClaim, Visit, VisitType

MONTHS = [(m, _("%(month)d月") % {"month": m}) for m in range(1, 13)]
YES_NO = [("yes", _("是")), ("no", _("否"))]


class _YearMonth(django_filters.FilterSet):
    """Year and month filters on the date field named by ``date_field``."""

    date_field = ""
    year = django_filters.NumberFilter(label=_("年度"), method="filter_year")
    month = django_filters.ChoiceFilter(label=_("月份"), choices=MONTHS, method="filter_month")

    def filter_year(self, queryset, name, value):
        """A year outside 1900–2100 (``?year=-1``, ``99999999``) is ignored, as apps.core.params does."""
        if value != value.to_integral_value() or not YEAR_MIN <= value <= YEAR_MAX:
            return queryset
        return queryset.filter(**{f"{self.date_field}__year": int(value)})

    def filter_month(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__month": value})


def _search(queryset, name, value):
    return queryset.filter(Q(member__name__contains=value) | Q(member__employee_no__startswith=value))


class VisitFilter(_YearMonth):
    date_field = "visited_on"
    q = django_filters.CharFilter(label=_("姓名或工号"), method=_search)
    visit_type = django_filters.ModelChoiceFilter(
        label=_("慰问类型"), queryset=VisitType.objects.all(), to_field_name="code"
    )
    branch = django_filters.ModelChoiceFilter(
        label=_("分工会"), field_name="member__branch", queryset=BranchUnion.objects.all()
    )
    unit = django_filters.ModelChoiceFilter(label=_("单位"), field_name="member__unit", queryset=Unit.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Visit.Status.choices)
    five_must_visit = django_filters.ChoiceFilter(
        label=_("五必访"), choices=YES_NO, method="filter_flag", field_name="visit_type__five_must_visit"
    )
    life_event = django_filters.ChoiceFilter(
        label=_("生病婚育"), choices=YES_NO, method="filter_flag", field_name="visit_type__life_event"
    )

    class Meta:
        model = Visit
        fields = ["q", "year", "month", "visit_type", "branch", "unit", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and not permissions.can(user, "welfare.view_private"):
            self.filters["visit_type"].queryset = VisitType.objects.filter(private=False)

    def filter_flag(self, queryset, name, value):
        return queryset.filter(**{name: value == "yes"})


class DistributionFilter(_YearMonth):
    date_field = "distributed_on"
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=Distribution.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Distribution.Status.choices)

    class Meta:
        model = Distribution
        fields = ["year", "month", "kind", "status"]


class RecipientFilter(django_filters.FilterSet):
    """The members of a distribution (or of its preview)."""

    q = django_filters.CharFilter(label=_("姓名或工号"), method="search")
    branch = django_filters.ModelChoiceFilter(label=_("分工会"), queryset=BranchUnion.objects.all())
    unit = django_filters.ModelChoiceFilter(label=_("单位"), queryset=Unit.objects.all())

    class Meta:
        model = Member
        fields = ["q", "branch", "unit"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(employee_no__startswith=value))


class ClaimFilter(_YearMonth):
    date_field = "submitted_on"
    q = django_filters.CharFilter(label=_("姓名或工号"), method=_search)
    branch = django_filters.ModelChoiceFilter(
        label=_("分工会"), field_name="member__branch", queryset=BranchUnion.objects.all()
    )
    unit = django_filters.ModelChoiceFilter(label=_("单位"), field_name="member__unit", queryset=Unit.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=MutualAidClaim.Status.choices)

    class Meta:
        model = MutualAidClaim
        fields = ["q", "year", "month", "branch", "unit", "status"]


class EnrolmentFilter(_YearMonth):
    date_field = "mutual_aid_joined_on"
    q = django_filters.CharFilter(label=_("姓名或工号"), method="search")
    branch = django_filters.ModelChoiceFilter(label=_("分工会"), queryset=BranchUnion.objects.all())
    unit = django_filters.ModelChoiceFilter(label=_("单位"), queryset=Unit.objects.all())

    class Meta:
        model = Member
        fields = ["q", "year", "month", "branch", "unit"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__contains=value) | Q(employee_no__startswith=value))
