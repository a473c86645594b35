from apps.purchases.models import Attachment
from tests.helpers import stored_attachment
from tests.permission_rows import ADMIN, OFFICER, READ_ALL, Row
from tests.purchases.factories import AreaFactory, ProductFactory, SupplierFactory, TaskFactory, make_purchase

MANAGE = {OFFICER, ADMIN}


def _purchase(world) -> dict:
    return {"purchase_uuid": make_purchase(departments=[world.unit_b]).uuid}


def _attachment(world) -> dict:
    purchase = make_purchase(departments=[world.unit_b])
    attachment = Attachment.objects.create(purchase=purchase, stored=stored_attachment("发票.pdf", b"%PDF-1.4"))
    return {"purchase_uuid": purchase.uuid, "attachment_id": attachment.pk}


ROWS = [
    Row("purchases:index", ok=READ_ALL),
    Row("purchases:index", ok=READ_ALL, query="?year=2019", id="progress of another year"),
    Row("purchases:purchase_list", ok=READ_ALL),
    Row("purchases:purchase_list", ok=READ_ALL, query="?export=xlsx&year=2020", id="purchase export"),
    Row("purchases:purchase_create", ok=MANAGE),
    Row("purchases:purchase_detail", ok=READ_ALL, args=_purchase),
    Row("purchases:purchase_edit", ok=MANAGE, args=_purchase),
    Row("purchases:purchase_delete", ok=MANAGE, args=_purchase),
    Row("purchases:attachment_add", ok=MANAGE, args=_purchase, ok_status=302, id="attachment_add (GET goes back)"),
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
    Row("purchases:task_edit", ok=MANAGE, args=lambda w: {"pk": TaskFactory().pk}),
    Row("purchases:supplier_list", ok=READ_ALL),
    Row("purchases:supplier_list", ok=READ_ALL, query="?export=xlsx", id="supplier export"),
    Row("purchases:supplier_create", ok=MANAGE),
    Row("purchases:supplier_edit", ok=MANAGE, args=lambda w: {"pk": SupplierFactory().pk}),
    Row("purchases:product_list", ok=READ_ALL),
    Row("purchases:product_list", ok=READ_ALL, query="?export=xlsx", id="product export"),
    Row("purchases:product_create", ok=MANAGE),
    Row("purchases:product_edit", ok=MANAGE, args=lambda w: {"pk": ProductFactory().pk}),
    Row("purchases:area_list", ok=READ_ALL),
    Row("purchases:area_list", ok=READ_ALL, query="?export=xlsx", id="area export"),
    Row("purchases:area_create", ok=MANAGE),
    Row("purchases:area_edit", ok=MANAGE, args=lambda w: {"pk": AreaFactory().pk}),
]
