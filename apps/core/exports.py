"""One way to export any filtered list to .xlsx or .csv, shared by every app.

Both formats stream: rows are read from the database in chunks and written as they come, so a
50,000-row export holds one chunk in memory, never the whole file. Text that a spreadsheet would
take for a formula (starting with = + - @, a tab or a carriage return) is written with a leading
apostrophe (OWASP's rule), in one place for every export; the importers take the apostrophe off
again, so an unmodified export re-imports.
"""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from apps.core.replica import on_replica

EXPORT_FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000


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


def neutralise(text: str) -> str:
    """Text that must never run as a formula: a leading apostrophe before = + - @ tab and CR."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _plain(value) -> Any:
    """Values as a spreadsheet should hold them: numbers stay numbers, dates stay dates, text is inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, Decimal, date)):
        return value
    return neutralise(str(value))


def export_rows(objects: Iterable, columns: list[Column]) -> Iterator[list]:
    if isinstance(objects, QuerySet):
        # A server-side cursor in chunks (prefetches included): memory stays flat whatever the size.
        objects = objects.iterator(chunk_size=CHUNK_SIZE)
    for obj in objects:
        yield [_plain(column.of(obj)) for column in columns]


def export_response(objects: Iterable, columns: list[Column], *, filename: str, fmt: str):
    headers = [str(column.header) for column in columns]
    rows = export_rows(on_replica(objects), columns)
    stamp = timezone.localdate().strftime("%Y%m%d")
    name = f"{filename}-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(headers, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = _attachment(name)
        return response
    response = FileResponse(_xlsx_file(headers, rows), content_type=XLSX_TYPE, as_attachment=True, filename=name)
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(filename: str) -> str:
    return f"attachment; filename=\"export.{filename.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(filename)}"


class _Line:
    """A file-like target for csv.writer that hands back each written line."""

    def write(self, text: str) -> str:
        return text


def _csv_lines(headers: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    # A byte-order mark so that Excel on Windows opens the Chinese text as UTF-8.
    yield ("\ufeff" + writer.writerow(headers)).encode("utf-8")
    for row in rows:
        cells = [value.isoformat() if isinstance(value, (date, datetime)) else value for value in row]
        yield writer.writerow(cells).encode("utf-8")


def _xlsx_file(headers: list[str], rows: Iterable[list]):
    """Write the workbook row by row (openpyxl write-only) into a temporary file, and return it open."""
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
    # Closed by the FileResponse once sent; a temporary file vanishes when closed.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def requested_format(request) -> str | None:
    fmt = request.GET.get("export")
    return fmt if fmt in EXPORT_FORMATS else None
