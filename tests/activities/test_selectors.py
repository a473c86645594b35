from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from apps.activities import selectors
from apps.activities.models import SignUp
from tests.activities.factories import ActivityFactory, PlanItemFactory, SignUpFactory, category

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _on(day: date, hour: int = 14) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def year_2020(world):
    """A hand-counted 2020.

    Plan: 文化教育类 3, 节日集体类 1, 体育培训及竞赛类 1 (5 items).
    Held: two culture activities (30 + 20 people, budget 1000 + 500, cost 900 + 450), the Mid-Autumn event
    (notable, hosted by unit_a and unit_b, organised by branch_a, 100 people, budget 2000, cost 1800) and an
    unplanned care visit (10 people, no money). Postponed: one culture item. Cancelled: one unplanned.
    The sports item has no activity yet. A 2019 activity must not count.
    """
    culture, festival, sports = category("文化教育类"), category("节日集体类"), category("体育培训及竞赛类")
    care = category("职工关怀慰问类")
    plans = [PlanItemFactory(year=2020, category=culture) for _ in range(3)]
    festival_plan = PlanItemFactory(year=2020, category=festival, budget=Decimal("2500.00"))
    PlanItemFactory(year=2020, category=sports)
    held = dict(status="held")
    ActivityFactory(
        plan_item=plans[0],
        category=culture,
        start=_on(date(2020, 4, 1)),
        actual_participants=30,
        budget=Decimal("1000"),
        cost=Decimal("900"),
        host_units=[world.unit_a],
        **held,
    )
    ActivityFactory(
        plan_item=plans[1],
        category=culture,
        start=_on(date(2020, 5, 1)),
        actual_participants=20,
        budget=Decimal("500"),
        cost=Decimal("450"),
        host_units=[world.unit_b],
        organising_branch=world.branch_b,
        **held,
    )
    ActivityFactory(
        plan_item=plans[2],
        category=culture,
        start=_on(date(2020, 12, 30)),
        status="postponed",
        status_reason="因疫情防控要求延期",
        title="2021年年会",
    )
    ActivityFactory(
        plan_item=festival_plan,
        category=festival,
        start=_on(date(2020, 10, 1)),
        actual_participants=100,
        budget=Decimal("2000"),
        cost=Decimal("1800"),
        host_units=[world.unit_a, world.unit_b],
        organising_branch=world.branch_a,
        is_notable=True,
        title="中秋节活动",
        **held,
    )
    ActivityFactory(category=care, start=_on(date(2020, 3, 8)), actual_participants=10, year=2020, **held)
    ActivityFactory(category=care, start=_on(date(2020, 6, 1)), year=2020, status="cancelled", status_reason="下雨")
    ActivityFactory(category=culture, start=_on(date(2019, 6, 1)), year=2019, actual_participants=99, **held)


def test_report_figures_match_the_hand_count(year_2020, world):
    figures = selectors.report_figures(year=2020)
    assert (figures["planned"], figures["held"], figures["postponed"], figures["cancelled"]) == (5, 4, 1, 1)
    assert figures["not_yet_due"] == 1
    assert figures["participants"] == 160
    assert figures["budget"] == Decimal("3500.00")
    assert figures["cost"] == Decimal("3150.00")
    assert figures["plan_budget"] == Decimal("6500.00")
    assert figures["by_category"] == [
        {"category": "文化教育类", "planned": 3, "held": 2},
        {"category": "节日集体类", "planned": 1, "held": 1},
        {"category": "体育培训及竞赛类", "planned": 1, "held": 0},
        {"category": "职工关怀慰问类", "planned": 0, "held": 1},
    ]
    assert figures["notable"] == [
        {
            "title": "中秋节活动",
            "host_units": ["电子与电气工程学院", "人力资源处"],
            "organising_branch": "电子与电气工程学院分工会",
            "date": date(2020, 10, 1),
            "participants": 100,
        }
    ]
    assert figures["by_host_unit"] == [
        {"unit": "人力资源处", "held": 2},
        {"unit": "电子与电气工程学院", "held": 2},
    ] or figures["by_host_unit"] == [{"unit": "电子与电气工程学院", "held": 2}, {"unit": "人力资源处", "held": 2}]
    assert sorted(figures["by_branch"], key=lambda row: row["branch"]) == sorted(
        [{"branch": "电子与电气工程学院分工会", "held": 1}, {"branch": "机关分工会", "held": 1}],
        key=lambda row: row["branch"],
    )
    assert figures["postponed_titles"] == ["2021年年会"]
    assert figures["links"]["held"] == "/activities/list/?year=2020&status=held"


