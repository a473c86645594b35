from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot
from tests.purchases.factories import ProductFactory, SupplierFactory, TaskFactory

pytestmark = pytest.mark.e2e


def test_officer_enters_a_purchase_with_two_lines_and_sees_progress_move(page, world):
    year = timezone.localdate().year
    TaskFactory(year=year, amount=Decimal("10000.00"))
    supplier = SupplierFactory(name="金寨县农特产品有限公司")
    tea = ProductFactory(supplier=supplier, name="金寨红茶", unit="盒")
    pork = ProductFactory(supplier=supplier, name="黑毛猪腊肉", unit="袋")

    login(page, "officer")
    page.goto(f"{page.base_url}/purchases/?year={year}")
    assert page.inner_text("[data-testid=progress-percent]") == "0.0%"

    page.click(".purchases-nav a:has-text('采购记录')")
    page.click("a.btn:has-text('录入采购')")
    page.select_option("select[name=supplier]", label=supplier.name)
    page.check(f"input[name=departments][value='{world.unit_b.pk}']")
    page.fill("input[name=invoice_no]", "34009999")
    page.select_option("select[name=lines-0-product]", value=str(tea.pk))
    page.fill("input[name=lines-0-quantity]", "20")
    page.fill("input[name=lines-0-unit_price]", "68.00")
    page.select_option("select[name=lines-1-product]", value=str(pork.pk))
    page.fill("input[name=lines-1-quantity]", "15")
    page.fill("input[name=lines-1-unit_price]", "88.50")
    screenshot(page, "purchase-form")
    page.click("[data-testid=purchase-form] button[type=submit]")

    page.wait_for_selector("[data-testid=purchase-total]")
    assert page.inner_text("[data-testid=purchase-total]") == "2,687.50"  # 20 × 68.00 + 15 × 88.50
    assert page.locator("[data-testid=line-table] tbody tr").count() == 2
    screenshot(page, "purchase-detail")

    page.click(".purchases-nav a:has-text('任务进度')")
    page.wait_for_selector("[data-testid=progress-percent]")
    assert page.inner_text("[data-testid=progress-percent]") == "26.9%"
    assert "2,687.50" in page.inner_text("[data-testid=progress-total]")
    screenshot(page, "purchase-progress")
