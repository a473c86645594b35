import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.purchases.models import Attachment, Purchase, Task
from tests.helpers import stored_attachment
from tests.permission_rows import ADMIN, OFFICER, READ_ALL, Row
from tests.purchases.factories import AreaFactory, ProductFactory, SupplierFactory, TaskFactory, make_purchase

MANAGE = {OFFICER, ADMIN}
PURCHASE_WRITES = ("purchases.Purchase", "purchases.PurchaseLine")


def _purchase(world) -> dict:
    return {"purchase_uuid": make_purchase(departments=[world.unit_b]).uuid}


def _attachment(world) -> dict:
    purchase = make_purchase(departments=[world.unit_b])
    attachment = Attachment.objects.create(purchase=purchase, stored=stored_attachment("发票.pdf", b"%PDF-1.4"))
    return {"purchase_uuid": purchase.uuid, "attachment_id": attachment.pk}


def _purchase_post(world) -> dict:
    """A valid purchase form: a new supplier each time, so that an edit always changes something."""
    TaskFactory(year=2020)
    supplier = SupplierFactory()
    product = ProductFactory(supplier=supplier)
    return {
        "supplier": supplier.pk,
        "purchased_on": "2020-06-18",
        "departments": [world.unit_b.pk],
        "purpose": Purchase.Purpose.GIFT_PACK,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": product.pk,
        "lines-0-quantity": "2",
        "lines-0-unit_price": "10.00",
    }


def _new_task(world) -> dict:
    return {"year": str(2040 + Task.objects.count()), "amount": "1000.00", **_no_shares()}


def _changed_task(world) -> dict:
    task = TaskFactory()  # the same task the row's URL names (one per year)
    return {"year": str(task.year), "amount": str(task.amount + 1), **_no_shares()}


def _no_shares() -> dict:
    return {"shares-TOTAL_FORMS": "0", "shares-INITIAL_FORMS": "0"}


def _unique() -> str:
    return uuid.uuid4().hex[:8]


def _supplier_post(world) -> dict:
    return {"name": f"供应商{_unique()}", "area": AreaFactory().pk, "via_832": "on", "is_active": "on"}


def _product_post(world) -> dict:
    return {"supplier": SupplierFactory().pk, "name": f"产品{_unique()}", "unit": "箱", "is_active": "on"}


def _area_post(world) -> dict:
    return {"province": "安徽省", "county": f"县{_unique()}", "is_paired": "on"}


def _upload(world) -> dict:
    return {"file": SimpleUploadedFile("fapiao.pdf", b"%PDF-1.4 invoice", content_type="application/pdf")}


