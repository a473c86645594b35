"""The delegate list import (代表名单): one row per delegate. Columns: docs/proposals.md."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.imports import ImportColumn, Importer, ImportPreview, register
from apps.people.models import Member
from apps.proposals.models import Congress, Delegate, Delegation


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
