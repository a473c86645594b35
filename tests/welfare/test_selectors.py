"""Statistics checked against small hand-counted fixtures."""

from datetime import date
from decimal import Decimal

import pytest

from apps.people.models import Member
from apps.welfare import selectors
from apps.welfare.models import Distribution, MutualAidClaim, Visit
from tests.factories import MemberFactory
from tests.welfare.factories import (
    DistributionFactory,
    DistributionRecipientFactory,
    MutualAidClaimFactory,
    VisitFactory,
    visit_type,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2020(world):
    """By hand: 2020 approved visits — illness ×3 (two people, 300+300+500), hardship ×2 (one person, 2000 each),
    marriage ×1 (500 cash + 200 gift); one pending and one rejected illness visit; one 2019 illness visit."""
    a, b = world.member_a, world.member_b
    c = MemberFactory(unit=world.unit_a)
    VisitFactory(member=a, visit_type=visit_type("illness"), visited_on=date(2020, 3, 1))
    VisitFactory(member=a, visit_type=visit_type("illness"), visited_on=date(2020, 3, 20))
    VisitFactory(member=b, visit_type=visit_type("illness"), visited_on=date(2020, 7, 2), cash_amount=Decimal("500"))
    VisitFactory(member=c, visit_type=visit_type("hardship"), visited_on=date(2020, 1, 15), cash_amount=2000)
    VisitFactory(member=c, visit_type=visit_type("hardship"), visited_on=date(2020, 12, 15), cash_amount=2000)
    VisitFactory(
        member=b,
        visit_type=visit_type("marriage"),
        visited_on=date(2020, 10, 1),
        cash_amount=500,
        gift_description="床品",
        gift_value=200,
    )
    VisitFactory(member=c, visit_type=visit_type("illness"), visited_on=date(2020, 5, 5), status=Visit.Status.PENDING)
    VisitFactory(
        member=b,
        visit_type=visit_type("illness"),
        visited_on=date(2020, 5, 6),
        status=Visit.Status.REJECTED,
        rejection_reason="重复",
    )
    VisitFactory(member=a, visit_type=visit_type("illness"), visited_on=date(2019, 12, 31))
    return a, b, c


def test_visits_by_type_counts_visits_people_and_amounts(year_2020):
    rows = {row["code"]: row for row in selectors.visits_by_type(year=2020)}
    assert rows["illness"] == {
        "type": "生病住院",
        "code": "illness",
        "count": 3,
        "people": 2,
        "amount": Decimal("1100"),
    }
    assert rows["hardship"]["count"] == 2 and rows["hardship"]["people"] == 1 and rows["hardship"]["amount"] == 4000
    assert rows["marriage"]["amount"] == Decimal("700")
    assert list(rows) == ["illness", "marriage", "hardship"]  # in the types' order


def test_visits_total_and_life_events(year_2020):
    figures = selectors.report_figures(year=2020)
    assert figures["visits_total"] == {"count": 6, "people": 3, "amount": Decimal("5800")}
    assert figures["hardship_visits"] == 1
    assert figures["life_event_visits"] == 4  # 3 illness + 1 marriage


def test_visits_by_branch_and_month(year_2020, world):
    branches = {row["branch"]: row for row in selectors.visits_by_branch(year=2020)}
    assert branches[world.branch_a.name]["count"] == 4  # a ×2, c ×2
    assert branches[world.branch_b.name]["count"] == 2
    months = selectors.visits_by_month(year=2020)
    assert len(months) == 12
    assert [m["count"] for m in months] == [1, 0, 2, 0, 0, 0, 1, 0, 0, 1, 0, 1]


def test_five_must_visit_coverage(year_2020):
    retired = MemberFactory(status=Member.Status.RETIRED, left_on=date(2020, 6, 30))
    MemberFactory(status=Member.Status.RETIRED, left_on=date(2020, 8, 31))  # retired, not visited
    VisitFactory(member=retired, visit_type=visit_type("retirement"), visited_on=date(2020, 6, 30), cash_amount=1000)
    coverage = selectors.five_must_visit_coverage(year=2020)
    # five-must visits recorded: illness 3 + pending 1 + rejected 1, marriage 1, retirement 1 = 7; + 1 retiree unvisited
    assert coverage == {"events": 8, "visited": 5}


def test_distribution_figures(world):
    birthday = DistributionFactory(kind=Distribution.Kind.BIRTHDAY, status=Distribution.Status.DONE, unit_value=200)
    seasonal = DistributionFactory(kind=Distribution.Kind.SEASONAL, status=Distribution.Status.DONE, unit_value=80)
    pack = DistributionFactory(kind=Distribution.Kind.FESTIVAL, status=Distribution.Status.DONE, unit_value=220)
    DistributionFactory(
        kind=Distribution.Kind.FESTIVAL,
        audience=Distribution.Audience.BRANCH,
        branch=world.branch_a,
        status=Distribution.Status.DONE,
    )
    draft = DistributionFactory(kind=Distribution.Kind.BIRTHDAY)  # not confirmed: not counted
    for d, n in ((birthday, 3), (seasonal, 2), (pack, 4), (draft, 2)):
        for _ in range(n):
            DistributionRecipientFactory(distribution=d, value=d.unit_value)
    figures = selectors.report_figures(year=2020)
    assert figures["birthday_greetings"] == 3
    assert figures["seasonal_items"] == 2
    assert figures["festival_gift_packs"] == 1
    assert figures["distribution_amount"] == Decimal("600") + Decimal("160") + Decimal("880")
    assert figures["distribution_records"] == 3 + 2 + 4
    by_title = {d["title"]: d for d in figures["distributions"]}
    assert by_title[pack.title]["recipients"] == 4 and by_title[pack.title]["amount"] == Decimal("880")
    assert draft.title not in by_title


def test_mutual_aid_figures(world):
    MemberFactory(mutual_aid_joined_on=date(2020, 3, 1))
    MemberFactory(mutual_aid_joined_on=date(2020, 9, 1))
    MemberFactory(mutual_aid_joined_on=date(2018, 1, 1), status=Member.Status.LEFT, left_on=date(2019, 6, 1))
    MutualAidClaimFactory(
        status=MutualAidClaim.Status.PAID, paid_on=date(2020, 7, 1), paid_amount=1500, approved_amount=1500
    )
    MutualAidClaimFactory(
        status=MutualAidClaim.Status.PAID, paid_on=date(2020, 8, 1), paid_amount=2000, approved_amount=2000
    )
    MutualAidClaimFactory(status=MutualAidClaim.Status.REJECTED, rejection_reason="不符合")
    MutualAidClaimFactory(status=MutualAidClaim.Status.APPROVED, approved_amount=1000)
    MutualAidClaimFactory(submitted_on=date(2019, 5, 1))
    figures = selectors.mutual_aid_figures(year=2020)
    assert figures == {
        "new_members": 2,
        "members": 2 + 5,  # the two new ones and the five claimants (joined 2019); the one who left is not
        "claims_submitted": 4,
        "claims_approved": 3,
        "claims_rejected": 1,
        "claims_paid": 2,
        "paid_amount": Decimal("3500"),
    }
    by_status = {row["status"]: row["count"] for row in selectors.claims_by_status(year=2020)}
    assert by_status == {"submitted": 0, "reviewing": 0, "approved": 1, "rejected": 1, "paid": 2}


def test_a_year_with_no_records_is_all_zeros(db):
    figures = selectors.report_figures(year=1999)
    assert figures["visits_by_type"] == [] and figures["distributions"] == []
    assert figures["visits_total"] == {"count": 0, "people": 0, "amount": Decimal("0")}
    assert figures["mutual_aid"]["paid_amount"] == Decimal("0")
    assert figures["five_must_visit"] == {"events": 0, "visited": 0}
    assert figures["links"]["hardship_visits"].startswith("/welfare/visits/?year=1999")


def test_budget_overview_warns_when_over(world, officer):
    from apps.welfare import services

    services.budget_set(year=2020, visit_type=visit_type("illness"), amount=Decimal("500"), by=officer)
    services.budget_set(year=2020, visit_type=visit_type("hardship"), amount=Decimal("5000"), by=officer)
    VisitFactory(member=world.member_a, visit_type=visit_type("illness"), visited_on=date(2020, 3, 1))
    VisitFactory(member=world.member_b, visit_type=visit_type("illness"), visited_on=date(2020, 4, 1))
    rows = {row["type"].code: row for row in selectors.budget_overview(year=2020)}
    assert rows["illness"]["spent"] == Decimal("600") and rows["illness"]["over"] is True
    assert rows["hardship"]["spent"] == 0 and rows["hardship"]["over"] is False


def test_year_over_year_puts_last_year_beside_this_year(year_2020):
    both = selectors.year_over_year(year=2020)
    assert both["this"]["visits_total"]["count"] == 6
    assert both["last"]["visits_total"]["count"] == 1  # the 2019 illness visit
