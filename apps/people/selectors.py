"""Reads of the union's people: scoped lists and membership statistics (in SQL)."""

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.core import permissions
from apps.core.params import clean_text
from apps.people.models import BranchUnion, InterestGroup, InterestGroupMembership, Member, Unit


def member_list(*, user) -> QuerySet[Member]:
    """The members this user may open: all for ``members.view_all``, a chair's branch, one's own record."""
    members = Member.objects.select_related("unit", "branch", "union_group")
    return permissions.scope(user, members, full="members.view_all", branch_field="branch", member_field="pk")


def member_page(*, user) -> QuerySet[Member]:
    """One member's page: the list's scope with the interest groups fetched alongside."""
    return member_list(user=user).prefetch_related("interest_groups")


def search_members(queryset: QuerySet[Member], text: str) -> QuerySet[Member]:
    """姓名或工号: part of the name (served by the trigram index) or the start of the 工号."""
    text = clean_text(text)
    if not text:
        return queryset
    return queryset.filter(Q(name__contains=text) | Q(employee_no__startswith=text))


def member_search(*, user, text: str, limit: int = 20) -> QuerySet[Member]:
    """Members matching a name or 工号, for pickers in other apps."""
    if not clean_text(text):
        return Member.objects.none()
    return search_members(member_list(user=user), text)[:limit]


def members_on(day: date) -> Q:
    """Members of the union on a day: joined by then (or date unknown) and not gone from the school.

    Retired staff stay members (in the retirees' branch union); only those who left the school
    (离校) stop counting from their leaving date.
    """
    joined = Q(joined_on__lte=day) | Q(joined_on__isnull=True)
    gone = Q(status=Member.Status.LEFT) & (Q(left_on__lte=day) | Q(left_on__isnull=True))
    return joined & ~gone


def in_service_on(day: date) -> Q:
    """Working on that day: a member then, and not yet retired or gone (the audience of distributions)."""
    return members_on(day) & (Q(left_on__gt=day) | Q(left_on__isnull=True, status=Member.Status.ACTIVE))


def membership_statistics(*, year: int) -> dict:
    """Members at the end of the year and the year before; joiners, retirements and leavers during it."""
    year_end, last_year_end = date(year, 12, 31), date(year - 1, 12, 31)
    members_at_end = members_on(year_end)
    retired_by_end = Q(status=Member.Status.RETIRED) & (Q(left_on__lte=year_end) | Q(left_on__isnull=True))
    figures = Member.objects.aggregate(
        members=Count("pk", filter=members_at_end),
        members_last_year=Count("pk", filter=members_on(last_year_end)),
        joined=Count("pk", filter=Q(joined_on__year=year)),
        joined_last_year=Count("pk", filter=Q(joined_on__year=year - 1)),
        retired_in_year=Count("pk", filter=Q(status=Member.Status.RETIRED, left_on__year=year)),
        left=Count("pk", filter=Q(status=Member.Status.LEFT, left_on__year=year)),
        left_last_year=Count("pk", filter=Q(status=Member.Status.LEFT, left_on__year=year - 1)),
        active=Count("pk", filter=in_service_on(year_end)),
        retired=Count("pk", filter=members_at_end & retired_by_end),
        female=Count("pk", filter=members_at_end & Q(gender=Member.Gender.FEMALE)),
        mutual_aid_members=Count("pk", filter=members_at_end & Q(mutual_aid_joined_on__lte=year_end)),
        mutual_aid_joined=Count("pk", filter=Q(mutual_aid_joined_on__year=year)),
    )
    figures["year"] = year
    return figures


def interest_group_list(*, user) -> QuerySet[InterestGroup]:
    """Every club: their names and sizes are public to everyone signed in (``portal.view``)."""
    if not permissions.can(user, "portal.view"):
        return InterestGroup.objects.none()
    return InterestGroup.objects.select_related("leader").annotate(member_count=Count("members"))


def interest_group_memberships(*, user, group: InterestGroup) -> QuerySet[InterestGroupMembership]:
    """A club's members that this user may see (a chair: those of their branch union)."""
    visible = member_list(user=user).values("pk")
    return (
        InterestGroupMembership.objects.filter(group=group, member__in=visible)
        .select_related("member__unit", "member__branch")
        .order_by("member__employee_no")
    )


def unit_list(*, user) -> QuerySet[Unit]:
    """Every unit with its branch union and its members in service; empty for roles without the page."""
    if not permissions.can(user, "organisation.view"):
        return Unit.objects.none()
    working = Count("members", filter=Q(members__status=Member.Status.ACTIVE))
    return (
        Unit.objects.select_related("branch")
        .annotate(member_count=working)
        .order_by("-is_active", "sort_order", "name")
    )


def branch_list(*, user) -> QuerySet[BranchUnion]:
    """Every branch union with its number of units and members in service (two subqueries, no join fan-out)."""
    if not permissions.can(user, "organisation.view"):
        return BranchUnion.objects.none()
    units = Unit.objects.filter(branch=OuterRef("pk")).values("branch").annotate(n=Count("pk")).values("n")
    working = (
        Member.objects.filter(branch=OuterRef("pk"), status=Member.Status.ACTIVE)
        .values("branch")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return BranchUnion.objects.annotate(
        unit_count=Coalesce(Subquery(units), 0), member_count=Coalesce(Subquery(working), 0)
    ).order_by("-is_active", "sort_order", "name")
