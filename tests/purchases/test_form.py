"""The purchase form: small pages whatever the catalogue, constant queries whatever the lines, one save per token."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.purchases.models import Product, Purchase, Supplier
from tests.purchases.factories import AreaFactory, ProductFactory, SupplierFactory, TaskFactory, make_purchase

pytestmark = pytest.mark.django_db

PAGE_LIMIT = 50 * 1024


def _catalogue(products: int = 500, suppliers: int = 20) -> list[Supplier]:
    area = AreaFactory()
    sellers = Supplier.objects.bulk_create(
        Supplier(name=f"大目录供应商{i:03d}", area=area, via_832=True) for i in range(suppliers)
    )
    Product.objects.bulk_create(
        Product(supplier=sellers[i % suppliers], name=f"扶贫产品名称比较长的一种{i:04d}", unit="箱")
        for i in range(products)
    )
    return sellers


def test_the_create_page_stays_small_with_500_products(client_for, officer):
    _catalogue()
    response = client_for(officer).get(reverse("purchases:purchase_create"))
    assert response.status_code == 200
    assert len(response.content) <= PAGE_LIMIT
    assert "扶贫产品名称比较长的一种0001" not in response.content.decode()


def test_the_edit_page_stays_small_and_its_queries_do_not_grow_with_the_lines(
    client_for, officer, django_assert_num_queries
):
    sellers = _catalogue()
    products = list(Product.objects.filter(supplier=sellers[0]))
    few = make_purchase(supplier=sellers[0], lines=[(p, "1", "1.00") for p in products[:2]])
    many = make_purchase(supplier=sellers[0], lines=[(p, "1", "1.00") for p in products[:20]])
    client = client_for(officer)
    with django_assert_num_queries(13) as few_queries:
        small = client.get(reverse("purchases:purchase_edit", args=[few.uuid]))
    with django_assert_num_queries(len(few_queries)):
        large = client.get(reverse("purchases:purchase_edit", args=[many.uuid]))
    assert small.status_code == large.status_code == 200
    assert len(large.content) <= PAGE_LIMIT


def test_saving_an_edit_with_many_lines_looks_the_products_up_once(client_for, officer, world):
    supplier = SupplierFactory()
    products = [ProductFactory(supplier=supplier) for _ in range(12)]
    purchase = make_purchase(on=date(2020, 6, 1), supplier=supplier, lines=[(products[0], "1", "1.00")])
    data = {
        "supplier": supplier.pk,
        "purchased_on": "2020-06-02",
        "departments": [world.unit_b.pk],
        "purpose": Purchase.Purpose.GIFT_PACK,
        "lines-TOTAL_FORMS": str(len(products)),
        "lines-INITIAL_FORMS": "0",
    }
    for i, product in enumerate(products):
        data |= {f"lines-{i}-product": product.pk, f"lines-{i}-quantity": "2", f"lines-{i}-unit_price": "3.50"}
    with CaptureQueriesContext(connection) as queries:
        response = client_for(officer).post(reverse("purchases:purchase_edit", args=[purchase.uuid]), data)
    assert response.status_code == 302
    product_lookups = [q for q in queries.captured_queries if q["sql"].startswith('SELECT "purchases_product"')]
    assert len(product_lookups) == 1  # the lines as posted, all at once (the stored ones come with their lines)
    purchase.refresh_from_db()
    assert purchase.lines.count() == 12
    assert str(purchase.total) == "84.00"


def test_a_double_click_on_save_makes_one_purchase(client_for, officer, world):
    TaskFactory(year=2020)
    supplier = SupplierFactory()
    product = ProductFactory(supplier=supplier)
    client = client_for(officer)
    page = client.get(reverse("purchases:purchase_create"))
    token = page.context["form"].initial["submission_token"]
    data = {
        "submission_token": str(token),
        "supplier": supplier.pk,
        "purchased_on": "2020-06-18",
        "departments": [world.unit_b.pk],
        "purpose": Purchase.Purpose.GIFT_PACK,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": product.pk,
        "lines-0-quantity": "1",
        "lines-0-unit_price": "9.90",
    }
    first = client.post(reverse("purchases:purchase_create"), data)
    second = client.post(reverse("purchases:purchase_create"), data)
    purchase = Purchase.objects.get()
    assert first.status_code == second.status_code == 302
    assert second.url == reverse("purchases:purchase_detail", args=[purchase.uuid])


def test_a_product_of_another_supplier_is_refused_on_the_line(client_for, officer, world):
    TaskFactory(year=2020)
    supplier, other = SupplierFactory(), SupplierFactory()
    data = {
        "supplier": supplier.pk,
        "purchased_on": "2020-06-18",
        "departments": [world.unit_b.pk],
        "purpose": Purchase.Purpose.GIFT_PACK,
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": ProductFactory(supplier=other).pk,
        "lines-0-quantity": "1",
        "lines-0-unit_price": "9.90",
        "lines-1-product": "999999999",
        "lines-1-quantity": "1",
        "lines-1-unit_price": "1.00",
    }
    response = client_for(officer).post(reverse("purchases:purchase_create"), data)
    assert response.status_code == 200
    assert not Purchase.objects.exists()


def test_product_options_lists_only_the_suppliers_active_products(client_for, officer, leader):
    supplier = SupplierFactory()
    tea = ProductFactory(supplier=supplier, name="红茶", unit="盒")
    ProductFactory(supplier=supplier, name="停售的茶", is_active=False)
    ProductFactory(name="别家的米")
    url = reverse("purchases:product_options")
    answer = client_for(officer).get(url, {"supplier": supplier.pk}).json()
    assert answer == {"products": [{"id": tea.pk, "label": "红茶（盒）"}]}
    assert client_for(officer).get(url, {"supplier": "abc"}).json() == {"products": []}
    assert client_for(leader).get(url, {"supplier": supplier.pk}).status_code == 403


def test_the_form_tells_which_years_have_a_task_and_starts_with_one_line(client_for, officer):
    TaskFactory(year=2020)
    response = client_for(officer).get(reverse("purchases:purchase_create"))
    assert response.context["script"]["task_years"] == [2020]
    assert response.context["lines"].total_form_count() == 1
    assert "data-line-template" in response.content.decode()


@pytest.mark.parametrize("day", ["0001-01-01", "2101-01-01", "1899-12-31"])
def test_a_date_outside_1900_to_2100_is_refused_with_a_message(client_for, officer, world, day):
    supplier = SupplierFactory()
    data = {
        "supplier": supplier.pk,
        "purchased_on": day,
        "departments": [world.unit_b.pk],
        "purpose": Purchase.Purpose.GIFT_PACK,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": ProductFactory(supplier=supplier).pk,
        "lines-0-quantity": "1",
        "lines-0-unit_price": "1.00",
    }
    response = client_for(officer).post(reverse("purchases:purchase_create"), data)
    assert response.status_code == 200
    assert "日期须在 1900 年至 2100 年之间" in response.content.decode()
    assert not Purchase.objects.exists()


def test_the_supplier_select_offers_recent_suppliers_and_searches_the_rest(client_for, officer):
    area = AreaFactory()
    Supplier.objects.bulk_create(Supplier(name=f"供应商{i:04d}号", area=area) for i in range(1000))
    recent = make_purchase(supplier=SupplierFactory(name="最近采购过的供应商")).supplier
    client = client_for(officer)
    page = client.get(reverse("purchases:purchase_create"))
    content = page.content.decode()
    assert len(page.content) <= PAGE_LIMIT
    assert recent.name in content  # the recently bought from come first
    assert "供应商0999号" not in content
    found = client.get(reverse("purchases:supplier_options"), {"q": "0999"}).json()["suppliers"]
    assert [s["label"] for s in found] == ["供应商0999号"]


def test_a_supplier_outside_the_offered_few_is_accepted_and_shown_again(client_for, officer, world):
    area = AreaFactory()
    Supplier.objects.bulk_create(Supplier(name=f"供应商{i:04d}号", area=area) for i in range(60))
    rare = Supplier.objects.get(name="供应商0059号")
    data = {
        "supplier": rare.pk,
        "purchased_on": "2020-06-18",
        "departments": [world.unit_b.pk],
        "purpose": Purchase.Purpose.GIFT_PACK,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": ProductFactory(supplier=rare).pk,
        "lines-0-quantity": "",
        "lines-0-unit_price": "1.00",
    }
    response = client_for(officer).post(reverse("purchases:purchase_create"), data)
    assert response.status_code == 200  # the missing quantity: shown again with the supplier still chosen
    assert f'<option value="{rare.pk}" selected>' in response.content.decode()
    data["lines-0-quantity"] = "1"
    TaskFactory(year=2020)
    assert client_for(officer).post(reverse("purchases:purchase_create"), data).status_code == 302
