"""The member list, its export and the roster import, on the demo university (~1,200 members)."""

import io

from django.db import transaction
from django.test import Client
from openpyxl import Workbook

from apps.accounts.models import User
from apps.core.services import import_rows
from apps.people.importers import RosterImporter
from apps.people.models import Member


def _officer_client() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    return client


def member_list_page():
    assert _officer_client().get("/members/?page=10").status_code == 200


def member_export_xlsx():
    assert _officer_client().get("/members/?export=xlsx").status_code == 200


class _Rollback(Exception):
    pass


def roster_import_1200_rows():
    """Preview and apply a full roster (every member updated), then roll back."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工号", "姓名", "性别", "单位", "电话"])
    for member in Member.objects.select_related("unit"):
        sheet.append([member.employee_no, member.name, member.get_gender_display(), member.unit.name, "010-1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name, buffer.size = "roster.xlsx", buffer.tell()
    buffer.seek(0)
    try:
        with transaction.atomic():
            officer = User.objects.get(username="officer")
            import_rows(kind="roster", preview=RosterImporter().preview(buffer), by=officer)
            raise _Rollback
    except _Rollback:
        pass


BENCHMARKS = [
    ("member list page (officer, page 10)", member_list_page, 0.25),
    ("member export to .xlsx (all members)", member_export_xlsx, 2.0),
    ("roster import of every member (preview + apply)", roster_import_1200_rows, 6.0),
]
