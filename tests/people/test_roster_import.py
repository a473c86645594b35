"""The roster import: preview with row errors, all-or-nothing, re-import updates by 工号 and never deletes."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.core.services import ImportInvalid, import_rows
from apps.core.spreadsheets import SpreadsheetError
from apps.people import services
from apps.people.importers import RosterImporter
from apps.people.models import Member
from tests.factories import MemberFactory, UnionGroupFactory
from tests.helpers import downloaded

HEADER = [
    "工号",
    "姓名",
    "性别",
    "出生日期",
    "单位",
    "分工会",
    "工会小组",
    "电话",
    "状态",
    "入会日期",
    "离岗日期",
    "加入互助会日期",
]


def xlsx_file(rows, header=HEADER, name="roster.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, header=HEADER, name="roster.csv", encoding="utf-8-sig") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def good_row(employee_no="20001", name="赵敏", unit="电子与电气工程学院", **overrides):
    row = {
        "工号": employee_no, "姓名": name, "性别": "女", "出生日期": "1988-04-12", "单位": unit, "分工会": "",
        "工会小组": "", "电话": "13800000000", "状态": "在职", "入会日期": "2012/09/01", "离岗日期": "",
        "加入互助会日期": "",
    }  # fmt: skip
    row.update(overrides)
    return [row[column] for column in HEADER]


def preview_of(uploaded):
    return RosterImporter().preview(uploaded)


def test_a_good_xlsx_file_creates_members_with_the_branch_of_their_unit(world, officer):
    preview = preview_of(xlsx_file([good_row(), good_row("20002", "钱多多", unit="人力资源处")]))
    assert preview.is_valid and preview.created == 2
    summary = import_rows(kind="roster", preview=preview, by=officer)
    assert "新增 2" in summary
    zhao = Member.objects.get(employee_no="20001")
    assert zhao.branch == world.branch_a
    assert zhao.joined_on == date(2012, 9, 1)
    assert zhao.history.first().history_user == officer


def test_a_gb18030_csv_from_excel_is_read(world):
    preview = preview_of(csv_file([good_row()], encoding="gb18030"))
    assert preview.is_valid
    assert preview.rows[0]["姓名"] == "赵敏"


def test_reimport_updates_by_employee_number_and_never_deletes(world, officer):
    kept = MemberFactory(unit=world.unit_b, employee_no="30000")
    MemberFactory(unit=world.unit_a, employee_no="20001", name="赵敏", phone="1")
    preview = preview_of(xlsx_file([good_row(电话="13900000000", 状态="退休", 离岗日期="2020-07-01")]))
    assert preview.updated == 1 and preview.created == 0
    import_rows(kind="roster", preview=preview, by=officer)
    zhao = Member.objects.get(employee_no="20001")
    assert (zhao.phone, zhao.status, zhao.left_on) == ("13900000000", Member.Status.RETIRED, date(2020, 7, 1))
    assert Member.objects.filter(pk=kept.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"工号": ""}, "工号", "工号不能为空"),
        ({"工号": "12-34"}, "工号", "格式不对"),
        ({"姓名": ""}, "姓名", "姓名不能为空"),
        ({"性别": "M"}, "性别", "男"),
        ({"单位": "不存在学院"}, "单位", "未知单位"),
        ({"分工会": "不存在分工会"}, "分工会", "未知分工会"),
        ({"工会小组": "第九小组"}, "工会小组", "没有工会小组"),
        ({"出生日期": "1988-13-45"}, "出生日期", "无法识别"),
        ({"入会日期": "去年"}, "入会日期", "无法识别"),
        ({"入会日期": "2100-01-01"}, "入会日期", "不能晚于今天"),
        ({"出生日期": "2100-12-31"}, "出生日期", "不能晚于今天"),
        ({"出生日期": "0001-01-01"}, "出生日期", "无法识别"),
        ({"离岗日期": "2000-01-01"}, "离岗日期", "早于入会日期"),
        ({"状态": "休假"}, "状态", "无效"),
    ],
)
def test_each_kind_of_bad_row_is_reported_with_its_row_and_column(world, overrides, column, message):
    preview = preview_of(xlsx_file([good_row("20009", "孙一"), good_row(**overrides)]))
    assert not preview.is_valid
    assert [(error.row, error.column) for error in preview.errors] == [(3, column)]
    assert message in preview.errors[0].message


def test_duplicates_within_the_file_name_the_first_row(world):
    preview = preview_of(xlsx_file([good_row("20001"), good_row("20002"), good_row("20001", "重复")]))
    assert [(error.row, error.column) for error in preview.errors] == [(4, "工号")]
    assert "第 2 行" in preview.errors[0].message


def test_a_file_with_any_error_imports_nothing(world, officer):
    preview = preview_of(xlsx_file([good_row("20001"), good_row("20002", 单位="火星学院")]))
    with pytest.raises(ImportInvalid):
        import_rows(kind="roster", preview=preview, by=officer)
    assert not Member.objects.filter(employee_no__in=["20001", "20002"]).exists()


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (SimpleUploadedFile("roster.xlsx", b"this is not a spreadsheet"), "不是有效的 Excel"),
        (SimpleUploadedFile("roster.pdf", b"%PDF-1.4"), "只能导入"),
        (SimpleUploadedFile("roster.csv", b""), "空的"),
        (SimpleUploadedFile("roster.csv", "工号,姓名\n".encode()), "缺少必需的列"),
        (SimpleUploadedFile("roster.csv", ",".join(HEADER).encode()), "只有表头"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(world, uploaded, message):
    with pytest.raises(SpreadsheetError, match=message):
        preview_of(uploaded)


def test_a_file_that_is_too_large_gets_a_clear_message(world, settings):
    settings.MAX_UPLOAD_SIZE = 100
    with pytest.raises(SpreadsheetError, match="文件太大"):
        preview_of(xlsx_file([good_row()]))


def test_upload_preview_and_confirm_in_the_browser(world, officer, client):
    client.force_login(officer)
    response = client.post(reverse("core:import_upload", args=["roster"]), {"file": xlsx_file([good_row()])})
    assert response.status_code == 302
    preview_page = client.get(response["Location"])
    assert "检查通过" in preview_page.content.decode()
    assert not Member.objects.filter(employee_no="20001").exists()
    confirmed = client.post(response["Location"], follow=True)
    assert "新增 1 人" in confirmed.content.decode()
    assert Member.objects.filter(employee_no="20001").exists()


def test_a_preview_with_errors_shows_them_and_cannot_be_confirmed(world, officer, client):
    client.force_login(officer)
    response = client.post(
        reverse("core:import_upload", args=["roster"]), {"file": xlsx_file([good_row(单位="火星学院")])}
    )
    page = client.get(response["Location"]).content.decode()
    assert "未知单位“火星学院”" in page
    client.post(response["Location"])
    assert not Member.objects.filter(employee_no="20001").exists()


def test_a_bad_file_is_refused_on_the_upload_form(world, officer, client):
    client.force_login(officer)
    response = client.post(
        reverse("core:import_upload", args=["roster"]), {"file": SimpleUploadedFile("x.xlsx", b"nonsense")}
    )
    assert response.status_code == 200
    assert "不是有效的 Excel" in response.content.decode()


def test_an_applied_batch_cannot_be_applied_twice(world, officer, client):
    client.force_login(officer)
    location = client.post(reverse("core:import_upload", args=["roster"]), {"file": xlsx_file([good_row()])})[
        "Location"
    ]
    client.post(location)
    page = client.post(location, follow=True).content.decode()
    assert Member.objects.filter(employee_no="20001").count() == 1
    assert "新增 1 人" in page


def test_the_shell_command_imports_all_or_nothing(world, officer, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_file([good_row()]).read())
    call_command("import_roster", str(good), "--user", "officer", stdout=io.StringIO())
    assert Member.objects.filter(employee_no="20001").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_file([good_row("20005"), good_row("20006", 性别="?")]).read())
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_roster", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Member.objects.filter(employee_no="20005").exists()


def test_a_member_export_can_be_imported_again_unchanged(world, officer, client):
    client.force_login(officer)
    exported = downloaded(client.get(reverse("people:member_list") + "?export=xlsx"))
    preview = preview_of(SimpleUploadedFile("export.xlsx", exported))
    assert preview.is_valid, preview.errors
    assert f"未变 {Member.objects.count()} 人" in import_rows(kind="roster", preview=preview, by=officer)


def _roster_state():
    return list(Member.objects.order_by("employee_no").values_list("employee_no", *services.ROSTER_FIELDS))


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_with_formula_like_text_reimports_with_nothing_changed(world, officer, client, fmt):
    group = UnionGroupFactory(branch=world.branch_a, name="-第一小组")
    MemberFactory(unit=world.unit_a, name='=HYPERLINK("http://x")', phone="+86 139 0000 0000", union_group=group)
    MemberFactory(unit=world.unit_b, name="@王", phone="-1", status="retired", left_on=date(2020, 7, 1),
                  mutual_aid_joined_on=date(2018, 3, 1), birth_date=None)  # fmt: skip
    before, history_before = _roster_state(), Member.history.count()
    client.force_login(officer)
    exported = downloaded(client.get(reverse("people:member_list") + f"?export={fmt}"))
    if fmt == "xlsx":
        cells = [c for row in load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True) for c in row]
        assert '\'=HYPERLINK("http://x")' in cells and "'+86 139 0000 0000" in cells and "'-第一小组" in cells
        assert not any(isinstance(cell, str) and cell.startswith(("=", "+", "-", "@")) for cell in cells)
    else:
        assert "'=HYPERLINK" in exported.decode("utf-8-sig")
    preview = preview_of(SimpleUploadedFile(f"export.{fmt}", exported))
    assert preview.is_valid, preview.errors[:3]
    summary = import_rows(kind="roster", preview=preview, by=officer)
    assert f"未变 {len(before)} 人" in summary
    assert _roster_state() == before
    assert Member.history.count() == history_before


def _cleaned_row(world, **changes) -> dict:
    row = {"employee_no": "40001", "name": "周芷若", "gender": "female", "birth_date": None, "unit_id": world.unit_a.pk,
           "branch_id": world.branch_a.pk, "union_group_id": None, "phone": "", "status": "active",
           "joined_on": None, "left_on": None, "mutual_aid_joined_on": None}  # fmt: skip
    return {**row, **changes}


def test_the_import_service_refuses_a_user_without_the_import_permission(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.roster_import(rows=[_cleaned_row(world)], by=world.users["leadership"])
    assert not Member.objects.filter(employee_no="40001").exists()


def test_the_import_service_applies_member_saves_group_rule_to_every_row(world, officer):
    from django.core.exceptions import ValidationError

    other_branchs_group = UnionGroupFactory(branch=world.branch_b)
    rows = [_cleaned_row(world), _cleaned_row(world, employee_no="40002", union_group_id=other_branchs_group.pk)]
    with pytest.raises(ValidationError, match="40002"):
        services.roster_import(rows=rows, by=officer)
    assert not Member.objects.filter(employee_no__in=["40001", "40002"]).exists()


def test_the_import_service_writes_one_history_row_per_created_or_changed_member(world, officer):
    MemberFactory(unit=world.unit_a, employee_no="40003", name="旧名")
    MemberFactory(unit=world.unit_a, employee_no="40004", name="不变", birth_date=None, joined_on=None)
    history_before = Member.history.count()
    rows = [
        _cleaned_row(world),
        _cleaned_row(world, employee_no="40003", name="新名"),
        _cleaned_row(world, employee_no="40004", name="不变"),
    ]
    counts = services.roster_import(rows=rows, by=officer, reason="花名册导入")
    assert counts == {"created": 1, "updated": 1, "unchanged": 1}
    assert Member.history.count() == history_before + 2
    changed = Member.objects.get(employee_no="40003").history.first()
    assert (changed.history_type, changed.name, changed.history_user) == ("~", "新名", officer)


def test_an_uploaded_file_is_its_uploaders_alone(world, officer, client):
    from django.core.exceptions import PermissionDenied

    from apps.core.models import ImportBatch
    from apps.core.services import import_batch_apply
    from tests.factories import UserFactory

    client.force_login(officer)
    location = client.post(reverse("core:import_upload", args=["roster"]), {"file": xlsx_file([good_row()])})[
        "Location"
    ]
    other_officer = UserFactory(username="officer2", role="officer")
    client.force_login(other_officer)
    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    with pytest.raises(PermissionDenied):
        import_batch_apply(batch=ImportBatch.objects.get(), by=other_officer)
    assert not Member.objects.filter(employee_no="20001").exists()
