"""The roster import at a big university's size: 50,000 rows through preview and confirm.

`DATABASE_URL=… python bench/roster_scale.py [ROWS]` builds a .xlsx of ROWS members (new 工号 in the units of
the database; creates 60 units and 40 branch unions when there are none), then times each step of the
import as the portal runs it (read the sheet, validate, write) and a second run that changes every row.
Everything is rolled back at the end. Not part of `make bench`'s table (it takes about a minute).
"""

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "union_portal.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.core.roles import Role  # noqa: E402
from apps.core.services import import_rows  # noqa: E402
from apps.people.importers import RosterImporter  # noqa: E402
from apps.people.models import BranchUnion, Member, Unit  # noqa: E402

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


class _Rollback(Exception):
    pass


def _units() -> list[str]:
    if not Unit.objects.exists():
        branches = BranchUnion.objects.bulk_create(BranchUnion(name=f"基准分工会{n}") for n in range(40))
        Unit.objects.bulk_create(Unit(name=f"基准单位{n}", branch=branches[n % 40]) for n in range(60))
    return list(Unit.objects.values_list("name", flat=True))


def _sheet(rows: int, units: list[str], phone: str) -> io.BytesIO:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append([f"B{n:07d}", f"基准会员{n}", "男女"[n % 2], "1980-01-01", units[n % len(units)], "", "",
                      phone, "在职", "2010-09-01", "", ""])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.name, buffer.size = "roster.xlsx", buffer.tell()
    buffer.seek(0)
    return buffer


def _timed(label: str, function):
    queries = len(connection.queries)
    start, cpu = time.perf_counter(), time.process_time()
    result = function()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {label:30} {wall:7.2f} s wall {cpu:7.2f} s CPU here  {len(connection.queries) - queries:5} queries")
    return result


def run(rows: int) -> None:
    from django.conf import settings

    settings.DEBUG = os.environ.get("BENCH_COUNT_QUERIES") == "1"  # counting queries keeps their SQL: slower
    importer = RosterImporter()
    try:
        with transaction.atomic():
            officer = User.objects.filter(role=Role.OFFICER).first() or User.objects.create(
                username="bench-officer", role=Role.OFFICER
            )
            units = _units()
            for run_name, phone in (("new members", "010-1"), ("every member changed", "010-2")):
                print(f"{rows} rows, {run_name}:")
                uploaded = _sheet(rows, units, phone)
                print(f"  file: {uploaded.size / 1024 / 1024:.1f} MB")
                start = time.perf_counter()
                preview = _timed("read + validate (preview)", lambda uploaded=uploaded: importer.preview(uploaded))
                assert preview.is_valid, preview.errors[:3]
                summary = _timed(
                    "write (confirm)", lambda preview=preview: import_rows(kind="roster", preview=preview, by=officer)
                )
                print(f"  total {time.perf_counter() - start:.2f} s: {summary}")
            print(f"members now: {Member.objects.count()}")
            raise _Rollback
    except _Rollback:
        pass


if __name__ == "__main__":
    run(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
