from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.core.imports import IMPORTERS
from apps.core.services import ImportInvalid, import_rows
from apps.purchases.models import Product, Purchase
from tests.factories import UnitFactory
from tests.purchases.factories import AreaFactory, ProductFactory, SupplierFactory, TaskFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "订单号",
    "发票号",
    "采购日期",
    "供应商",
    "采购部门",
    "用途",
    "产品",
    "计量单位",
    "数量",
    "单价",
    "合计",
    "备注",
]


def _xlsx(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("purchases.xlsx", buffer.getvalue())


@pytest.fixture
def catalogue():
    TaskFactory(year=2020)
    UnitFactory(name="工会")
    UnitFactory(name="人力资源处")
    supplier = SupplierFactory(name="金寨县农特产品公司", area=AreaFactory(county="金寨县"))
    ProductFactory(supplier=supplier, name="金寨红茶", unit="盒")
    SupplierFactory(name="某非结对供应商", area=AreaFactory(county="已脱钩县", is_paired=False))
    return supplier


def _preview(rows):
    return IMPORTERS["purchases"]().preview(_xlsx(rows))


GOOD = [
    [
        "832-001",
        "",
        "2020-06-18",
        "金寨县农特产品公司",
        "工会、人力资源处",
        "职工福利礼包",
        "金寨红茶",
        "",
        100,
        88,
        14825,
        "",
    ],
    [
        "832-001",
        "",
        "2020-06-18",
        "金寨县农特产品公司",
        "工会、人力资源处",
        "职工福利礼包",
        "金寨大米",
        "袋",
        50,
        120.5,
        14825,
        "",
    ],
    ["", "INV-9", "2020-09-01", "金寨县农特产品公司", "工会", "食堂", "金寨红茶", "", 2.5, 19.99, "", "食堂"],
]


def test_good_file_imports_two_purchases_with_their_lines(catalogue, officer):
    preview = _preview(GOOD)
    assert preview.is_valid, preview.errors
    assert preview.created == 2
    summary = import_rows(kind="purchases", preview=preview, by=officer)
    assert "新增 2 笔采购" in summary
    order = Purchase.objects.get(order_no="832-001")
    assert order.total == Decimal("14825.00")
    assert order.lines.count() == 2
    assert sorted(order.departments.values_list("name", flat=True)) == ["人力资源处", "工会"]
    canteen = Purchase.objects.get(invoice_no="INV-9")
    assert canteen.total == Decimal("49.98")
    assert canteen.purpose == Purchase.Purpose.CANTEEN
    assert Product.objects.filter(name="金寨大米", unit="袋").exists()


def test_importing_the_same_file_twice_is_refused(catalogue, officer):
    import_rows(kind="purchases", preview=_preview(GOOD), by=officer)
    preview = _preview(GOOD)
    assert {error.column for error in preview.errors} == {"订单号", "发票号"}
    assert Purchase.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({8: 0}, "数量", "数量必须大于 0"),
        ({8: -3}, "数量", "数量必须大于 0"),
        ({9: "88.005"}, "单价", "超过两位小数"),
        ({9: "abc"}, "单价", "不是数字"),
        ({3: "某非结对供应商"}, "供应商", "不是结对帮扶地区"),
        ({3: "不存在的公司"}, "供应商", "未知供应商"),
        ({2: "2019-06-18"}, "采购日期", "2019 年还没有设定年度采购任务"),
        ({2: "去年夏天"}, "采购日期", "无法识别"),
        ({4: "火星办"}, "采购部门", "未知单位"),
        ({5: "买着玩"}, "用途", "无效"),
        ({0: "", 1: ""}, "订单号", "至少填一个"),
        ({6: "新产品"}, "计量单位", "新产品请填写计量单位"),
    ],
)
def test_each_bad_row_is_explained_and_nothing_is_saved(catalogue, officer, change, column, message):
    row = list(GOOD[2])
    row[0] = "832-777"
    for index, value in change.items():
        row[index] = value
    preview = _preview([row])
    assert not preview.is_valid
    assert any(error.column == column and message in error.message for error in preview.errors), preview.errors
    with pytest.raises(ImportInvalid):
        import_rows(kind="purchases", preview=preview, by=officer)
    assert not Purchase.objects.exists()


def test_a_total_that_does_not_match_its_lines_is_refused(catalogue, officer):
    rows = [list(GOOD[0]), list(GOOD[1])]
    rows[0][10] = rows[1][10] = 15000
    preview = _preview(rows)
    (error,) = preview.errors
    assert (error.row, error.column) == (2, "合计")
    assert "14825.00" in error.message
    assert not Purchase.objects.exists()


def test_rows_of_one_purchase_must_agree(catalogue):
    rows = [list(GOOD[0]), list(GOOD[1])]
    rows[1][2] = "2020-06-19"
    preview = _preview(rows)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "采购日期")]


def test_one_bad_row_keeps_the_whole_file_out(catalogue, officer):
    rows = [*GOOD, ["832-002", "", "2020-07-01", "金寨县农特产品公司", "工会", "", "金寨红茶", "", 0, 10, "", ""]]
    preview = _preview(rows)
    assert len(preview.errors) == 1
    assert preview.cleaned == []
    assert not Purchase.objects.exists()


def test_the_shared_upload_page_previews_and_applies(client_for, officer, catalogue):
    client = client_for(officer)
    response = client.post(reverse("core:import_upload", args=["purchases"]), {"file": _xlsx(GOOD)})
    assert response.status_code == 302
    preview_page = client.get(response.url)
    assert "金寨大米" in preview_page.content.decode()
    assert client.post(response.url).status_code == 302
    assert Purchase.objects.count() == 2


def _with_pack(rows: list[list]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER, "发放礼包"])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("p.xlsx", buffer.getvalue())


def test_a_gift_pack_column_links_the_distribution(catalogue, officer):
    from apps.welfare.models import Distribution

    pack = Distribution.objects.create(
        title="2020年端午节福利礼包（扶贫产品）",
        item="礼包",
        unit_value=Decimal("200"),
        distributed_on="2020-06-20",
        created_by=officer,
    )
    importer = IMPORTERS["purchases"]()
    bad = importer.preview(_with_pack([[*GOOD[0], pack.title], [*GOOD[1], "没有这个礼包"]]))
    assert [(e.row, e.column) for e in bad.errors] == [(3, "发放礼包")]
    good = importer.preview(_with_pack([[*GOOD[0], pack.title], [*GOOD[1], pack.title]]))
    assert good.is_valid, good.errors
    import_rows(kind="purchases", preview=good, by=officer)
    assert Purchase.objects.get().distribution == pack