def test_report_figures_in_few_queries(year_2020, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        selectors.report_figures(year=2020)


def test_a_year_with_no_records_gives_zeros():
    figures = selectors.report_figures(year=1999)
    assert (figures["planned"], figures["held"], figures["participants"]) == (0, 0, 0)
    assert figures["budget"] == Decimal("0") and figures["cost"] == Decimal("0")
    assert figures["notable"] == figures["by_branch"] == figures["by_host_unit"] == figures["postponed_titles"] == []
    assert [row["planned"] for row in figures["by_category"]] == [0, 0, 0, 0]


def test_plan_versus_actual_per_category_and_in_total(year_2020):
    comparison = selectors.plan_versus_actual(year=2020)
    culture = comparison["rows"][0]
    assert (culture["planned"], culture["held"], culture["postponed"], culture["not_yet_due"]) == (3, 2, 1, 0)
    assert comparison["total"] == {"planned": 5, "held": 4, "postponed": 1, "cancelled": 1, "not_yet_due": 1}


def test_staff_see_only_published_activities(world, staff):
    published = ActivityFactory()
    ActivityFactory(is_published=False)
    assert list(selectors.activity_list(user=staff)) == [published]


def test_a_branch_chair_also_sees_their_branchs_unpublished_activities(world, chair):
    own = ActivityFactory(is_published=False, organising_branch=world.branch_a)
    ActivityFactory(is_published=False, organising_branch=world.branch_b)
    assert list(selectors.activity_list(user=chair)) == [own]
    assert list(selectors.manageable_activities(user=chair)) == [own]


def test_leadership_sees_everything(world, leader):
    ActivityFactory(is_published=False, organising_branch=world.branch_b)
    assert selectors.activity_list(user=leader).count() == 1
    assert selectors.manageable_activities(user=leader).count() == 0


def test_open_activities_exclude_closed_ones(world, staff):
    open_one = ActivityFactory()
    ActivityFactory(signup_deadline=timezone.now() - timedelta(hours=1))
    ActivityFactory(signup_deadline=None)
    ActivityFactory(status="cancelled", status_reason="下雨")
    assert list(selectors.open_activities(user=staff)) == [open_one]


def test_my_signups_leave_out_cancelled_ones(world, staff):
    mine = SignUpFactory(member=world.member_a)
    SignUpFactory(member=world.member_a, status=SignUp.Status.CANCELLED)
    SignUpFactory(member=world.member_b)
    assert list(selectors.my_signups(user=staff)) == [mine]


def test_the_calendar_puts_a_multi_day_activity_on_each_of_its_days(world, staff):
    activity = ActivityFactory(start=_on(date(2020, 10, 30)), end=_on(date(2020, 11, 2)))
    weeks = selectors.month_calendar(user=staff, year=2020, month=11)
    days = {day["date"]: day["activities"] for week in weeks for day in week}
    assert days[date(2020, 11, 1)] == [activity] and days[date(2020, 11, 2)] == [activity]
    assert days[date(2020, 11, 3)] == []


def test_the_title_search_can_use_the_trigram_index(world, officer):
    """An icontains on the title is served by the GIN trigram index (a b-tree index cannot serve it)."""
    from django.db import connection

    from apps.activities.filters import ActivityFilter

    ActivityFactory.create_batch(3)
    activities = ActivityFilter({"q": "读书分享"}, queryset=selectors.activity_list(user=officer)).qs
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        plan = activities.explain()
    assert "activity_title_trgm" in plan
