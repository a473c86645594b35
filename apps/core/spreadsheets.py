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

MAX_ROWS = 20_000


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
        raise SpreadsheetError(_("一次最多导入 %(max)s 行。") % {"max": MAX_ROWS})
    return [
        {header: (row[i] if i < len(row) else "").strip() for i, header in enumerate(headers) if header}
        for row in table[1:]
    ]


def _xlsx_table(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SpreadsheetError(_("无法读取该文件：它不是有效的 Excel (.xlsx) 表格。")) from None
    sheet = workbook.worksheets[0]
    table = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
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
    return [list(row) for row in csv.reader(io.StringIO(text))]


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
    return str(value)
