"""Reading uploaded spreadsheets (.xlsx and .csv) into rows of text, with clear messages for bad files."""

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_ROWS = 100_000
# A .xlsx is a zip: refuse one whose parts would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
WHOLE_SHEET_ROWS = 1_048_576
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is shown to the user."""


def read_rows(uploaded, *, required_columns: list[str]) -> list[dict[str, str]]:
    """Return one dict per data row, keyed by header, with every value as stripped text.

    Rows that are entirely empty are dropped; the first row must be the header.
    """
    size = getattr(uploaded, "size", None)
    if size is not None and size > settings.MAX_UPLOAD_SIZE:
        raise SpreadsheetError(
            _("文件太大（%(size)s MB），上限为 %(limit)s MB。")
            % {"size": round(size / 1024 / 1024, 1), "limit": settings.MAX_UPLOAD_SIZE // 1024 // 1024}
        )
    name = (getattr(uploaded, "name", "") or "").lower()
    data = uploaded.read()
    if not data:
        raise SpreadsheetError(_("文件是空的。"))
    if name.endswith(".xlsx"):
        table = _xlsx_table(data)
    elif name.endswith(".csv"):
        table = _csv_table(data)
    else:
        raise SpreadsheetError(_("只能导入 .xlsx 或 .csv 文件。"))
    table = [row for row in table if any(cell for cell in row)]
    if not table:
        raise SpreadsheetError(_("文件里没有任何内容。"))
    headers = [cell.strip() for cell in table[0]]
    missing = [column for column in required_columns if column not in headers]
    if missing:
        raise SpreadsheetError(_("缺少必需的列：%(columns)s。") % {"columns": "、".join(missing)})
    if len(table) == 1:
        raise SpreadsheetError(_("文件只有表头，没有数据行。"))
    if len(table) - 1 > MAX_ROWS:
        raise _too_many_rows()
    return [
        {header: (row[i] if i < len(row) else "").strip() for i, header in enumerate(headers) if header}
        for row in table[1:]
    ]


def _too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(_("一次最多导入 %(max)s 行。") % {"max": MAX_ROWS})


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise SpreadsheetError(_("无法读取该文件：它不是有效的 Excel (.xlsx) 表格。")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(_("该表格解压后过大，无法导入。请删除多余的工作表或空行后重试。"))


def _xlsx_table(data: bytes) -> list[list[str]]:
    """The first sheet, streamed (openpyxl read-only): refused as soon as it has more rows than allowed."""
    _check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SpreadsheetError(_("无法读取该文件：它不是有效的 Excel (.xlsx) 表格。")) from None
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared size, read before any row. Some programs declare the whole sheet
        # (1,048,576 rows) for a small table: then the streaming count below decides.
        declared = sheet.max_row
        if declared is not None and MAX_ROWS + 1 < declared < WHOLE_SHEET_ROWS:
            raise _too_many_rows()
        table = []
        for scanned, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if any(value is not None and value != "" for value in row):
                table.append([_cell_text(value) for value in row])
            if len(table) > MAX_ROWS + 1 or scanned > 2 * MAX_ROWS:
                raise _too_many_rows()
    finally:
        workbook.close()
    return table


def _csv_table(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(_("无法识别文件编码，请另存为 UTF-8 编码的 CSV。"))
    if "\x00" in text:
        raise SpreadsheetError(_("无法读取该文件：它不是文本格式的 CSV。"))
    table = []
    for row in csv.reader(io.StringIO(text)):
        table.append([_without_export_guard(cell) for cell in row])
        if len(table) > MAX_ROWS + 1:
            raise _too_many_rows()
    return table


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return str(Decimal(str(value)))
    return _without_export_guard(str(value))


def _without_export_guard(text: str) -> str:
    """Take off the apostrophe our exports put before formula-like text, so an export re-imports as it was."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
