"""Records for the visibility walk (tests/test_visibility.py): members and clubs across both branch unions."""

from apps.people.models import InterestGroupMembership, Member, UnionGroup
from tests.factories import BranchUnionFactory, InterestGroupFactory, MemberFactory, UnitFactory


def populate(world) -> None:
    group_a = UnionGroup.objects.create(name="可见性小组", branch=world.branch_a)
    MemberFactory(unit=world.unit_a, name="甲分工会会员", union_group=group_a, phone="13800000001")
    MemberFactory(unit=world.unit_b, name="乙分工会会员", phone="13800000002")
    MemberFactory(unit=world.unit_b, name="乙分工会退休", status=Member.Status.RETIRED)
    club = InterestGroupFactory(name="可见性俱乐部")
    for member in Member.objects.filter(name__in=["甲分工会会员", "乙分工会会员"]):
        InterestGroupMembership.objects.create(group=club, member=member)
    retired_branch = BranchUnionFactory(name="可见性停用分工会")
    UnitFactory(name="可见性停用单位", branch=retired_branch, is_active=False)
    retired_branch.is_active = False
    retired_branch.save()
