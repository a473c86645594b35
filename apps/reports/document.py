"""From figures and texts to the document: freeze them into JSON, then shape them for the template.

The preview in the browser and the PDF go through the same two steps and the same template
(``reports/_document.html``): ``snapshot`` freezes the figures and the narrative (Decimals as strings,
dates as ISO), ``document_context`` turns a snapshot into what the template shows (tables, chart
geometry for server-side SVG, the signing date in Chinese).
"""

import json
from datetime import date
from decimal import Decimal

import nh3
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from apps.reports import phrases
from apps.reports.formatting import figure_html, format_figure, to_decimal
from apps.reports.models import NARRATIVE_FIELDS, AnnualReport

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em"}
CHINESE_DIGITS = "〇一二三四五六七八九"
SECTION_NUMBERS = "一二三四五六七八九十"


def sanitise(text: str) -> str:
    """Keep paragraphs, lists and bold; drop every other tag, attribute, image, link and script."""
    cleaned = nh3.clean(text or "", tags=ALLOWED_TAGS, attributes={}, url_schemes=set(), link_rel=None).strip()
    if cleaned and not any(tag in cleaned for tag in ("<p", "<ul", "<ol")):
        # Plain text typed in the textarea: one paragraph per line.
        cleaned = "".join(f"<p>{line.strip()}</p>" for line in cleaned.splitlines() if line.strip())
    return cleaned


