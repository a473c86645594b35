"""Date ranges every date field uses (in the model, so forms, imports and services all refuse the same)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.params import DATE_MAX, DATE_MIN


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def sane_date(value) -> None:
    """Between 1900 and 2100: a year typed as 0001 or 20200 is a typing error, and breaks date arithmetic."""
    day = _as_date(value)
    if day is not None and not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(_("日期须在 1900 年至 2100 年之间。"), code="date_range")


def not_in_future(value) -> None:
    """On or before today (births, joining dates, things that have happened)."""
    sane_date(value)
    day = _as_date(value)
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"), code="date_future")
