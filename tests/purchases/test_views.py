from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.purchases.models import Purchase, Task
from tests.helpers import downloaded
from tests.purchases.factories import ProductFactory, SupplierFactory, TaskFactory, make_purchase

pytestmark = pytest.mark.django_db


def _purchase_post(task, supplier, unit, lines, **extra) -> dict:
    data = {
        "task": task.pk,
        "purchased_on": "2020-06-18",
        "supplier": supplier.pk,
        "departments": [unit.pk],
        "purpose": Purchase.Purpose.GIFT_PACK,
        "invoice_no": "FP-001",
        "order_no": "832-0001",
        "note": "",
        "lines-TOTAL_FORMS": str(len(lines) + 1),
        "lines-INITIAL_FORMS": "0",
        **extra,
    }
    for i, (product, quantity, price) in enumerate(lines):
        data |= {f"lines-{i}-product": product.pk, f"lines-{i}-quantity": quantity, f"lines-{i}-unit_price": price}
    return data


def test_officer_enters_a_purchase_with_two_lines(client_for, officer, world):
    task, supplier = TaskFactory(year=2020), SupplierFactory()
    tea, rice = ProductFactory(supplier=supplier), ProductFactory(supplier=supplier)
    data = _purchase_post(task, supplier, world.unit_b, [(tea, "100", "88.00"), (rice, "50", "120.50")])
    response = client_for(officer).post(reverse("purchases:purchase_create"), data)
    purchase = Purchase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("purchases:purchase_detail", args=[purchase.uuid])
    assert purchase.total == Decimal("14825.00")
    assert purchase.created_by == officer
    assert list(purchase.departments.all()) == [world.unit_b]


