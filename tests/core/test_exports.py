import csv
import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MemberFactory
from tests.helpers import downloaded


def test_member_list_exports_the_filtered_rows_to_xlsx(world, client):
    MemberFactory(unit=world.unit_a, name="王五", employee_no="50001", birth_date=date(1980, 1, 2))
    client.force_login(world.users["officer"])
    response = client.get(reverse("people:member_list") + "?q=王五&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "members-" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(downloaded(response))).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("工号", "姓名", "性别")
    assert len(rows) == 2
    assert rows[1][:4] == ("50001", "王五", "女", rows[1][3])
    assert rows[1][3].date() == date(1980, 1, 2)


def test_member_list_exports_csv_that_excel_opens_as_utf8(world, client):
    client.force_login(world.users["officer"])
    response = client.get(reverse("people:member_list") + "?export=csv")
    text = downloaded(response).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "工号"
    assert {row[1] for row in rows[1:]} >= {"张三", "李四"}


def test_a_branch_chair_exports_only_their_branch(world, client):
    client.force_login(world.users["branch_chair"])
    response = client.get(reverse("people:member_list") + "?export=csv")
    names = {row[1] for row in csv.reader(io.StringIO(downloaded(response).decode().lstrip("\ufeff")))}
    assert "张三" in names
    assert "李四" not in names
