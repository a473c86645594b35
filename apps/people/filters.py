import django_filters
from django.utils.translation import gettext_lazy as _

from apps.people.models import BranchUnion, Member, Unit
from apps.people.selectors import search_members


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名或工号"), method="search")
    unit = django_filters.ModelChoiceFilter(label=_("单位"), queryset=Unit.objects.all())
    branch = django_filters.ModelChoiceFilter(label=_("分工会"), queryset=BranchUnion.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Member.Status.choices)
    mutual_aid = django_filters.ChoiceFilter(
        label=_("互助会"), choices=[("yes", _("已加入")), ("no", _("未加入"))], method="filter_mutual_aid"
    )

    class Meta:
        model = Member
        fields = ["q", "unit", "branch", "status", "mutual_aid"]

    def filter_mutual_aid(self, queryset, name, value):
        return queryset.filter(mutual_aid_joined_on__isnull=value != "yes")

    def search(self, queryset, name, value):
        return search_members(queryset, value)
