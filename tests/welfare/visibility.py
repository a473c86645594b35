"""Welfare records for the list→detail visibility walk (tests/test_visibility.py): both branch unions, private
and public visit types, distributions to one branch and to the whole union, claims of two members."""

from datetime import date

from apps.welfare.models import Distribution
from tests.welfare.factories import (
    DistributionFactory,
    DistributionRecipientFactory,
    MutualAidClaimFactory,
    VisitFactory,
    ensure_visit_types,
    visit_type,
)


def populate(world) -> None:
    ensure_visit_types()
    for member in (world.member_a, world.member_b):
        for code in ("hardship", "illness", "childbirth", "retirement"):
            VisitFactory(member=member, visit_type=visit_type(code))
        member.mutual_aid_joined_on = date(2019, 1, 1)
        member.save()
        MutualAidClaimFactory(member=member)
    done = Distribution.Status.DONE
    for branch in (world.branch_a, world.branch_b, None):
        audience = Distribution.Audience.BRANCH if branch else Distribution.Audience.ALL_ACTIVE
        distribution = DistributionFactory(audience=audience, branch=branch, status=done)
        for member in (world.member_a, world.member_b):
            if branch is None or member.branch_id == branch.pk:
                DistributionRecipientFactory(distribution=distribution, member=member)
        DistributionFactory(audience=audience, branch=branch)  # a draft
