"""What changed between two versions of a year's report (issue 14 §7): figures old → new, and the texts' diff.

Both versions are shaped by ``document_context``, so a figure is compared under the label the document
prints it with (table rows) and the lists are compared as the sentences print them.
"""

import difflib
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.reports.document import document_context
from apps.reports.models import NARRATIVE_FIELDS, AnnualReport, ReportVersion

AREA_LABELS = {
    "activities": gettext_lazy("文体活动"),
    "welfare": gettext_lazy("慰问福利"),
    "proposals": gettext_lazy("提案"),
    "purchases": gettext_lazy("消费扶贫"),
    "membership": gettext_lazy("会员与组织"),
}


def _area_label(key: str) -> str:
    return str(AREA_LABELS.get(key, key))


def _figures(context: dict) -> dict:
    """(area, label) → the printed value: every table row and every list a sentence names."""
    figures = {}
    for key, area in context["areas"].items():
        for row in area["table"]:
            figures[(key, str(row["label"]))] = row["current"]
        for name, text in (area.get("lists") or {}).items():
            figures[(key, name)] = strip_tags(str(text))
    return figures


def figure_changes(old: dict, new: dict) -> list[dict]:
    before, after = _figures(document_context(old)), _figures(document_context(new))
    changes = []
    for key in [*before, *(k for k in after if k not in before)]:
        if before.get(key, "") != after.get(key, ""):
            area, label = key
            changes.append(
                {"area": _area_label(area), "label": label, "old": before.get(key, "—"), "new": after.get(key, "—")}
            )
    return changes


def _sentences(html: str) -> list[str]:
    text = " ".join(strip_tags(html or "").split())
    return [part for part in re.split(r"(?<=[。！？；])", text) if part.strip()]


def text_changes(old: dict, new: dict) -> list[dict]:
    """Each narrative section (and the title and signing) whose text changed, with a sentence diff."""
    fields = [("title", _("标题")), ("signing_unit", _("落款单位")), ("signing_date", _("落款日期"))]
    fields += [(name, AnnualReport._meta.get_field(name).verbose_name) for name in NARRATIVE_FIELDS]
    changes = []
    for name, label in fields:
        before, after = str(old["texts"].get(name) or ""), str(new["texts"].get(name) or "")
        if before == after:
            continue
        lines = [
            {"kind": {"-": "removed", "+": "added"}[line[0]], "text": line[2:]}
            for line in difflib.ndiff(_sentences(before), _sentences(after))
            if line[:1] in "-+"
        ]
        changes.append({"label": label, "lines": lines})
    return changes


def compare(old: ReportVersion, new: ReportVersion) -> dict:
    return {
        "figures": figure_changes(old.frozen, new.frozen),
        "texts": text_changes(old.frozen, new.frozen),
    }
