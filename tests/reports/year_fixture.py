"""One year of a small union, built with the apps' own factories, so the report reads the apps' real figures.

Numbers differ from the demo's and from each other where they can, so that a figure found in the
document points to one record set. 2019 holds nothing unless a test adds it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from apps.activities.models import Activity
from apps.welfare.models import Distribution, MutualAidClaim
from tests.activities.factories import ActivityFactory, PlanItemFactory, category
from tests.factories import MemberFactory, UnitFactory
from tests.proposals.factories import CongressFactory, accepted_proposal
from tests.purchases.factories import AreaFactory, ProductFactory, SupplierFactory, make_purchase
from tests.welfare.factories import (
    DistributionFactory,
    DistributionRecipientFactory,
    MutualAidClaimFactory,
    VisitFactory,
    visit_type,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass
class Year:
    year: int
    officer: object


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 14, 0, tzinfo=SHANGHAI)


def activities(world) -> None:
    culture, festival = category("文化教育类"), category("节日集体类")
    for month in (3, 4, 5, 6, 7, 8, 9):
        PlanItemFactory(year=2020, month=month, category=culture if month < 7 else festival)
    held = {"status": Activity.Status.HELD, "year": 2020}
    ActivityFactory(
        title="中秋游园会",
        category=festival,
        start=_at(date(2020, 9, 30)),
        actual_participants=236,
        budget=Decimal("8000.00"),
        cost=Decimal("7650.00"),
        is_notable=True,
        host_units=[world.handler_unit, world.unit_b],
        **held,
    )
    ActivityFactory(title="读书分享会", start=_at(date(2020, 4, 23)), actual_participants=58, **held)
    ActivityFactory(
        title="羽毛球赛", start=_at(date(2020, 5, 20)), actual_participants=41, organising_branch=world.branch_a, **held
    )
    for title, reason in (("春季运动会", "受疫情防控要求影响"), ("教职工年会", "疫情防控要求。")):
        ActivityFactory(
            title=title, start=_at(date(2020, 3, 15)), status=Activity.Status.POSTPONED, status_reason=reason, year=2020
        )
    ActivityFactory(
        title="露天电影",
        start=_at(date(2020, 7, 1)),
        status=Activity.Status.CANCELLED,
        status_reason="因场地原因",
        year=2020,
    )


def welfare(world, officer) -> None:
    VisitFactory(member=world.member_a, visit_type=visit_type("illness"), cash_amount=Decimal("500.00"))
    VisitFactory(member=world.member_b, visit_type=visit_type("illness"), cash_amount=Decimal("500.00"))
    VisitFactory(member=world.member_b, visit_type=visit_type("birthday"), cash_amount=Decimal("200.00"))
    mooncakes = DistributionFactory(
        title="中秋节福利", item="月饼礼盒", unit_value=Decimal("168.00"), status=Distribution.Status.DONE
    )
    for _ in range(3):
        DistributionRecipientFactory(distribution=mooncakes)
    birthdays = DistributionFactory(
        title="10月生日祝福",
        kind=Distribution.Kind.BIRTHDAY,
        audience=Distribution.Audience.BIRTHDAY_MONTH,
        birthday_month=10,
        item="蛋糕券",
        unit_value=Decimal("150.00"),
        distributed_on=date(2020, 10, 8),
        status=Distribution.Status.DONE,
    )
    for _ in range(2):
        DistributionRecipientFactory(distribution=birthdays)
    enrolled = {"unit": world.unit_a, "mutual_aid_joined_on": date(2020, 1, 6)}
    MutualAidClaimFactory(
        member=MemberFactory(**enrolled), status=MutualAidClaim.Status.REJECTED, rejection_reason="不符合条件"
    )
    MutualAidClaimFactory(
        member=MemberFactory(**enrolled),
        status=MutualAidClaim.Status.PAID,
        approved_amount=Decimal("1800.00"),
        paid_on=date(2020, 7, 1),
        paid_amount=Decimal("1800.00"),
    )


def proposals(world) -> None:
    congress = CongressFactory(
        name="第三届教代会第二次会议",
        starts_on=date(2020, 4, 10),
        ends_on=date(2020, 4, 11),
        submission_opens=date(2020, 3, 1),
        submission_closes=date(2020, 4, 1),
    )
    accepted_proposal(congress=congress, lead_unit=world.handler_unit, due_on=date(2020, 6, 30), result="solved")
    accepted_proposal(congress=congress, lead_unit=world.handler_unit, due_on=date(2020, 6, 30))


def purchases(world, officer) -> None:
    jinzhai = AreaFactory(province="安徽省", county="金寨县")
    lixin = AreaFactory(province="安徽省", county="利辛县")
    tea = SupplierFactory(name="金寨茶业合作社", area=jinzhai)
    rice = SupplierFactory(name="利辛粮油公司", area=lixin)
    union = UnitFactory(name="工会")
    make_purchase(
        on=date(2020, 6, 1),
        supplier=tea,
        lines=[(ProductFactory(supplier=tea), "20", "150.00"), (ProductFactory(supplier=tea), "10", "80.00")],
        departments=[union],
        by=officer,
    )
    make_purchase(
        on=date(2020, 9, 1),
        supplier=rice,
        lines=[(ProductFactory(supplier=rice), "30", "70.00")],
        departments=[union, world.handler_unit],
        by=officer,
    )


def build(world, officer) -> Year:
    activities(world)
    welfare(world, officer)
    proposals(world)
    purchases(world, officer)
    return Year(2020, officer)
