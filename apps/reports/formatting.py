"""How a figure is written in the document, and how the document's phrases are put together."""

from decimal import Decimal, InvalidOperation

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext


def to_decimal(value) -> Decimal:
    try:
        return Decimal(str(value)) if value not in (None, "") else Decimal(0)
    except InvalidOperation:
        return Decimal(0)


def format_figure(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "money":
        return f"{to_decimal(value):,.2f}"
    if kind == "percent":
        return f"{to_decimal(value):.1f}"
    return (
        f"{int(value):,}" if isinstance(value, int | float | str) and str(value).lstrip("-").isdigit() else str(value)
    )


def figure_html(value, kind: str = "int", url: str = "") -> SafeString:
    """A figure inside a sentence: a link to its records in the preview, a plain span in the PDF."""
    text = format_figure(0 if value in (None, "") and kind == "int" else value, kind)
    if url:
        return format_html('<a class="fig" href="{}">{}</a>', url, text)
    return format_html('<span class="fig">{}</span>', text)


def listing(phrases) -> SafeString:
    """Items of a sentence joined as the language joins them (、 in Chinese, commas in English)."""
    separator = conditional_escape(pgettext("list separator", "、"))
    return mark_safe(separator.join(conditional_escape(phrase) for phrase in phrases))


def fill(message: str, **values) -> SafeString:
    """A translated phrase (gettext or ngettext at the caller, so makemessages sees it) with its values escaped.

    Figures come as safe HTML from ``figure_html`` and stay as they are; names typed by users are escaped.
    """
    return mark_safe(message % {key: conditional_escape(value) for key, value in values.items()})
