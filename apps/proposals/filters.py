import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.people.models import Unit
from apps.proposals.models import Category, Congress, Proposal

ALL = _("全部")
# The register's status filter: the three public statuses, plus the groupings the annual report links to.
REGISTER_STATUS = [
    (Proposal.Status.ACCEPTED.value, _("待答复")),
    (Proposal.Status.ANSWERED.value, _("已答复·待评价")),
    (Proposal.Status.CLOSED.value, _("已办结")),
    ("in_process", _("办理中（未解决）")),
    ("has_answer", _("已有答复")),
    ("rated", _("已评价")),
]


def _years():
    years = Congress.objects.dates("starts_on", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


class _ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("标题或编号"), method="search")
    year = django_filters.ChoiceFilter(
        label=_("年度"), field_name="congress__starts_on__year", choices=_years, empty_label=ALL
    )
    congress = django_filters.ModelChoiceFilter(label=_("代表大会"), queryset=Congress.objects.all(), empty_label=ALL)
    category = django_filters.ChoiceFilter(label=_("类别"), choices=Category.choices, empty_label=ALL)
    department = django_filters.ModelChoiceFilter(
        label=_("承办部门"), queryset=Unit.objects.all(), method="filter_department", empty_label=ALL
    )

    def search(self, queryset, name, value):
        value = value.strip()
        condition = Q(title__contains=value)
        if "-" in value:
            year, _sep, seq = value.partition("-")
            if year.isdigit() and seq.isdigit():
                condition |= Q(number_year=int(year), number_seq=int(seq))
        return queryset.filter(condition)

    def filter_department(self, queryset, name, value):
        return queryset.filter(pk__in=value.proposal_assignments.values("proposal"))


class RegisterFilter(_ProposalFilter):
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=REGISTER_STATUS, method="filter_status", empty_label=ALL
    )
    result = django_filters.ChoiceFilter(label=_("办理结果"), choices=Proposal.Result.choices, empty_label=ALL)

    class Meta:
        model = Proposal
        fields = ["q", "year", "congress", "category", "department", "status", "result"]

    def filter_status(self, queryset, name, value):
        if value == "in_process":
            return queryset.exclude(result=Proposal.Result.SOLVED)
        if value == "has_answer":
            return queryset.exclude(result="")
        if value == "rated":
            return queryset.exclude(satisfaction="")
        return queryset.filter(status=value)


class ReviewFilter(_ProposalFilter):
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[(s.value, s.label) for s in Proposal.Status if s != Proposal.Status.DRAFT],
        empty_label=ALL,
    )
    overdue = django_filters.ChoiceFilter(
        label=_("逾期"), choices=[("1", _("只看逾期"))], empty_label=ALL, method="filter_overdue"
    )

    class Meta:
        model = Proposal
        fields = ["q", "year", "congress", "category", "department", "status"]

    def filter_overdue(self, queryset, name, value):
        if value == "1":
            return queryset.filter(status=Proposal.Status.ACCEPTED, due_on__lt=timezone.localdate())
        return queryset


class AssignedFilter(_ProposalFilter):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=REGISTER_STATUS[:3], empty_label=ALL)

    class Meta:
        model = Proposal
        fields = ["q", "year", "congress", "category", "status"]
