"""One way to export any filtered list to .xlsx or .csv, shared by every app."""

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

EXPORT_FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    header: str
    value: Callable[[Any], Any] | str  # a callable, or a dotted attribute path such as "unit.name"

    def of(self, obj) -> Any:
        if callable(self.value):
            return self.value(obj)
        result = obj
        for part in self.value.split("."):
            result = getattr(result, part, None) if result is not None else None
        return result


def _plain(value) -> Any:
    """Values as a spreadsheet should hold them: numbers stay numbers, dates stay dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, Decimal, date)):
        return value
    return str(value)


def export_response(objects: Iterable, columns: list[Column], *, filename: str, fmt: str) -> HttpResponse:
    headers = [str(column.header) for column in columns]
    rows = ([_plain(column.of(obj)) for column in columns] for obj in objects)
    if fmt == "csv":
        content, content_type = _csv_bytes(headers, rows), "text/csv; charset=utf-8"
    else:
        content, content_type = _xlsx_bytes(headers, rows), XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = _attachment(f"{filename}-{stamp}.{fmt}")
    return response


def _attachment(filename: str) -> str:
    return f"attachment; filename=\"export.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"


def _csv_bytes(headers: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([value.isoformat() if isinstance(value, (date, datetime)) else value for value in row])
    # A byte-order mark so that Excel on Windows opens the Chinese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(headers: list[str], rows: Iterable[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    header_font = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = header_font
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def requested_format(request) -> str | None:
    fmt = request.GET.get("export")
    return fmt if fmt in EXPORT_FORMATS else None