@pytest.mark.parametrize(
    ("quantity", "price", "message"),
    [("0", "10.00", "数量必须大于 0"), ("-2", "10.00", "数量必须大于 0"), ("1", "10.005", "单价最多保留两位小数")],
)
def test_bad_lines_are_explained_and_what_was_typed_is_kept(client_for, officer, world, quantity, price, message):
    task, supplier = TaskFactory(year=2020), SupplierFactory()
    data = _purchase_post(task, supplier, world.unit_b, [(ProductFactory(supplier=supplier), quantity, price)])
    response = client_for(officer).post(reverse("purchases:purchase_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert price in content and "FP-001" in content
    assert not Purchase.objects.exists()


def test_a_date_in_a_year_without_a_task_is_explained_with_a_link_to_create_it(client_for, officer, world):
    task, supplier = TaskFactory(year=2021, amount=Decimal("1")), SupplierFactory()
    data = _purchase_post(task, supplier, world.unit_b, [(ProductFactory(supplier=supplier), "1", "1.00")])
    response = client_for(officer).post(reverse("purchases:purchase_create"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "2020 年还没有消费扶贫采购任务" in content
    assert reverse("purchases:task_create") + "?year=2020" in content
    assert not Purchase.objects.exists()


def test_a_purchase_without_lines_is_refused(client_for, officer, world):
    task, supplier = TaskFactory(year=2020), SupplierFactory()
    response = client_for(officer).post(
        reverse("purchases:purchase_create"), _purchase_post(task, supplier, world.unit_b, [])
    )
    assert "至少要有一条明细" in response.content.decode()
    assert not Purchase.objects.exists()


def test_edit_form_shows_the_lines_and_saves_changes(client_for, officer, world):
    supplier = SupplierFactory()
    product = ProductFactory(supplier=supplier)
    purchase = make_purchase(on=date(2020, 6, 18), supplier=supplier, lines=[(product, "2", "10.00")])
    url = reverse("purchases:purchase_edit", args=[purchase.uuid])
    assert "10.00" in client_for(officer).get(url).content.decode()
    data = _purchase_post(purchase.task, supplier, world.unit_b, [(product, "3", "10.00")])
    assert client_for(officer).post(url, data).status_code == 302
    purchase.refresh_from_db()
    assert purchase.total == Decimal("30.00")


def test_task_form_saves_shares_and_refuses_too_much(client_for, officer, world):
    url = reverse("purchases:task_create")
    data = {
        "year": "2020",
        "amount": "1000.00",
        "per_head": "",
        "note": "",
        "shares-TOTAL_FORMS": "2",
        "shares-INITIAL_FORMS": "0",
        "shares-0-unit": world.unit_b.pk,
        "shares-0-amount": "800",
        "shares-1-unit": world.handler_unit.pk,
        "shares-1-amount": "300",
    }
    response = client_for(officer).post(url, data)
    assert response.status_code == 200
    assert "超过了任务金额" in response.content.decode()
    assert not Task.objects.exists()
    data["shares-1-amount"] = "200"
    assert client_for(officer).post(url, data).status_code == 302
    assert Task.objects.get().shares.count() == 2


def test_purchase_list_queries_are_bounded(client_for, leader, django_assert_max_num_queries):
    for day in range(1, 31):
        make_purchase(
            on=date(2020, 5, day), supplier=SupplierFactory(), lines=[(None, "1", "10.00"), (None, "2", "5.00")]
        )
    client = client_for(leader)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("purchases:purchase_list") + "?year=2020")
    assert response.status_code == 200
    assert response.context["filtered_total"] == Decimal("600.00")


def test_export_writes_the_filtered_purchases(client_for, leader):
    make_purchase(on=date(2020, 5, 1), lines=[(None, "3", "10.00")])
    make_purchase(on=date(2021, 5, 1), lines=[(None, "1", "10.00")])
    response = client_for(leader).get(reverse("purchases:purchase_list") + "?year=2020&export=xlsx")
    sheet = load_workbook(BytesIO(downloaded(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][6] == 30


# Exact counts, with more suppliers (and purchases, products) than one page: a query per row would show.
# Each count includes the session, the user, the user's member (menu) and the session's save.
@pytest.mark.parametrize(
    ("name", "queries"), [("supplier_list", 11), ("product_list", 10), ("area_list", 8), ("task_list", 8)]
)
def test_other_lists_run_a_fixed_number_of_queries(client_for, officer, django_assert_num_queries, name, queries):
    for day in range(1, 31):
        make_purchase(on=date(2020 + day % 3, 5, day), lines=[(None, "1", "10.00")])
    client = client_for(officer)
    with django_assert_num_queries(queries):
        response = client.get(reverse(f"purchases:{name}"))
    assert response.status_code == 200
    assert len(response.context["object_list"]) >= 3


def test_supplier_list_sums_each_purchase_once(client_for, officer):
    supplier = SupplierFactory()
    ProductFactory(supplier=supplier)
    make_purchase(supplier=supplier, lines=[(None, "1", "10.00")])
    make_purchase(supplier=supplier, lines=[(None, "1", "5.00")])
    response = client_for(officer).get(reverse("purchases:supplier_list"))
    (row,) = response.context["object_list"]
    assert row.purchased == Decimal("15.00")
    assert row.product_count == 3


def test_progress_page_queries_are_bounded_and_show_the_figures(client_for, leader, django_assert_max_num_queries):
    TaskFactory(year=2020, amount=Decimal("1000.00"))
    for day in range(1, 31):
        make_purchase(on=date(2020, 1 + day % 12, day % 28 + 1), lines=[(None, "1", "10.00")])
    client = client_for(leader)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("purchases:index") + "?year=2020")
    content = response.content.decode()
    assert "300.00" in content
    assert "30.0%" in content
    assert "vendor/chart.js/chart.umd.js" in content


def test_progress_page_of_a_year_without_task(client_for, leader):
    response = client_for(leader).get(reverse("purchases:index") + "?year=1999")
    assert response.status_code == 200
    assert "本年度尚未设定采购任务" in response.content.decode()


def test_progress_page_ignores_a_bad_year(client_for, leader):
    assert client_for(leader).get(reverse("purchases:index") + "?year=abc").status_code == 200


def test_attachment_upload_and_download(client_for, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    purchase = make_purchase()
    url = reverse("purchases:attachment_add", args=[purchase.uuid])
    upload = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client_for(officer).post(url, {"file": upload, "title": "发票"})
    assert response.status_code == 302
    attachment = purchase.attachments.get()
    download = client_for(officer).get(reverse("purchases:attachment_download", args=[purchase.uuid, attachment.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    assert attachment.stored.original_name == "发票.pdf" and "发票" not in attachment.stored.file.name


def test_delete_needs_a_post(client_for, officer):
    purchase = make_purchase()
    url = reverse("purchases:purchase_delete", args=[purchase.uuid])
    assert client_for(officer).get(url).status_code == 200
    assert Purchase.objects.exists()
    assert client_for(officer).post(url).status_code == 302
    assert not Purchase.objects.exists()


def test_simple_forms_save_and_explain(client_for, officer):
    client = client_for(officer)
    response = client.post(reverse("purchases:area_create"), {"province": "安徽省", "county": "", "is_paired": "on"})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert (
        client.post(
            reverse("purchases:area_create"), {"province": "安徽省", "county": "金寨县", "is_paired": "on"}
        ).status_code
        == 302
    )


def test_the_progress_page_runs_a_fixed_number_of_queries(client_for, leader, django_assert_num_queries):
    """Both years' figures in one set of grouped queries: the same count for 3 purchases or 40.

    16 = session, user, the user's member (menu), the session's save (3) and ten of the page's own: the task,
    totals, purposes, suppliers, areas, departments, months, gift packs, department shares, the year switcher.
    """
    from apps.purchases.models import TaskShare
    from tests.factories import UnitFactory

    task = TaskFactory(year=2020)
    TaskShare.objects.create(task=task, unit=UnitFactory(name="财务处"), amount=Decimal("100.00"))
    client = client_for(leader)
    counts = []
    for batch in (3, 40):
        for day in range(batch):
            make_purchase(on=date(2019 + day % 2, 1 + day % 12, 1 + day % 28), supplier=SupplierFactory())
        with django_assert_num_queries(16) as queries:
            response = client.get(reverse("purchases:index") + "?year=2020")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
