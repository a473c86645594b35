"""The demo year reproduces seed 003's welfare figures and seed 000's two gift packs, and a second run adds nothing."""

import io
from decimal import Decimal

import pytest

from apps.people import demo as people_demo
from apps.people import demo_accounts as accounts_demo
from apps.welfare import demo as welfare_demo
from apps.welfare import selectors
from apps.welfare.models import Distribution, DistributionRecipient, MutualAidClaim, Visit

pytestmark = pytest.mark.django_db


def test_the_demo_matches_the_2020_summary_and_is_idempotent():
    out = io.StringIO()
    people_demo.seed(out)
    accounts_demo.seed(out)
    welfare_demo.seed(out)
    counts = (Visit.objects.count(), DistributionRecipient.objects.count(), MutualAidClaim.objects.count())
    figures = selectors.report_figures(year=2020)
    assert figures["hardship_visits"] == 4
    assert figures["life_event_visits"] == 30
    assert figures["birthday_greetings"] == 411
    assert 1000 < figures["seasonal_items"] < 2000  # “一千余份”
    assert figures["festival_gift_packs"] == 2
    assert {row["code"]: row["count"] for row in figures["visits_by_type"]}["wuhan_family"] == 2
    assert figures["mutual_aid"]["new_members"] == 36
    assert figures["mutual_aid"]["claims_paid"] == 7
    packs = Distribution.objects.filter(title__in=[t for t, *_ in welfare_demo.GIFT_PACKS_2020])
    assert packs.count() == 2
    gift_pack_total = sum(d["amount"] for d in figures["distributions"] if d["title"].endswith("（扶贫产品）"))
    assert gift_pack_total > Decimal("450000")  # seed 000: 45万余元
    assert selectors.report_figures(year=2021)["birthday_greetings"] > 0
    welfare_demo.seed(out)
    assert (Visit.objects.count(), DistributionRecipient.objects.count(), MutualAidClaim.objects.count()) == counts
