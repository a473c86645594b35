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


@pytest.mark.parametrize("username", ["staff", "chair", "officer", "committee", "handler", "leader", "admin"])
def test_every_role_logs_in_and_sees_its_own_menu(page, world, username):
    login(page, username)
    menu = page.locator("#mainNav .me-auto").inner_text()
    assert "工作台" in menu
    assert ("会员" in menu) == (username in {"chair", "officer", "committee", "leader", "admin"})
    page.click("[data-testid=user-menu]")
    page.click("text=退出登录")
    page.wait_for_url("**/accounts/login/")


def test_a_wrong_password_shows_a_message_in_chinese(page, world):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", "wrong")
    page.click("button[type=submit]")
    assert "请输入一个正确的" in page.locator(".alert-danger").inner_text()
