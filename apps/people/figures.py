"""Membership and organisation for the annual report, as a typed contract (issue 14 §5).

Besides the members (``selectors.membership_statistics``): how many branch unions and units the union
has (issue 18 §4).
"""

from dataclasses import dataclass, field

from django.urls import reverse

from apps.people import selectors
from apps.people.models import BranchUnion, Unit

NOT_PRINTED = {"printed": False}


@dataclass(frozen=True)
class MembershipFigures:
    year: int = field(metadata=NOT_PRINTED)
    members: int
    members_last_year: int
    joined: int
    joined_last_year: int
    retired_in_year: int
    left: int
    left_last_year: int
    active: int
    retired: int
    female: int
    mutual_aid_members: int
    mutual_aid_joined: int
    branch_unions: int
    units: int
    links: dict = field(metadata=NOT_PRINTED)


def report_figures(*, year: int) -> MembershipFigures:
    figures = selectors.membership_statistics(year=year)
    members = reverse("people:member_list")
    links = {
        "members": members,
        "active": members + "?status=active",
        "retired": members + "?status=retired",
        "mutual_aid_members": members + "?mutual_aid=yes",
    }
    return MembershipFigures(
        **figures,
        branch_unions=BranchUnion.objects.count(),
        units=Unit.objects.count(),
        links=links,
    )