ROWS = [
    Row("purchases:index", ok=READ_ALL),
    Row("purchases:index", ok=READ_ALL, query="?year=2019", id="progress of another year"),
    Row("purchases:purchase_list", ok=READ_ALL),
    Row("purchases:purchase_list", ok=READ_ALL, query="?export=xlsx&year=2020", id="purchase export"),
    Row("purchases:purchase_create", ok=MANAGE),
    Row(
        "purchases:purchase_create",
        ok=MANAGE,
        method="post",
        data=_purchase_post,
        ok_status=302,
        writes=PURCHASE_WRITES,
        id="purchase_create (POST)",
    ),
    Row("purchases:product_options", ok=MANAGE, query="?supplier=1"),
    Row("purchases:supplier_options", ok=MANAGE, query="?q=县"),
    Row("purchases:purchase_detail", ok=READ_ALL, args=_purchase),
    Row("purchases:purchase_edit", ok=MANAGE, args=_purchase),
    Row(
        "purchases:purchase_edit",
        ok=MANAGE,
        args=_purchase,
        method="post",
        data=_purchase_post,
        ok_status=302,
        writes=PURCHASE_WRITES,
        id="purchase_edit (POST)",
    ),
    Row("purchases:purchase_delete", ok=MANAGE, args=_purchase),
    Row(
        "purchases:purchase_delete",
        ok=MANAGE,
        args=_purchase,
        method="post",
        ok_status=302,
        writes=PURCHASE_WRITES,
        id="purchase_delete (POST)",
    ),
    Row("purchases:attachment_add", ok=MANAGE, args=_purchase, ok_status=302, id="attachment_add (GET goes back)"),
    Row(
        "purchases:attachment_add",
        ok=MANAGE,
        args=_purchase,
        method="post",
        data=_upload,
        ok_status=302,
        writes=("purchases.Attachment",),
        id="attachment_add (POST)",
    ),
    Row("purchases:attachment_download", ok=READ_ALL, args=_attachment),
    Row(
        "purchases:attachment_download",
        ok=set(),
        not_found=READ_ALL,
        args=lambda w: {"purchase_uuid": _purchase(w)["purchase_uuid"], "attachment_id": 999999},
        id="attachment of another purchase",
    ),
    Row("purchases:task_list", ok=READ_ALL),
    Row("purchases:task_list", ok=READ_ALL, query="?export=csv", id="task export"),
    Row("purchases:task_create", ok=MANAGE),
    Row(
        "purchases:task_create",
        ok=MANAGE,
        method="post",
        data=_new_task,
        ok_status=302,
        writes=("purchases.Task",),
        id="task_create (POST)",
    ),
    Row("purchases:task_edit", ok=MANAGE, args=lambda w: {"pk": TaskFactory().pk}),
    Row(
        "purchases:task_edit",
        ok=MANAGE,
        args=lambda w: {"pk": TaskFactory().pk},
        method="post",
        data=_changed_task,
        ok_status=302,
        writes=("purchases.Task",),
        id="task_edit (POST)",
    ),
    Row("purchases:supplier_list", ok=READ_ALL),
    Row("purchases:supplier_list", ok=READ_ALL, query="?export=xlsx", id="supplier export"),
    Row("purchases:supplier_create", ok=MANAGE),
    Row(
        "purchases:supplier_create",
        ok=MANAGE,
        method="post",
        data=_supplier_post,
        ok_status=302,
        writes=("purchases.Supplier",),
        id="supplier_create (POST)",
    ),
    Row("purchases:supplier_edit", ok=MANAGE, args=lambda w: {"pk": SupplierFactory().pk}),
    Row(
        "purchases:supplier_edit",
        ok=MANAGE,
        args=lambda w: {"pk": SupplierFactory().pk},
        method="post",
        data=_supplier_post,
        ok_status=302,
        writes=("purchases.Supplier",),
        id="supplier_edit (POST)",
    ),
    Row("purchases:product_list", ok=READ_ALL),
    Row("purchases:product_list", ok=READ_ALL, query="?export=xlsx", id="product export"),
    Row("purchases:product_create", ok=MANAGE),
    Row(
        "purchases:product_create",
        ok=MANAGE,
        method="post",
        data=_product_post,
        ok_status=302,
        writes=("purchases.Product",),
        id="product_create (POST)",
    ),
    Row("purchases:product_edit", ok=MANAGE, args=lambda w: {"pk": ProductFactory().pk}),
    Row(
        "purchases:product_edit",
        ok=MANAGE,
        args=lambda w: {"pk": ProductFactory().pk},
        method="post",
        data=_product_post,
        ok_status=302,
        writes=("purchases.Product",),
        id="product_edit (POST)",
    ),
    Row("purchases:area_list", ok=READ_ALL),
    Row("purchases:area_list", ok=READ_ALL, query="?export=xlsx", id="area export"),
    Row("purchases:area_create", ok=MANAGE),
    Row(
        "purchases:area_create",
        ok=MANAGE,
        method="post",
        data=_area_post,
        ok_status=302,
        writes=("purchases.Area",),
        id="area_create (POST)",
    ),
    Row("purchases:area_edit", ok=MANAGE, args=lambda w: {"pk": AreaFactory().pk}),
    Row(
        "purchases:area_edit",
        ok=MANAGE,
        args=lambda w: {"pk": AreaFactory().pk},
        method="post",
        data=_area_post,
        ok_status=302,
        writes=("purchases.Area",),
        id="area_edit (POST)",
    ),
]
