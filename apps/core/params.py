"""Reading query-string parameters, one helper per kind, shared by every view.

A value that does not parse, or lies outside its range, is ignored (the default is used), so a
hand-edited or stale link shows the page as if the parameter were absent; never a server error.
"""

import uuid
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

YEAR_MIN, YEAR_MAX = 1900, 2100
DATE_MIN, DATE_MAX = date(YEAR_MIN, 1, 1), date(YEAR_MAX, 12, 31)
TEXT_MAX_LENGTH = 100


def int_param(
    request, name: str, *, default: int | None = None, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw or len(raw) > 12:
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        return default
    return value


def year_param(request, name: str = "year", *, default: int) -> int:
    """A year between 1900 and 2100, else ``default``."""
    return int_param(request, name, default=default, minimum=YEAR_MIN, maximum=YEAR_MAX)


def overview_year(request, *, years_with_records: Iterable[int], name: str = "year") -> int:
    """The year an overview or statistics page opens on: ``?year=`` when it is a sane year; otherwise this year
    when it has records, else the latest earlier year that has them (a union that has not entered this year's
    records yet, or the demo, opens on figures rather than an empty page); this year when nothing is recorded."""
    this_year = timezone.localdate().year
    past = [year for year in years_with_records if year <= this_year]
    default = this_year if this_year in past or not past else max(past)
    return year_param(request, name, default=default)


def uuid_param(request, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "").strip()
    if not raw or len(raw) > 40:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def clean_text(raw: str, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    """Text for a search: control characters (NUL among them, which PostgreSQL refuses) removed, trimmed."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    return text.strip()[:max_length]


def text_param(request, name: str = "q", *, max_length: int = TEXT_MAX_LENGTH) -> str:
    return clean_text(request.GET.get(name, ""), max_length=max_length)


def choice_param(request, name: str, choices, *, default=None):
    raw = request.GET.get(name, "")
    return raw if raw in {str(choice) for choice in choices} else default
