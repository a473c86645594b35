"""The annual plan import: a good file creates (and on re-import updates) plan items; a bad one saves nothing."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from apps.activities.importers import PlanImporter
from apps.activities.models import PlanItem
from apps.core.services import ImportInvalid, import_rows
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
HEADER = ["年度", "月份", "活动名称", "类别", "承办单位", "组织分工会", "预算", "备注"]


def xlsx_file(rows, header=HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


@pytest.fixture
def units(world):
    return [
        UnitFactory(name="后勤管理处", branch=world.branch_b),
        UnitFactory(name="招生就业处", branch=world.branch_b),
    ]


def test_a_good_file_creates_the_plan_with_its_host_units(world, units, officer):
    preview = PlanImporter().preview(
        xlsx_file(
            [
                [2021, 9, "中秋节活动", "节日集体类", "后勤管理处、招生就业处", "", 8000, ""],
                [
                    2021,
                    "10月",
                    "重阳节登高活动",
                    "节日集体类",
                    "后勤管理处,电子与电气工程学院",
                    "机关分工会",
                    "",
                    "秋季",
                ],
            ]
        )
    )
    assert preview.is_valid, preview.errors
    summary = import_rows(kind="activity_plan", preview=preview, by=officer)
    assert "新增 2 项" in summary
    mid_autumn = PlanItem.objects.get(title="中秋节活动")
    assert (mid_autumn.year, mid_autumn.month, mid_autumn.budget) == (2021, 9, Decimal("8000.00"))
    assert {unit.name for unit in mid_autumn.host_units.all()} == {"后勤管理处", "招生就业处"}
    climb = PlanItem.objects.get(title="重阳节登高活动")
    assert (climb.month, climb.budget, climb.organising_branch) == (10, None, world.branch_b)


def test_re_importing_updates_by_year_and_title(world, units, officer):
    rows = [[2021, 9, "中秋节活动", "节日集体类", "后勤管理处", "", 8000, ""]]
    import_rows(kind="activity_plan", preview=PlanImporter().preview(xlsx_file(rows)), by=officer)
    rows[0][6] = 9000
    summary = import_rows(kind="activity_plan", preview=PlanImporter().preview(xlsx_file(rows)), by=officer)
    assert "更新 1 项" in summary
    assert PlanItem.objects.get().budget == Decimal("9000.00")


def test_a_bad_file_explains_each_row_and_saves_nothing(world, units, officer):
    preview = PlanImporter().preview(
        xlsx_file(
            [
                [2021, 9, "中秋节活动", "节日集体类", "后勤管理处", "", 8000, ""],
                ["明年", 13, "", "游园类", "不存在处", "无名分工会", -5, ""],
                [2021, 9, "中秋节活动", "节日集体类", "", "", "很多", ""],
            ]
        )
    )
    messages = {(error.row, error.column) for error in preview.errors}
    assert {
        (3, "年度"),
        (3, "月份"),
        (3, "活动名称"),
        (3, "类别"),
        (3, "承办单位"),
        (3, "组织分工会"),
        (3, "预算"),
    } <= messages
    assert {(4, "活动名称"), (4, "预算")} <= messages
    with pytest.raises(ImportInvalid):
        import_rows(kind="activity_plan", preview=preview, by=officer)
    assert not PlanItem.objects.exists()


def test_the_upload_page_previews_the_plan(world, units, officer, client_for):
    client = client_for(officer)
    upload = xlsx_file([[2021, 9, "中秋节活动", "节日集体类", "后勤管理处", "", 8000, ""]])
    response = client.post(reverse("core:import_upload", args=["activity_plan"]), {"file": upload}, follow=True)
    assert response.status_code == 200
    assert "中秋节活动" in response.content.decode()


def test_the_plan_import_is_only_for_officers(world, staff, client_for):
    response = client_for(staff).get(reverse("core:import_upload", args=["activity_plan"]))
    assert response.status_code == 403


def test_the_import_writes_through_the_plan_service(world, units, chair):
    """The service's permission check holds for imports too: a chair cannot slip a plan in from the shell."""
    from django.core.exceptions import PermissionDenied

    rows = [[2021, 9, "中秋节活动", "节日集体类", "后勤管理处", "", 8000, ""]]
    preview = PlanImporter().preview(xlsx_file(rows))
    with pytest.raises(PermissionDenied):
        PlanImporter().apply(preview, by=chair)
    assert not PlanItem.objects.exists()


def test_an_import_records_who_made_each_item(world, units, officer):
    rows = [[2021, 9, "中秋节活动", "节日集体类", "后勤管理处", "", 8000, "x" * 1001]]
    preview = PlanImporter().preview(xlsx_file(rows))
    assert [error.column for error in preview.errors] == ["备注"]
    rows[0][7] = "秋季"
    import_rows(kind="activity_plan", preview=PlanImporter().preview(xlsx_file(rows)), by=officer)
    assert PlanItem.objects.get().history.first().history_user == officer
