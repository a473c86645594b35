"""An officer records a condolence visit and runs a birthday distribution; the member sees their own history."""

from datetime import date

import pytest
from django.utils import timezone

from apps.welfare.models import Distribution, Visit
from tests.e2e.conftest import login, screenshot
from tests.factories import MemberFactory
from tests.welfare.factories import ensure_visit_types

pytestmark = pytest.mark.e2e


def test_officer_records_a_condolence_visit_and_the_member_sees_it(page, world, browser):
    ensure_visit_types()
    member = world.member_a
    login(page, "officer")
    page.goto(page.base_url + "/welfare/")
    page.click("text=录入慰问")
    page.wait_for_selector("[data-testid=visit-form]")
    page.fill("input[name=member]", "张")
    page.wait_for_selector("#member-options option", state="attached")  # no string eval: the CSP forbids it
    label = page.locator("#member-options option").first.get_attribute("value")
    assert member.employee_no in label
    page.fill("input[name=member]", label)
    page.select_option("select[name=visit_type]", label="生病住院（标准 500.00 元）")
    page.fill("input[name=cash_amount]", "-5")
    page.fill("input[name=visitors]", "工会主席、工会干部")
    screenshot(page, "welfare-visit-form")
    page.click("main button[type=submit]")
    assert page.locator(".invalid-feedback").count() >= 1  # a bad amount is explained, nothing saved
    assert not Visit.objects.exists()
    page.fill("input[name=cash_amount]", "500")
    page.fill("input[name=gift_description]", "水果、牛奶")
    page.fill("input[name=gift_value]", "80")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=慰问已录入")
    visit = Visit.objects.get()
    assert visit.member == member and visit.status == Visit.Status.PENDING  # 580 > 500: waits for approval
    screenshot(page, "welfare-visit-detail")

    page.goto(page.base_url + "/welfare/distributions/birthday/")
    MemberFactory(unit=world.unit_b, birth_date=date(1980, timezone.localdate().month, 3))
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=preview-total]")
    screenshot(page, "welfare-distribution-preview")
    page.click("[data-testid=confirm-distribution]")
    page.wait_for_selector("text=已发放给")
    distribution = Distribution.objects.get()
    assert distribution.status == Distribution.Status.DONE and distribution.recipients.count() >= 1

    staff = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}).new_page()
    staff.base_url = page.base_url
    login(staff, "staff")
    staff.goto(staff.base_url + "/welfare/history/")
    assert "生病住院" in staff.locator("[data-testid=history-visits]").inner_text()
    screenshot(staff, "welfare-my-history-mobile")
    staff.context.close()


def test_officer_handles_a_mutual_aid_claim(page, world):
    ensure_visit_types()
    member = MemberFactory(unit=world.unit_a, name="王互助", mutual_aid_joined_on=date(2019, 3, 1))
    login(page, "officer")
    page.goto(page.base_url + "/welfare/mutual-aid/claims/")
    page.click("text=登记申领")
    page.fill("input[name=member]", member.employee_no)
    page.fill("input[name=submitted_on]", "2020-06-01")
    page.fill("input[name=amount_requested]", "3000")
    page.fill("textarea[name=reason]", "住院手术")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=互助金申领已登记")
    page.fill("input[name=approved_amount]", "2500")
    page.click("[data-testid=approve-claim]")
    page.wait_for_selector("[data-testid=pay-claim]")
    page.fill("input[name=paid_on]", "2020-06-20")
    page.click("[data-testid=pay-claim]")
    page.wait_for_selector("text=已登记发放")
    screenshot(page, "welfare-claim-paid")
    claim = member.mutual_aid_claims.get()
    assert claim.status == "paid" and claim.paid_amount == 2500
    assert claim.history.count() == 3
