from datetime import date
from decimal import Decimal

import pytest

from apps.purchases import selectors
from apps.purchases.models import Purchase
from tests.factories import UnitFactory
from tests.purchases.factories import AreaFactory, SupplierFactory, TaskFactory, make_purchase

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2020():
    """Hand-counted: task 1,000.00; purchases 300.00 (Mar), 450.00 (Jun), 50.00 (Jun), 2019: 200.00 (Dec)."""
    jinzhai = AreaFactory(province="安徽省", county="金寨县")
    yuexi = AreaFactory(province="安徽省", county="岳西县")
    tea = SupplierFactory(name="金寨茶业", area=jinzhai)
    rice = SupplierFactory(name="岳西米业", area=yuexi)
    union, hr = UnitFactory(name="工会"), UnitFactory(name="人力资源处")
    TaskFactory(year=2020, amount=Decimal("1000.00"))
    TaskFactory(year=2019, amount=Decimal("400.00"))
    make_purchase(on=date(2020, 3, 5), supplier=tea, lines=[(None, "3", "100.00")], departments=[union])
    make_purchase(
        on=date(2020, 6, 10),
        supplier=rice,
        lines=[(None, "9", "50.00")],
        departments=[union, hr],
        purpose=Purchase.Purpose.CANTEEN,
    )
    make_purchase(on=date(2020, 6, 20), supplier=tea, lines=[(None, "1", "50.00")], departments=[hr])
    make_purchase(on=date(2019, 12, 1), supplier=tea, lines=[(None, "2", "100.00")], departments=[union])


def test_report_figures_against_hand_counted_purchases(year_2020):
    figures = selectors.report_figures(year=2020)
    assert figures["task_amount"] == Decimal("1000.00")
    assert figures["total"] == Decimal("800.00")
    assert figures["percent"] == Decimal("80.0")
    assert figures["purchase_count"] == 3
    assert figures["by_area"] == [
        {"name": "安徽省岳西县", "amount": Decimal("450.00")},
        {"name": "安徽省金寨县", "amount": Decimal("350.00")},
    ]
    assert figures["by_supplier"] == [
        {"name": "岳西米业", "amount": Decimal("450.00")},
        {"name": "金寨茶业", "amount": Decimal("350.00")},
    ]
    # The shared purchase of 450.00 counts for both departments.
    assert figures["by_department"] == [
        {"name": "工会", "amount": Decimal("750.00")},
        {"name": "人力资源处", "amount": Decimal("500.00")},
    ]
    assert figures["by_purpose"] == [
        {"name": "食堂采购", "amount": Decimal("450.00")},
        {"name": "职工福利礼包", "amount": Decimal("350.00")},
    ]
    cumulative = figures["monthly_cumulative"]
    assert len(cumulative) == 12
    assert cumulative[1] == Decimal("0.00")
    assert cumulative[2] == Decimal("300.00")
    assert cumulative[5] == cumulative[11] == Decimal("800.00")
    assert figures["links"]["total"] == "/purchases/list/?year=2020"


def test_last_year_is_counted_on_its_own(year_2020):
    figures = selectors.report_figures(year=2019)
    assert figures["total"] == Decimal("200.00")
    assert figures["percent"] == Decimal("50.0")
    assert figures["monthly_cumulative"][10] == Decimal("0.00")
    assert figures["monthly_cumulative"][11] == Decimal("200.00")


def test_a_year_without_records_gives_zeros():
    figures = selectors.report_figures(year=1999)
    assert figures["task_amount"] is None
    assert figures["percent"] is None
    assert figures["total"] == Decimal("0.00")
    assert figures["by_area"] == figures["by_department"] == figures["gift_packs"] == []
    assert figures["gift_pack_count"] == 0
    assert figures["monthly_cumulative"] == [Decimal("0.00")] * 12


def test_progress_shows_shares_and_last_year(year_2020):
    from apps.purchases.models import Task, TaskShare

    task = Task.objects.get(year=2020)
    TaskShare.objects.create(task=task, unit=UnitFactory(name="人力资源处"), amount=Decimal("400.00"))
    TaskShare.objects.create(task=task, unit=UnitFactory(name="后勤管理处"), amount=Decimal("100.00"))
    progress = selectors.task_progress(year=2020)
    assert progress["remaining"] == Decimal("200.00")
    rows = {row["name"]: row for row in progress["by_department"]}
    assert rows["人力资源处"]["percent"] == Decimal("125.0")
    assert rows["后勤管理处"]["amount"] == Decimal("0.00")
    assert rows["工会"]["share"] is None
    assert progress["last_by_department"] == {"工会": Decimal("200.00")}
    assert {row["name"]: row["last"] for row in progress["by_supplier"]} == {
        "岳西米业": None,
        "金寨茶业": Decimal("200.00"),
    }


def test_gift_packs_count_recipients_and_purchases_once_each(officer, world):
    from apps.welfare.models import Distribution, DistributionRecipient
    from tests.factories import MemberFactory

    def pack(title, day, recipients):
        distribution = Distribution.objects.create(
            title=title, item="扶贫产品礼包", unit_value=Decimal("200.00"), distributed_on=day, created_by=officer
        )
        for _ in range(recipients):
            DistributionRecipient.objects.create(
                distribution=distribution, member=MemberFactory(unit=world.unit_a), value=Decimal("200.00")
            )
        return distribution

    dragon_boat = pack("2020年端午节福利礼包（扶贫产品）", date(2020, 6, 20), 3)
    mid_autumn = pack("2020年中秋国庆福利礼包（扶贫产品）", date(2020, 9, 28), 2)
    supplier = SupplierFactory()
    make_purchase(on=date(2020, 6, 1), supplier=supplier, lines=[(None, "3", "100.00")], distribution=dragon_boat)
    make_purchase(on=date(2020, 6, 2), supplier=supplier, lines=[(None, "1", "40.00")], distribution=dragon_boat)
    make_purchase(on=date(2020, 9, 1), supplier=supplier, lines=[(None, "2", "150.00")], distribution=mid_autumn)
    make_purchase(on=date(2020, 10, 1), supplier=supplier, lines=[(None, "1", "5.00")])
    figures = selectors.report_figures(year=2020)
    assert figures["gift_pack_count"] == 2
    assert [(p["title"], p["date"], p["recipients"], p["amount"]) for p in figures["gift_packs"]] == [
        ("2020年端午节福利礼包（扶贫产品）", date(2020, 6, 20), 3, Decimal("340.00")),
        ("2020年中秋国庆福利礼包（扶贫产品）", date(2020, 9, 28), 2, Decimal("300.00")),
    ]
    assert selectors.report_figures(year=2021)["gift_packs"] == []
