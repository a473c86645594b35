"""Imports: the delegate list (代表名单, docs/proposals.md) and the back-entry of past proposals
(补录, docs/import-export.md)."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import ImportColumn, Importer, ImportPreview, parse_date, register
from apps.people.models import Member, Unit
from apps.proposals import services
from apps.proposals.models import SUBJECT_LIMIT, TEXT_LIMIT, Category, Congress, Delegate, Delegation, Proposal


@register
class DelegateImporter(Importer):
    key = "delegates"
    title = gettext_lazy("导入代表名单")
    action = "proposals.manage_congress"
    docs = "docs/proposals.md#delegate-import"
    success_url = "proposals:congress_list"
    columns = [
        ImportColumn(
            "代表大会", required=True, help=gettext_lazy("须为系统中已有的大会名称，如 第五届职代会第一次会议")
        ),
        ImportColumn("工号", required=True, help=gettext_lazy("须为系统中已有的会员")),
        ImportColumn("姓名", help=gettext_lazy("可选；填写时须与工号对应的姓名一致")),
        ImportColumn("代表团", help=gettext_lazy("如 机关代表团；为空表示不分团")),
    ]

    def validate(self, rows: list[dict[str, str]]) -> ImportPreview:
        preview = ImportPreview()
        congresses = {congress.name: congress for congress in Congress.objects.all()}
        employee_nos = {row.get("工号", "") for row in rows}
        members = Member.objects.in_bulk(list(employee_nos), field_name="employee_no")
        existing = set(Delegate.objects.values_list("congress_id", "member__employee_no"))
        seen: dict[tuple, int] = {}
        for number, row in enumerate(rows, start=2):
            errors_before = len(preview.errors)
            congress = congresses.get(row.get("代表大会", ""))
            if congress is None:
                preview.error(number, "代表大会", _("未知的代表大会“%(value)s”。") % {"value": row.get("代表大会", "")})
            employee_no = row.get("工号", "")
            member = members.get(employee_no)
            if member is None:
                preview.error(number, "工号", _("没有工号为“%(value)s”的会员。") % {"value": employee_no})
            elif row.get("姓名") and row["姓名"] != member.name:
                preview.error(
                    number,
                    "姓名",
                    _("姓名“%(given)s”与工号 %(no)s 的会员“%(name)s”不一致。")
                    % {"given": row["姓名"], "no": employee_no, "name": member.name},
                )
            elif member.status != Member.Status.ACTIVE:
                preview.error(number, "工号", _("%(name)s 不是在职会员，不能当选代表。") % {"name": member.name})
            delegation = row.get("代表团", "")
            if len(delegation) > 100:
                preview.error(number, "代表团", _("代表团名称太长（最多 100 个字）。"))
            key = (row.get("代表大会", ""), employee_no)
            if key in seen:
                preview.error(number, "工号", _("与第 %(row)s 行重复。") % {"row": seen[key]})
            seen.setdefault(key, number)
            if len(preview.errors) > errors_before:
                continue
            is_update = (congress.pk, employee_no) in existing
            preview.updated += is_update
            preview.created += not is_update
            preview.cleaned.append({"congress_id": congress.pk, "member_id": member.pk, "delegation": delegation})
            preview.rows.append({**row, "_action": _("更新") if is_update else _("新增")})
        return preview

    def apply(self, preview: ImportPreview, *, by) -> str:
        delegations: dict[tuple, Delegation] = {}
        for row in preview.cleaned:
            delegation = None
            if row["delegation"]:
                key = (row["congress_id"], row["delegation"])
                if key not in delegations:
                    delegations[key], _created = Delegation.objects.get_or_create(
                        congress_id=row["congress_id"], name=row["delegation"]
                    )
                delegation = delegations[key]
            Delegate.objects.update_or_create(
                congress_id=row["congress_id"], member_id=row["member_id"], defaults={"delegation": delegation}
            )
        return _("代表名单导入完成：新增 %(created)s 人，更新 %(updated)s 人。") % {
            "created": preview.created,
            "updated": preview.updated,
        }


# The back-entry sheet's columns, and the BackEntry field each fills (the service's errors name the fields).
BACK_ENTRY_COLUMNS = {
    "代表大会": "congress",
    "提案人工号": "proposer",
    "类别": "category",
    "标题": "title",
    "案由": "subject",
    "理由": "reasons",
    "建议": "measures",
    "提交日期": "submitted_on",
    "审查结论": "decision",
    "审查日期": "decided_on",
    "审查意见": "decision_reason",
    "主办部门": "lead_unit",
    "协办部门": "helper_units",
    "办理期限": "due_on",
    "办理结果": "answer_result",
    "答复内容": "answer_text",
    "不能解决的原因": "answer_reason",
    "答复日期": "answered_on",
    "评价": "rating",
    "评价意见": "rating_comment",
    "评价日期": "rated_on",
}
COLUMN_OF = {field: column for column, field in BACK_ENTRY_COLUMNS.items()}
DATE_FIELDS = ("submitted_on", "decided_on", "due_on", "answered_on", "rated_on")
DECISIONS = {"立案": "accept", "不予立案": "reject", "转为意见建议": "suggestion"}
TEXT_LIMITS = {"title": 100, "subject": SUBJECT_LIMIT, "reasons": TEXT_LIMIT, "measures": TEXT_LIMIT}


def _by_label(choices) -> dict[str, str]:
    return {str(label): value for value, label in choices}


@register
class BackEntryImporter(Importer):
    """补录 of a past congress's proposals, one row per proposal, each step with its real date."""

    key = "proposal_back_entry"
    title = gettext_lazy("补录往届提案")
    action = "proposals.manage_congress"
    docs = "docs/import-export.md#proposal-back-entry"
    success_url = "proposals:congress_list"
    columns = [
        ImportColumn("代表大会", required=True, help=gettext_lazy("已有的往届大会名称（提案征集已结束）")),
        ImportColumn("提案人工号", required=True, help=gettext_lazy("已有的会员；不是该次大会代表的一并登记")),
        ImportColumn("类别", required=True, help=gettext_lazy("如 后勤保障")),
        ImportColumn("标题", required=True),
        ImportColumn("案由", required=True),
        ImportColumn("理由", required=True),
        ImportColumn("建议", required=True),
        ImportColumn("提交日期", required=True, help=gettext_lazy("如 2019-03-01")),
        ImportColumn("审查结论", required=True, help=gettext_lazy("立案、不予立案或转为意见建议")),
        ImportColumn("审查日期", required=True),
        ImportColumn("审查意见", help=gettext_lazy("不予立案时必填")),
        ImportColumn("主办部门", help=gettext_lazy("立案时必填，已有的单位名称")),
        ImportColumn("协办部门", help=gettext_lazy("可选，多个用“、”分隔")),
        ImportColumn("办理期限"),
        ImportColumn("办理结果", help=gettext_lazy("可选：已解决、正在解决、列入计划、暂不能解决")),
        ImportColumn("答复内容"),
        ImportColumn("不能解决的原因"),
        ImportColumn("答复日期"),
        ImportColumn("评价", help=gettext_lazy("可选：满意、基本满意、不满意")),
        ImportColumn("评价意见"),
        ImportColumn("评价日期"),
    ]

    def validate(self, rows: list[dict[str, str]]) -> ImportPreview:
        preview = ImportPreview()
        lookups = {
            "congress": {congress.name: congress for congress in Congress.objects.all()},
            "proposer": Member.objects.in_bulk([row.get("提案人工号", "") for row in rows], field_name="employee_no"),
            "units": {unit.name: unit for unit in Unit.objects.all()},
        }
        today = timezone.localdate()
        for number, row in enumerate(rows, start=2):
            values, errors = self._values(row, lookups)
            if not errors:
                entry = services.BackEntry(**values)
                errors = {COLUMN_OF.get(field, "审查结论"): message for field, message in self._errors(entry, today)}
            for column, message in errors.items():
                preview.error(number, column, message)
            if errors:
                continue
            preview.created += 1
            preview.cleaned.append(entry)
            preview.rows.append({**row, "_action": _("补录")})
        return preview

    def _values(self, row: dict[str, str], lookups: dict) -> tuple[dict, dict]:
        values, errors = {}, {}
        for column, field in BACK_ENTRY_COLUMNS.items():
            values[field] = (row.get(column) or "").strip()
        congress = lookups["congress"].get(values["congress"])
        if congress is None:
            errors["代表大会"] = _("未知的代表大会“%(value)s”。") % {"value": values["congress"]}
        values["congress"] = congress
        member = lookups["proposer"].get(values["proposer"])
        if member is None:
            errors["提案人工号"] = _("没有工号为“%(value)s”的会员。") % {"value": values["proposer"]}
        values["proposer"] = member
        for field, choices in (
            ("category", Category.choices),
            ("answer_result", Proposal.Result.choices),
            ("rating", Proposal.Satisfaction.choices),
        ):
            if values[field]:
                code = _by_label(choices).get(values[field])
                if code is None:
                    errors[COLUMN_OF[field]] = _("“%(value)s”不是可选的值。") % {"value": values[field]}
                values[field] = code or ""
        values["decision"] = DECISIONS.get(values["decision"], values["decision"])
        for field, limit in TEXT_LIMITS.items():
            if len(values[field]) > limit:
                errors[COLUMN_OF[field]] = _("太长（最多 %(limit)s 字）。") % {"limit": limit}
        for field in DATE_FIELDS:
            try:
                values[field] = parse_date(values[field]) if values[field] else None
            except ValueError:
                errors[COLUMN_OF[field]] = _("“%(value)s”不是有效的日期。") % {"value": values[field]}
        units = lookups["units"]
        lead = values["lead_unit"]
        values["lead_unit"] = units.get(lead) if lead else None
        if lead and values["lead_unit"] is None:
            errors["主办部门"] = _("未知的单位“%(value)s”。") % {"value": lead}
        helpers = [name.strip() for name in re.split(r"[、,，;；]", values["helper_units"]) if name.strip()]
        unknown = [name for name in helpers if name not in units]
        if unknown:
            errors["协办部门"] = _("未知的单位“%(value)s”。") % {"value": "、".join(unknown)}
        values["helper_units"] = tuple(units[name] for name in helpers if name in units)
        if values["submitted_on"] is None or values["decided_on"] is None:
            errors.setdefault("提交日期" if values["submitted_on"] is None else "审查日期", _("请填写日期。"))
        return values, errors

    def _errors(self, entry, today) -> list[tuple[str, str]]:
        found = services.back_entry_errors(entry, today)
        return [
            (field, " ".join(message) if isinstance(message, list) else str(message))
            for field, message in found.items()
        ]

    def apply(self, preview: ImportPreview, *, by) -> str:
        for entry in preview.cleaned:
            services.proposal_back_enter(entry=entry, by=by)
        return _("补录完成：共 %(count)s 件提案。") % {"count": len(preview.cleaned)}