def freeze(data: dict) -> dict:
    """JSON-safe copy: Decimals become strings, dates ISO strings."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def snapshot(*, report: AnnualReport, data: dict) -> dict:
    """The figures and texts of a report at this moment, as stored in a version."""
    texts = {name: sanitise(getattr(report, name)) for name in NARRATIVE_FIELDS}
    texts.update(
        title=report.title,
        signing_unit=report.signing_unit,
        signing_date=(report.signing_date or timezone.localdate()).isoformat(),
        include_plan=report.include_plan,
    )
    return {"year": report.year, "texts": texts, "figures": freeze(data), "frozen_at": timezone.now().isoformat()}


def chinese_date(value: str | date | None, *, numerals: bool = False) -> str:
    """2021年1月22日, or 二〇二一年一月二十二日 with numerals=True."""
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    if not numerals:
        return f"{day.year}年{day.month}月{day.day}日"
    year = "".join(CHINESE_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"


def _small_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    text = ("" if tens <= 1 else CHINESE_DIGITS[tens]) + ("十" if tens else "")
    return text + (CHINESE_DIGITS[ones] if ones else "")


def _get(figures: dict | None, path: str):
    value = figures
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# (label, key path, kind, link key) per area; the last year's figure is read at the same path.
TABLE_ROWS = {
    "activities": [
        (_("计划开展活动（项）"), "planned", "int", "planned"),
        (_("实际开展活动（项）"), "held", "int", "held"),
        (_("延期（项）"), "postponed", "int", "postponed"),
        (_("取消（项）"), "cancelled", "int", "cancelled"),
        (_("尚未到期或筹备中（项）"), "not_yet_due", "int", "not_yet_due"),
        (_("参与人次"), "participants", "int", "participants"),
        (_("计划预算（元）"), "plan_budget", "money", "planned"),
        (_("活动预算（元）"), "budget", "money", "budget"),
        (_("实际支出（元）"), "cost", "money", "cost"),
    ],
    "welfare": [
        (_("慰问人次"), "visits_total.count", "int", "visits_total"),
        (_("慰问人数"), "visits_total.people", "int", "visits_total"),
        (_("慰问金额（元）"), "visits_total.amount", "money", "visits_total"),
        (_("慰问困难职工（人）"), "hardship_visits", "int", "hardship_visits"),
        (_("生病、结婚、孕期、生育慰问（人）"), "life_event_visits", "int", "life_event_visits"),
        (_("生日慰问走访（人次）"), "birthday_visits", "int", "visits_by_type"),
        (_("生日集中祝福（人次）"), "birthday_greetings", "int", "birthday_greetings"),
        (_("夏送清凉、冬送温暖（份）"), "seasonal_items", "int", "seasonal_items"),
        (_("节日福利发放（次）"), "festival_gift_packs", "int", "festival_gift_packs"),
        (_("集中发放（人次）"), "distribution_records", "int", "distributions"),
        (_("集中发放金额（元）"), "distribution_amount", "money", "distribution_amount"),
        (_("新加入互助会（人）"), "mutual_aid.new_members", "int", "mutual_aid_new_members"),
        (_("互助金申领（件）"), "mutual_aid.claims_submitted", "int", "claims"),
        (_("互助金批准（件）"), "mutual_aid.claims_approved", "int", "claims"),
        (_("互助金不予批准（件）"), "mutual_aid.claims_rejected", "int", "claims"),
        (_("互助金已发放（件）"), "mutual_aid.claims_paid", "int", "claims_paid"),
        (_("互助金发放金额（元）"), "mutual_aid.paid_amount", "money", "claims_paid"),
    ],
    "proposals": [
        (_("征集提案和意见（件）"), "collected", "int", "collected"),
        (_("立案（件）"), "accepted", "int", "accepted"),
        (_("不予立案（件）"), "not_accepted", "int", "not_accepted"),
        (_("转为意见建议（件）"), "suggestions", "int", "suggestions"),
        (_("合并处理（件）"), "merged", "int", "merged"),
        (_("正在办理（件）"), "in_process", "int", "in_process"),
        (_("已答复（件）"), "answered", "int", "answered"),
        (_("已解决（件）"), "solved", "int", "solved"),
        (_("逾期未答复（件）"), "overdue", "int", "overdue"),
        (_("满意（件）"), "satisfaction.satisfied", "int", "satisfaction"),
        (_("基本满意（件）"), "satisfaction.basically_satisfied", "int", "satisfaction"),
        (_("不满意（件）"), "satisfaction.unsatisfied", "int", "satisfaction"),
    ],
    "purchases": [
        (_("年度采购任务（元）"), "task_amount", "money", "task_amount"),
        (_("实际采购金额（元）"), "total", "money", "total"),
        (_("完成比例（%）"), "percent", "percent", "percent"),
        (_("采购（笔）"), "purchase_count", "int", "purchase_count"),
        (_("采购明细（条）"), "line_count", "int", "purchase_count"),
        (_("供应商（家）"), "supplier_count", "int", "by_supplier"),
        (_("扶贫礼包发放（次）"), "gift_pack_count", "int", "gift_packs"),
    ],
    "membership": [
        (_("年末会员（人）"), "members", "int", "members"),
        (_("本年入会（人）"), "joined", "int", "members"),
        (_("本年退休（人）"), "retired_in_year", "int", "retired"),
        (_("本年离校（人）"), "left", "int", "members"),
        (_("其中在职（人）"), "active", "int", "active"),
        (_("其中退休（人）"), "retired", "int", "retired"),
        (_("其中女职工（人）"), "female", "int", "members"),
        (_("互助会会员（人）"), "mutual_aid_members", "int", "mutual_aid_members"),
        (_("新加入互助会（人）"), "mutual_aid_joined", "int", "mutual_aid_members"),
        (_("分工会（个）"), "branch_unions", "int", ""),
        (_("单位（个）"), "units", "int", ""),
    ],
}
DOMAIN_AREAS = ("activities", "welfare", "proposals", "purchases")
# Figures whose link is not found under their own name (the link keys the apps give).
LINK_KEYS = {
    "mutual_aid_new_members": "mutual_aid_new_members",
    "mutual_aid_members": "mutual_aid",
    "mutual_aid_claims_submitted": "claims",
    "mutual_aid_claims_approved": "claims",
    "mutual_aid_claims_rejected": "claims",
    "mutual_aid_claims_paid": "claims_paid",
    "mutual_aid_paid_amount": "claims_paid",
    "birthday_visits": "visits_by_type",
    "distribution_records": "distributions",
    "line_count": "purchase_count",
    "supplier_count": "by_supplier",
    "percent": "total",
    "plan_budget": "planned",
}


def _has_records(figures: dict | None, area: str) -> bool:
    """Whether the app recorded anything in that year (older snapshots: whether a table row has a figure)."""
    if not figures:
        return False
    if "has_records" in figures:
        return bool(figures["has_records"])
    return any(to_decimal(_get(figures, path)) for _label, path, _kind, _link in TABLE_ROWS[area])


def year_has_records(figures: dict, which: str) -> bool:
    """A year the portal holds records of, in any area: its zeros are true zeros; otherwise they are "—"."""
    return any(_has_records((figures.get(area) or {}).get(which), area) for area in DOMAIN_AREAS)


UNION_OFFICE = "工会"


def _table(area: str, current: dict, previous: dict | None, *, previous_known: bool) -> list[dict]:
    links = current.get("links") or {}
    if not previous_known:
        previous = None  # shown as "—", not as a row of zeros
    rows = []
    for label, path, kind, link in TABLE_ROWS[area]:
        value, last = _get(current, path), _get(previous, path)
        if value is None or (not to_decimal(value) and not to_decimal(last)):
            continue  # a row of zeros in both years says nothing
        rows.append(
            {
                "label": label,
                "current": format_figure(value, kind),
                "previous": format_figure(last if last is not None else 0, kind) if previous else "—",
                "link": links.get(link, ""),
            }
        )
    return rows


def _kind(key: str, value) -> str:
    if key.endswith("percent"):
        return "percent"
    if isinstance(value, str) and "." in value:
        return "money"  # Decimals are frozen as strings with their cents
    return "int"


def figures_html(figures: dict, *, linked: bool) -> dict:
    """Every scalar figure of an area rendered for a sentence, nested ones as ``parent_child``."""
    links = figures.get("links") or {}
    rendered = {}
    flat = {}
    for key, value in figures.items():
        if isinstance(value, dict) and key != "links":
            flat.update({f"{key}_{sub}": (key, v) for sub, v in value.items()})
        elif not isinstance(value, list | dict | bool):
            flat[key] = (key, value)
    for name, (parent, value) in flat.items():
        url = links.get(LINK_KEYS.get(name, name)) or links.get(parent, "") if linked else ""
        rendered[name] = figure_html(value, _kind(name, value), url)
    return rendered


def bar_chart(items: list[tuple[str, object]], *, second: list | None = None, width: int = 540) -> dict | None:
    """Geometry of a horizontal bar chart drawn as SVG by the template (WeasyPrint runs no JavaScript)."""
    values = [to_decimal(v) for _label, v in items]
    seconds = [to_decimal(v) for v in second] if second else None
    biggest = max([*values, *(seconds or []), Decimal(0)])
    if not items or biggest <= 0:
        return None
    label_width, bar_area, row_height = 150, width - 150 - 70, 32 if seconds else 24
    rows = []
    for index, ((label, _value), value) in enumerate(zip(items, values, strict=True)):
        y = 8 + index * row_height
        row = {
            "label": label,
            "y": y,
            "text_y": y + 12,
            "value": _plain(value),
            "width": _scale(value, biggest, bar_area),
        }
        if seconds is not None:
            row.update(second_value=_plain(seconds[index]), second_width=_scale(seconds[index], biggest, bar_area))
            row.update(second_y=y + 12, second_text_y=y + 23)
        rows.append(row)
    height = 16 + len(items) * row_height
    return {"rows": rows, "width": width, "height": height, "label_width": label_width, "bar_x": label_width + 6}


def column_chart(items: list[tuple[str, object]], *, line=None, width: int = 540, height: int = 190) -> dict | None:
    """Geometry of a column chart (months), with an optional horizontal line (the yearly task)."""
    values = [to_decimal(v) for _label, v in items]
    target = to_decimal(line) if line not in (None, "") else None
    biggest = max([*values, target or Decimal(0), Decimal(0)])
    if not items or biggest <= 0:
        return None
    left, bottom, top = 8, height - 22, 18
    area = bottom - top
    step = (width - left * 2) / len(items)
    columns = []
    for index, ((label, _value), value) in enumerate(zip(items, values, strict=True)):
        bar = _scale(value, biggest, area)
        x = left + index * step
        columns.append(
            {
                "label": label,
                "x": round(x + step * 0.18, 1),
                "width": round(step * 0.64, 1),
                "y": bottom - bar,
                "height": bar,
                "center": round(x + step / 2, 1),
            }
        )
    result = {"columns": columns, "width": width, "height": height, "bottom": bottom, "label_y": bottom + 14}
    result["total"] = _plain(values[-1])
    result["total_y"] = columns[-1]["y"] - 4
    result["total_x"] = columns[-1]["center"]
    if target:
        result.update(
            line_y=bottom - _scale(target, biggest, area), line_label=_plain(target), left=left, right=width - left
        )
    return result


def _scale(value: Decimal, biggest: Decimal, area: int) -> int:
    return max(1, int(value / biggest * area)) if value > 0 else 0


def _plain(value: Decimal) -> str:
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def _charts(figures: dict) -> dict:
    activities = figures.get("activities", {}).get("current") or {}
    welfare = figures.get("welfare", {}).get("current") or {}
    proposals = figures.get("proposals", {}).get("current") or {}
    purchases = figures.get("purchases", {}).get("current") or {}
    categories = activities.get("by_category") or []
    monthly = purchases.get("monthly_cumulative") or []
    return {
        "activities": bar_chart(
            [(c["category"], c.get("planned", 0)) for c in categories], second=[c.get("held", 0) for c in categories]
        ),
        "welfare": bar_chart([(v["type"], v["count"]) for v in welfare.get("visits_by_type") or [] if v.get("count")]),
        "proposals": bar_chart(
            [(r.get("name", r.get("result")), r["count"]) for r in proposals.get("by_result") or [] if r.get("count")]
        ),
        "purchases": column_chart(
            [(str(_("%(month)s月")) % {"month": i + 1}, v) for i, v in enumerate(monthly)],
            line=purchases.get("task_amount"),
        ),
    }


def document_context(frozen: dict, *, linked: bool = False) -> dict:
    """What reports/_document.html needs, from a snapshot (the preview passes linked=True)."""
    texts, figures, year = frozen["texts"], frozen["figures"], frozen["year"]
    figures = {**figures, "membership": _membership(figures.get("membership"))}
    previous_known = year_has_records(figures, "previous")
    areas = {}
    for area in TABLE_ROWS:
        current = (figures.get(area) or {}).get("current")
        previous = (figures.get(area) or {}).get("previous")
        known = previous_known or area == "membership"  # members are counted from their joining dates
        areas[area] = {
            "available": current is not None,
            "error": (figures.get(area) or {}).get("error", ""),
            "f": current or {},
            "h": figures_html(current or {}, linked=linked),
            "last": (previous or {}) if known else {},
            "last_known": known and previous is not None,
            "links": (current or {}).get("links") or {},
            "table": _table(area, current, previous, previous_known=known) if current is not None else [],
        }
    phrases.add_phrases(areas)
    welfare = areas["welfare"]["f"]
    # Birthday greetings counted once: visits of the birthday type plus the monthly distributions' records.
    birthday_total = int(welfare.get("birthday_visits") or 0) + int(welfare.get("birthday_greetings") or 0)
    areas["welfare"].update(birthday_total=birthday_total, birthday_total_html=figure_html(birthday_total))
    narrative = {name: mark_safe(sanitise(texts.get(name, ""))) for name in NARRATIVE_FIELDS}
    number = 1
    problems_heading = plan_heading = ""
    if narrative["problems"] or linked:
        number += 1
        problems_heading = _("%(n)s、存在的问题") % {"n": SECTION_NUMBERS[number - 1]}
    if texts.get("include_plan", True) and (narrative["plan"] or linked):
        number += 1
        plan_heading = _("%(n)s、%(year)s年工作计划") % {"n": SECTION_NUMBERS[number - 1], "year": year + 1}
    return {
        "year": year,
        "last_year": year - 1,
        "next_year": year + 1,
        "title": texts["title"],
        "signing_unit": texts["signing_unit"],
        "signing_date": chinese_date(texts.get("signing_date")),
        "include_plan": texts.get("include_plan", True),
        "narrative": narrative,
        "areas": areas,
        "charts": _charts(figures),
        "linked": linked,
        "problems_heading": problems_heading,
        "plan_heading": plan_heading,
    }


def _membership(membership: dict | None) -> dict:
    """Snapshots before the typed contract kept the membership figures flat, without a previous year."""
    if membership and "current" not in membership:
        return {"current": membership, "previous": None}
    return membership or {}
