from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import login, screenshot
from tests.purchases.factories import ProductFactory, SupplierFactory, TaskFactory

pytestmark = pytest.mark.e2e

# (product, quantity, unit price): 20 × 68.00 + 15 × 88.50 + 3 × 45.80 + 12.5 × 16.00 + 40 × 9.90 = 3,420.90
LINES = [
    ("金寨红茶", "20", "68.00"),
    ("黑毛猪腊肉", "15", "88.50"),
    ("山核桃", "3", "45.80"),
    ("高山大米", "12.5", "16.00"),
    ("土鸡蛋", "40", "9.90"),
]


def test_officer_enters_a_purchase_with_five_lines_and_sees_the_total_live(page, world):
    year = timezone.localdate().year
    TaskFactory(year=year, amount=Decimal("10000.00"))
    supplier = SupplierFactory(name="金寨县农特产品有限公司")
    products = {name: ProductFactory(supplier=supplier, name=name, unit="份") for name, _q, _p in LINES}
    elsewhere = ProductFactory(supplier=SupplierFactory(name="别的供应商"), name="别家的茶叶")

    login(page, "officer")
    page.goto(f"{page.base_url}/purchases/?year={year}")
    assert page.inner_text("[data-testid=progress-percent]") == "0.0%"

    page.click(".purchases-nav a:has-text('采购记录')")
    page.click("a.btn:has-text('录入采购')")
    page.select_option("select[name=supplier]", label=supplier.name)
    page.wait_for_selector(f"form[data-products-loaded='{supplier.pk}']", state="attached")
    options = page.locator("select[name=lines-0-product] option").all_inner_texts()
    assert elsewhere.name not in " ".join(options)  # only the chosen supplier's products
    page.check(f"input[name=departments][value='{world.unit_b.pk}']")
    page.fill("input[name=invoice_no]", "34009999")
    for index, (name, quantity, price) in enumerate(LINES):
        if index:
            page.click("[data-testid=add-line]")
        page.select_option(f"select[name=lines-{index}-product]", value=str(products[name].pk))
        page.fill(f"input[name=lines-{index}-quantity]", quantity)
        page.fill(f"input[name=lines-{index}-unit_price]", price)
    assert page.locator("[data-testid=line-row]").count() == 5
    assert page.inner_text("[data-testid=live-total]") == "3,420.90"
    row_amounts = page.locator("[data-line-amount]").all_inner_texts()
    assert row_amounts[3] == "200.00"  # 12.5 × 16.00

    page.click("[data-testid=add-line]")  # a sixth line, removed again: the total stays
    page.locator("[data-testid=line-row]").nth(5).locator("[data-remove-line]").click()
    assert page.locator("[data-testid=line-row]").count() == 5
    assert page.inner_text("[data-testid=live-total]") == "3,420.90"
    screenshot(page, "purchase-form")
    page.click("[data-testid=purchase-form] button[type=submit]")

    page.wait_for_selector("[data-testid=purchase-total]")
    assert page.inner_text("[data-testid=purchase-total]") == "3,420.90"  # computed again on the server
    assert page.locator("[data-testid=line-table] tbody tr").count() == 5
    screenshot(page, "purchase-detail")

    page.click(".purchases-nav a:has-text('采购记录')")
    page.wait_for_selector("[data-testid=purchase-table]")
    assert supplier.name in page.inner_text("[data-testid=purchase-table]")
    assert "3,420.90" in page.inner_text("[data-testid=purchase-table]")

    page.click(".purchases-nav a:has-text('任务进度')")
    page.wait_for_selector("[data-testid=progress-percent]")
    assert page.inner_text("[data-testid=progress-percent]") == "34.2%"
    screenshot(page, "purchase-progress")


def test_a_date_in_a_year_without_a_task_is_explained_before_saving(page, world):
    year = timezone.localdate().year
    TaskFactory(year=year, amount=Decimal("10000.00"))
    login(page, "officer")
    page.goto(f"{page.base_url}/purchases/new/")
    assert page.locator("[data-testid=task-missing]").is_hidden()
    page.fill("input[name=purchased_on]", f"{year - 3}-05-01")
    hint = page.locator("[data-testid=task-missing]")
    hint.wait_for(state="visible")
    assert f"{year - 3} 年还没有消费扶贫采购任务" in hint.inner_text()
    assert hint.locator("a").get_attribute("href").endswith(f"/purchases/tasks/new/?year={year - 3}")


def test_a_supplier_not_offered_at_first_is_found_by_name(page, world):
    from apps.purchases.models import Supplier
    from tests.purchases.factories import AreaFactory

    area = AreaFactory()
    Supplier.objects.bulk_create(Supplier(name=f"批量供应商{i:03d}", area=area) for i in range(60))
    login(page, "officer")
    page.goto(f"{page.base_url}/purchases/new/")
    assert page.locator("select[name=supplier] option").count() == 31  # the placeholder and 30 suppliers
    page.fill("[data-testid=supplier-search]", "批量供应商059")
    page.wait_for_selector("form[data-suppliers-found='批量供应商059']", state="attached")
    assert page.locator("select[name=supplier] option").all_inner_texts()[1:] == ["批量供应商059"]
    page.select_option("select[name=supplier]", label="批量供应商059")
