"""One way to import spreadsheets, shared by every app: upload → preview with row errors → confirm.

An app describes its import with an ``Importer`` subclass and registers it in its
``AppConfig.ready``. Validation runs over the whole file before anything is saved and
``apply`` runs in one transaction, so an import is all-or-nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from apps.core.params import DATE_MAX, DATE_MIN
from apps.core.spreadsheets import read_rows

DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%dT%H:%M:%S")


def parse_date(text: str) -> date:
    """A date as spreadsheets hold it (2020-03-21, 2020/3/21, 2020.03.21, 20200321), between 1900 and 2100.

    Raises ValueError for anything else; the importer turns that into a row error."""
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not DATE_MIN <= day <= DATE_MAX:
            raise ValueError(text)
        return day
    raise ValueError(text)


@dataclass
class ImportColumn:
    name: str
    required: bool = False
    help: str = ""


@dataclass
class RowError:
    row: int  # the spreadsheet's own row number (the header is row 1)
    column: str
    message: str


@dataclass
class ImportPreview:
    rows: list[dict] = field(default_factory=list)  # for display: column name → text, plus "_action"
    cleaned: list = field(default_factory=list)  # what ``apply`` saves, in the importer's own shape
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def error(self, row: int, column: str, message) -> None:
        self.errors.append(RowError(row=row, column=column, message=str(message)))


class Importer:
    key: str = ""
    title = _("导入")
    action: str = ""  # the permission action needed to upload and confirm
    columns: list[ImportColumn] = []
    docs: str = ""  # path of the format's documentation, shown on the upload page
    success_url: str = ""  # URL name to go to once the import is applied

    def preview(self, uploaded) -> ImportPreview:
        required = [column.name for column in self.columns if column.required]
        rows = read_rows(uploaded, required_columns=required)
        return self.validate(rows)

    def validate(self, rows: list[dict[str, str]]) -> ImportPreview:
        raise NotImplementedError

    def apply(self, preview: ImportPreview, *, by) -> str:
        """Save the cleaned rows (called inside a transaction); return a summary for the user."""
        raise NotImplementedError


IMPORTERS: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    IMPORTERS[importer.key] = importer
    return importer
