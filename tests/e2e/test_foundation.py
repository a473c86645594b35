import pytest

from tests.e2e.conftest import login, screenshot
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e


def test_officer_logs_in_and_sees_the_member_list(page, world):
    MemberFactory(name="王小明", unit=world.unit_a)
    login(page, "officer")
    page.click("text=会员")
    page.wait_for_selector("[data-testid=member-table]")
    assert page.locator("[data-testid=member-table]").inner_text().count("王小明") == 1
    screenshot(page, "member-list")
