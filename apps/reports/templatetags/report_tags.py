from django import template
from django.utils.html import format_html

from apps.reports.formatting import format_figure, to_decimal

register = template.Library()


@register.simple_tag(takes_context=True)
def fig(context, value, links=None, key: str = "", kind: str = "int"):
    """A figure in a sentence; in the preview it links to the filtered list of records behind it."""
    text = format_figure(0 if value in (None, "") and kind == "int" else value, kind)
    url = (links or {}).get(key) if context.get("linked") else None
    if url:
        return format_html('<a class="fig" href="{}">{}</a>', url, text)
    return format_html('<span class="fig">{}</span>', text)


@register.filter
def money(value) -> str:
    return format_figure(value, "money")


@register.filter
def wan(value) -> str:
    """Yuan as 万元 with two decimals, as the summaries write large amounts (45.01)."""
    return f"{to_decimal(value) / 10000:,.2f}"


@register.filter
def positive(value) -> bool:
    return to_decimal(value) > 0
