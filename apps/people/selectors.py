"""Reads of the union's people: scoped lists and membership statistics (in SQL)."""

from datetime import date

from django.db.models import Count, Q, QuerySet

from apps.core import permissions
from apps.people.models import InterestGroup, InterestGroupMembership, Member


def member_list(*, user) -> QuerySet[Member]:
    members = Member.objects.select_related("unit", "branch", "union_group")
    return permissions.scope(user, members, full="members.view_all", branch_field="branch", member_field="pk")


def member_search(*, user, text: str, limit: int = 20) -> QuerySet[Member]:
    """Members matching a name or 工号, for pickers in other apps."""
    text = text.strip()
    if not text:
        return Member.objects.none()
    return member_list(user=user).filter(Q(name__contains=text) | Q(employee_no__startswith=text))[:limit]


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


def interest_group_list() -> QuerySet[InterestGroup]:
    return InterestGroup.objects.select_related("leader").annotate(member_count=Count("members"))


def interest_group_memberships(*, group: InterestGroup) -> QuerySet[InterestGroupMembership]:
    return (
        InterestGroupMembership.objects.filter(group=group)
        .select_related("member__unit", "member__branch")
        .order_by("member__employee_no")
    )
