import io
from decimal import Decimal

import pytest

from apps.accounts.models import Role
from apps.purchases import demo, selectors
from apps.purchases.models import Purchase, PurchaseLine
from apps.welfare.models import Distribution
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_links_gift_packs_that_appear_later():
    for name in ("工会", "人力资源处", "后勤管理处"):
        UnitFactory(name=name)
    UserFactory(username="officer", role=Role.OFFICER)  # the accounts demo's officer enters the purchases
    demo.seed(io.StringIO())
    counts = (Purchase.objects.count(), PurchaseLine.objects.count())
    figures = selectors.report_figures(year=2020)
    assert figures["total"] == Decimal("456520.00")
    assert figures["task_amount"] == Decimal("450000.00")
    assert figures["gift_pack_count"] == 0

    officer = UserFactory(username="demo-officer")
    for title, day in ((demo.DRAGON_BOAT, "2020-06-22"), (demo.MID_AUTUMN, "2020-09-28")):
        Distribution.objects.create(
            title=title, item="扶贫产品礼包", unit_value=Decimal("200"), distributed_on=day, created_by=officer
        )
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert (Purchase.objects.count(), PurchaseLine.objects.count()) == counts
    packs = selectors.report_figures(year=2020)["gift_packs"]
    assert [(p["title"], p["amount"]) for p in packs] == [
        (demo.DRAGON_BOAT, Decimal("192000.00")),
        (demo.MID_AUTUMN, Decimal("236000.00")),
    ]
    assert selectors.report_figures(year=2021)["total"] == Decimal("141650.00")


def test_demo_waits_for_the_officer_account():
    out = io.StringIO()
    demo.seed(out)
    assert "skipped" in out.getvalue()
    assert not Purchase.objects.exists()
