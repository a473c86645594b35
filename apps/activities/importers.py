"""The annual plan import (年度计划): one row per planned activity. Columns: docs/activities.md#plan-import."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.activities import services
from apps.activities.models import NOTE_MAX_LENGTH, Category, PlanItem
from apps.core.imports import ImportColumn, Importer, ImportPreview, register
from apps.people.models import BranchUnion, Unit

UNIT_SEPARATORS = re.compile(r"[、,，;；/]+")
MONTH = re.compile(r"^(\d{1,2})(?:\s*月)?(?:\.0)?$")
YEAR = re.compile(r"^(\d{4})(?:\s*年)?(?:\.0)?$")


@register
class PlanImporter(Importer):
    key = "activity_plan"
    title = gettext_lazy("导入年度活动计划")
    action = "activities.plan"
    docs = "docs/activities.md#plan-import"
    success_url = "activities:plan"
    columns = [
        ImportColumn("年度", required=True, help=gettext_lazy("如 2021")),
        ImportColumn("月份", help=gettext_lazy("1–12，可为空")),
        ImportColumn("活动名称", required=True, help=gettext_lazy("同一年度内不重复；已有同名计划项时更新")),
        ImportColumn("类别", required=True, help=gettext_lazy("须为系统中已有的活动类别")),
        ImportColumn("承办单位", help=gettext_lazy("多个单位用“、”或“,”分隔")),
        ImportColumn("组织分工会"),
        ImportColumn("预算", help=gettext_lazy("元，不能为负数")),
        ImportColumn("备注"),
    ]

    def validate(self, rows: list[dict[str, str]]) -> ImportPreview:
        preview = ImportPreview()
        categories = {category.name: category for category in Category.objects.all()}
        units = {unit.name: unit for unit in Unit.objects.all()}
        branches = {branch.name: branch for branch in BranchUnion.objects.all()}
        existing = set(PlanItem.objects.values_list("year", "title"))
        seen: dict[tuple[int, str], int] = {}
        for number, row in enumerate(rows, start=2):
            errors_before = len(preview.errors)
            year = self._year(number, row.get("年度", ""), preview)
            month = self._month(number, row.get("月份", ""), preview)
            title = row.get("活动名称", "")
            if not title:
                preview.error(number, "活动名称", _("活动名称不能为空。"))
            elif len(title) > 200:
                preview.error(number, "活动名称", _("活动名称太长（最多 200 个字）。"))
            elif year is not None and (year, title) in seen:
                preview.error(number, "活动名称", _("与第 %(row)s 行的活动重复。") % {"row": seen[(year, title)]})
            elif year is not None:
                seen[(year, title)] = number
            category = categories.get(row.get("类别", ""))
            if category is None:
                preview.error(number, "类别", _("未知类别“%(value)s”。") % {"value": row.get("类别", "")})
            host_units = []
            for name in filter(None, (part.strip() for part in UNIT_SEPARATORS.split(row.get("承办单位", "")))):
                if name in units:
                    host_units.append(units[name].pk)
                else:
                    preview.error(number, "承办单位", _("未知单位“%(value)s”。") % {"value": name})
            branch = None
            if row.get("组织分工会"):
                branch = branches.get(row["组织分工会"])
                if branch is None:
                    preview.error(number, "组织分工会", _("未知分工会“%(value)s”。") % {"value": row["组织分工会"]})
            budget = self._budget(number, row.get("预算", ""), preview)
            if len(row.get("备注", "")) > NOTE_MAX_LENGTH:
                preview.error(number, "备注", _("备注太长（最多 %(limit)s 个字）。") % {"limit": NOTE_MAX_LENGTH})
            if len(preview.errors) > errors_before:
                continue
            is_update = (year, title) in existing
            preview.updated += is_update
            preview.created += not is_update
            preview.cleaned.append(
                {
                    "year": year,
                    "month": month,
                    "title": title,
                    "category_id": category.pk,
                    "host_units": host_units,
                    "organising_branch_id": branch.pk if branch else None,
                    "budget": budget,
                    "note": row.get("备注", ""),
                }
            )
            preview.rows.append({**row, "_action": _("更新") if is_update else _("新增")})
        return preview

    def _year(self, number, text, preview) -> int | None:
        match = YEAR.match(text)
        if not match or not 2000 <= int(match.group(1)) <= 2100:
            preview.error(number, "年度", _("年度“%(value)s”无效，请写成 2021。") % {"value": text})
            return None
        return int(match.group(1))

    def _month(self, number, text, preview) -> int | None:
        if not text:
            return None
        match = MONTH.match(text)
        if not match or not 1 <= int(match.group(1)) <= 12:
            preview.error(number, "月份", _("月份“%(value)s”无效，应为 1–12。") % {"value": text})
            return None
        return int(match.group(1))

    def _budget(self, number, text, preview) -> Decimal | None:
        if not text:
            return None
        try:
            budget = Decimal(text.replace(",", "").replace("元", "").strip()).quantize(Decimal("0.01"))
        except InvalidOperation:
            preview.error(number, "预算", _("预算“%(value)s”不是数字。") % {"value": text})
            return None
        if budget < 0:
            preview.error(number, "预算", _("预算不能为负数。"))
            return None
        if budget >= Decimal("10000000000"):
            preview.error(number, "预算", _("预算太大。"))
            return None
        return budget

    def apply(self, preview: ImportPreview, *, by) -> str:
        """Every row through ``services.plan_item_save``: the same checks and history as the form."""
        created = updated = 0
        existing = {
            (item.year, item.title): item
            for item in PlanItem.objects.filter(
                year__in={row["year"] for row in preview.cleaned}, title__in={row["title"] for row in preview.cleaned}
            )
        }
        for row in preview.cleaned:
            fields = {key: value for key, value in row.items() if key != "host_units"}
            item = existing.get((row["year"], row["title"]))
            if item is None:
                item = PlanItem(**fields)
                created += 1
            else:
                for field, value in fields.items():
                    setattr(item, field, value)
                updated += 1
            services.plan_item_save(item=item, host_units=row["host_units"], by=by)
        return _("年度计划导入完成：新增 %(created)s 项，更新 %(updated)s 项。") % {
            "created": created,
            "updated": updated,
        }
