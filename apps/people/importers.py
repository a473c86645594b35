"""The roster import (花名册): the HR export, re-imported each term. Columns: docs/import-export.md."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import ImportColumn, Importer, ImportPreview, parse_date, register
from apps.people import services
from apps.people.models import BranchUnion, Member, UnionGroup, Unit

EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9]{3,20}$")
GENDERS = {"男": Member.Gender.MALE, "女": Member.Gender.FEMALE}
# Dates of what has happened (the models' not_in_future); 离岗日期 may be a planned retirement.
PAST_DATES = {"birth_date", "joined_on", "mutual_aid_joined_on"}
STATUSES = {"在职": Member.Status.ACTIVE, "退休": Member.Status.RETIRED, "离校": Member.Status.LEFT}


@register
class RosterImporter(Importer):
    key = "roster"
    title = gettext_lazy("导入会员花名册")
    action = "members.import"  # the role action behind people.import_roster
    docs = "docs/import-export.md#roster"
    success_url = "people:member_list"
    columns = [
        ImportColumn("工号", required=True, help=gettext_lazy("3–20 位字母或数字，唯一")),
        ImportColumn("姓名", required=True),
        ImportColumn("性别", required=True, help=gettext_lazy("男 / 女")),
        ImportColumn("出生日期", help=gettext_lazy("如 1985-03-21")),
        ImportColumn("单位", required=True, help=gettext_lazy("须为系统中已有的单位名称")),
        ImportColumn("分工会", help=gettext_lazy("为空时取单位所属分工会")),
        ImportColumn("工会小组"),
        ImportColumn("电话"),
        ImportColumn("状态", help=gettext_lazy("在职 / 退休 / 离校，为空表示在职")),
        ImportColumn("入会日期"),
        ImportColumn("离岗日期"),
        ImportColumn("加入互助会日期"),
    ]

    def validate(self, rows: list[dict[str, str]]) -> ImportPreview:
        preview = ImportPreview()
        units = {unit.name: unit for unit in Unit.objects.all()}
        branches = {branch.name: branch for branch in BranchUnion.objects.all()}
        groups = {(group.branch_id, group.name): group for group in UnionGroup.objects.all()}
        existing = set(Member.objects.values_list("employee_no", flat=True))
        first_row_of: dict[str, int] = {}
        for number, row in enumerate(rows, start=2):
            cleaned = self._clean_row(number, row, preview, units, branches, groups, first_row_of)
            if cleaned is None:
                continue
            is_update = cleaned["employee_no"] in existing
            preview.updated += is_update
            preview.created += not is_update
            preview.cleaned.append(cleaned)
            preview.rows.append({**row, "_action": _("更新") if is_update else _("新增")})
        return preview

    def _clean_row(self, number, row, preview, units, branches, groups, first_row_of) -> dict | None:
        errors_before = len(preview.errors)
        employee_no = row.get("工号", "")
        if not employee_no:
            preview.error(number, "工号", _("工号不能为空。"))
        elif not EMPLOYEE_NO.match(employee_no):
            preview.error(
                number, "工号", _("工号“%(value)s”格式不对：应为 3–20 位字母或数字。") % {"value": employee_no}
            )
        elif employee_no in first_row_of:
            preview.error(
                number,
                "工号",
                _("工号 %(value)s 与第 %(row)s 行重复。") % {"value": employee_no, "row": first_row_of[employee_no]},
            )
        else:
            first_row_of[employee_no] = number
        name = row.get("姓名", "")
        if not name:
            preview.error(number, "姓名", _("姓名不能为空。"))
        elif len(name) > 50:
            preview.error(number, "姓名", _("姓名太长（最多 50 个字）。"))
        gender = GENDERS.get(row.get("性别", ""))
        if gender is None:
            preview.error(number, "性别", _("性别应为“男”或“女”。"))
        status_text = row.get("状态", "") or "在职"
        status = STATUSES.get(status_text)
        if status is None:
            preview.error(number, "状态", _("状态“%(value)s”无效：应为 在职、退休 或 离校。") % {"value": status_text})
        unit = units.get(row.get("单位", ""))
        if unit is None:
            preview.error(number, "单位", _("未知单位“%(value)s”。") % {"value": row.get("单位", "")})
        branch_name = row.get("分工会", "")
        branch = branches.get(branch_name) if branch_name else (unit.branch if unit else None)
        if branch_name and branch is None:
            preview.error(number, "分工会", _("未知分工会“%(value)s”。") % {"value": branch_name})
        elif branch is None and unit is not None:
            preview.error(number, "分工会", _("单位“%(unit)s”没有所属分工会，请填写分工会。") % {"unit": unit.name})
        group = None
        group_name = row.get("工会小组", "")
        if group_name and branch is not None:
            group = groups.get((branch.pk, group_name))
            if group is None:
                preview.error(
                    number,
                    "工会小组",
                    _("分工会“%(branch)s”下没有工会小组“%(group)s”。") % {"branch": branch.name, "group": group_name},
                )
        dates, today = {}, timezone.localdate()
        for column, field in (
            ("出生日期", "birth_date"),
            ("入会日期", "joined_on"),
            ("离岗日期", "left_on"),
            ("加入互助会日期", "mutual_aid_joined_on"),
        ):
            text = row.get(column, "")
            if not text:
                dates[field] = None
                continue
            try:
                dates[field] = parse_date(text)
            except ValueError:
                preview.error(number, column, _("日期“%(value)s”无法识别，请写成 2020-01-31。") % {"value": text})
                continue
            if field in PAST_DATES and dates[field] > today:
                preview.error(number, column, _("%(column)s不能晚于今天。") % {"column": column})
        if dates.get("joined_on") and dates.get("left_on") and dates["left_on"] < dates["joined_on"]:
            preview.error(number, "离岗日期", _("离岗日期早于入会日期。"))
        phone = row.get("电话", "")
        if len(phone) > 30:
            preview.error(number, "电话", _("电话太长（最多 30 个字符）。"))
        if len(preview.errors) > errors_before:
            return None
        return {
            "employee_no": employee_no,
            "name": name,
            "gender": gender,
            "unit_id": unit.pk,
            "branch_id": branch.pk,
            "union_group_id": group.pk if group else None,
            "phone": phone,
            "status": status,
            **dates,
        }

    def apply(self, preview: ImportPreview, *, by) -> str:
        counts = services.roster_import(rows=preview.cleaned, by=by, reason=_("花名册导入"))
        return _("花名册导入完成：新增 %(created)s 人，更新 %(updated)s 人，未变 %(unchanged)s 人。") % counts


UNIT_KINDS = {"学院": Unit.Kind.COLLEGE, "职能部门": Unit.Kind.OFFICE, "其他": Unit.Kind.OTHER}


@register
class OrganisationImporter(Importer):
    """单位与分工会: a row per unit with its branch union, or a row with only a branch union."""

    key = "organisation"
    title = gettext_lazy("导入单位与分工会")
    action = "organisation.manage"  # the role action behind people.import_organisation
    docs = "docs/import-export.md#organisation"
    success_url = "people:unit_list"
    columns = [
        ImportColumn("分工会", required=True, help=gettext_lazy("分工会名称；不存在时新建")),
        ImportColumn("单位", help=gettext_lazy("单位名称；为空表示这一行只是分工会")),
        ImportColumn("类别", help=gettext_lazy("学院 / 职能部门 / 其他；为空时新单位为职能部门，已有单位不变")),
        ImportColumn("排序", help=gettext_lazy("数字，越小越靠前；为空不变")),
    ]

    def validate(self, rows: list[dict[str, str]]) -> ImportPreview:
        preview = ImportPreview()
        branches = {name: {"name": name} for name in BranchUnion.objects.values_list("name", flat=True)}
        known_units = set(Unit.objects.values_list("name", flat=True))
        seen_branches, seen_units, units = set(), {}, []
        for number, row in enumerate(rows, start=2):
            errors_before = len(preview.errors)
            branch, unit = row.get("分工会", ""), row.get("单位", "")
            kind, order = self._kind(number, row, preview), self._order(number, row, preview)
            if not branch:
                preview.error(number, "分工会", _("分工会不能为空。"))
            for column, name in (("分工会", branch), ("单位", unit)):
                if len(name) > 100:
                    preview.error(number, column, _("名称太长（最多 100 个字）。"))
            if unit in seen_units:
                preview.error(
                    number, "单位", _("单位“%(name)s”与第 %(row)s 行重复。") % {"name": unit, "row": seen_units[unit]}
                )
            if len(preview.errors) > errors_before:
                continue
            is_new_branch = branch not in branches and branch not in seen_branches
            seen_branches.add(branch)
            branch_row = branches.setdefault(branch, {"name": branch})
            if unit:
                seen_units[unit] = number
                units.append({"name": unit, "branch": branch, **kind, **order})
                action = _("更新") if unit in known_units else _("新增")
                preview.updated += unit in known_units
                preview.created += unit not in known_units
            else:
                branch_row.update(order)
                action = _("新增分工会") if is_new_branch else _("更新分工会")
            preview.rows.append({**row, "_action": action})
        preview.cleaned = [{"branches": [branches[name] for name in sorted(seen_branches)], "units": units}]
        return preview

    def _kind(self, number, row, preview) -> dict:
        text = row.get("类别", "")
        if not text:
            return {}
        if text not in UNIT_KINDS:
            preview.error(number, "类别", _("类别“%(value)s”无效：应为 学院、职能部门 或 其他。") % {"value": text})
            return {}
        return {"kind": UNIT_KINDS[text]}

    def _order(self, number, row, preview) -> dict:
        text = row.get("排序", "")
        if not text:
            return {}
        if not text.isdigit() or len(text) > 6:
            preview.error(number, "排序", _("排序应为不超过 6 位的非负整数。"))
            return {}
        return {"sort_order": int(text)}

    def apply(self, preview: ImportPreview, *, by) -> str:
        cleaned = preview.cleaned[0]
        counts = services.organisation_import(branches=cleaned["branches"], units=cleaned["units"], by=by)
        return (
            _(
                "单位与分工会导入完成：新增分工会 %(branches_created)s 个，更新 %(branches_updated)s 个；"
                "新增单位 %(units_created)s 个，更新 %(units_updated)s 个。"
            )
            % counts
        )
