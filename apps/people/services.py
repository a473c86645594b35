"""Every write to the people of the union, each checking the acting user's permission (apps.core.access)."""

import io
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.core.access import require
from apps.people.models import BranchUnion, InterestGroup, InterestGroupMembership, Member, UnionGroup, Unit

# The roster's fields written by an import (all but the keys and time stamps).
ROSTER_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "unit_id",
    "branch_id",
    "union_group_id",
    "phone",
    "status",
    "joined_on",
    "left_on",
    "mutual_aid_joined_on",
]


def group_outside_branch_message() -> str:
    return _("该工会小组不属于所选分工会。")


def _check_group_in_branch(member: Member) -> None:
    """The 工会小组 must be one of the member's 分工会's groups (the one rule the form cannot see alone)."""
    if not member.union_group_id or not member.branch_id:
        return
    group_branch = UnionGroup.objects.filter(pk=member.union_group_id).values_list("branch_id", flat=True).first()
    if group_branch != member.branch_id:
        raise ValidationError({"union_group": group_outside_branch_message()})


@transaction.atomic
def member_save(*, member: Member, by) -> Member:
    """Create or update a member after checking the permission, every field and every rule."""
    require(by, "people.change_member" if member.pk else "people.add_member", member if member.pk else None)
    if not member.branch_id and member.unit_id and member.unit.branch_id:
        member.branch_id = member.unit.branch_id
    member.full_clean()
    _check_group_in_branch(member)
    member._history_user = by
    member.save()
    return member


@transaction.atomic
def roster_import(*, rows: list[dict], by, reason: str = "") -> dict[str, int]:
    """Create or update members by 工号 from cleaned rows (``employee_no`` plus ``ROSTER_FIELDS``).

    The same rules as ``member_save``, checked for all rows at once (one query per kind of reference),
    then the created and changed rows are sent with COPY into a temporary table, written with one
    ``INSERT … ON CONFLICT (employee_no) DO UPDATE`` and given one history row each by one
    ``INSERT … SELECT``. Rows identical to the record are left alone (no write, no history).
    """
    require(by, "people.import_roster")
    _check_groups_in_branches(rows)
    existing = {
        values["employee_no"]: values
        for values in Member.objects.values("employee_no", *ROSTER_FIELDS).iterator(chunk_size=5000)
    }
    created, changed = [], []
    for row in rows:
        before = existing.get(row["employee_no"])
        if before is None:
            created.append(row)
        elif any(before[field] != row[field] for field in ROSTER_FIELDS):
            changed.append(row)
    now = timezone.now()
    if created or changed:
        _upsert([*created, *changed], created={row["employee_no"] for row in created}, now=now)
        _record_history(by=by, now=now, reason=reason)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE roster_in")
    return {"created": len(created), "updated": len(changed), "unchanged": len(rows) - len(created) - len(changed)}


def _check_groups_in_branches(rows: Iterable[dict]) -> None:
    group_ids = {row["union_group_id"] for row in rows if row.get("union_group_id")}
    if not group_ids:
        return
    branch_of = dict(UnionGroup.objects.filter(pk__in=group_ids).values_list("pk", "branch_id"))
    wrong = [
        row["employee_no"]
        for row in rows
        if row.get("union_group_id") and branch_of.get(row["union_group_id"]) != row["branch_id"]
    ]
    if wrong:
        raise ValidationError(
            _("%(members)s：%(message)s")
            % {"members": "、".join(wrong[:10]), "message": group_outside_branch_message()}
        )


def _copy_in(rows: list[dict], *, created: set[str]) -> None:
    """The rows to write into a temporary table, by COPY (one statement however many rows)."""
    columns = ["employee_no", *ROSTER_FIELDS]
    buffer = io.StringIO()
    for row in rows:
        cells = [_copy_value(row[column]) for column in columns]
        buffer.write(",".join([*cells, "t" if row["employee_no"] in created else "f"]) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE roster_in ON COMMIT DROP AS "
            f"SELECT {', '.join(columns)}, true AS is_new FROM people_member WITH NO DATA"
        )
        cursor.cursor.copy_expert(
            f"COPY roster_in ({', '.join(columns)}, is_new) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
        )


def _copy_value(value) -> str:
    """A COPY csv cell: NULL unquoted, text always quoted (so no text can be taken for NULL)."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return value.isoformat() if isinstance(value, date) else str(value)


def _upsert(rows: list[dict], *, created: set[str], now) -> None:
    """Insert the new members and update the changed ones by 工号 (one INSERT … ON CONFLICT)."""
    if not rows:
        return
    _copy_in(rows, created=created)
    fields = ", ".join(ROSTER_FIELDS)
    updates = ", ".join(f"{field} = EXCLUDED.{field}" for field in [*ROSTER_FIELDS, "updated_at"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO people_member (uuid, employee_no, {fields}, created_at, updated_at) "
            f"SELECT gen_random_uuid(), employee_no, {fields}, %s, %s FROM roster_in "
            f"ON CONFLICT (employee_no) DO UPDATE SET {updates}",
            [now, now],
        )


def _record_history(*, by, now, reason: str) -> None:
    """One simple-history row per written member, as the member now is ("+" new, "~" changed)."""
    fields = [field.column for field in Member._meta.concrete_fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Member.history.model._meta.db_table} "
            f"({', '.join(fields)}, history_date, history_change_reason, history_type, history_user_id) "
            f"SELECT {', '.join('m.' + field for field in fields)}, %s, %s, "
            "CASE WHEN r.is_new THEN '+' ELSE '~' END, %s "
            "FROM people_member m JOIN roster_in r ON r.employee_no = m.employee_no",
            [now, reason, by.pk if by else None],
        )


@transaction.atomic
def interest_group_member_add(*, group: InterestGroup, member: Member, by, joined_on: date | None = None) -> None:
    require(by, "people.change_interest_group", group)
    if InterestGroupMembership.objects.filter(group=group, member=member).exists():
        raise ValidationError(
            {"member": _("%(member)s 已经是“%(group)s”的成员。") % {"member": member, "group": group}}
        )
    membership = InterestGroupMembership(group=group, member=member, joined_on=joined_on or timezone.localdate())
    membership.full_clean()
    membership.save()


@transaction.atomic
def interest_group_member_remove(*, group: InterestGroup, member: Member, by) -> None:
    require(by, "people.change_interest_group", group)
    InterestGroupMembership.objects.filter(group=group, member=member).delete()
    if group.leader_id == member.pk:
        group.leader = None
        group.save(update_fields=["leader"])


@transaction.atomic
def organisation_save(*, record: Unit | BranchUnion, by) -> Unit | BranchUnion:
    """Add or edit a unit or a branch union (its history records who)."""
    require(by, "people.change_organisation", record)
    record.full_clean()
    record._history_user = by
    record.save()
    return record


@transaction.atomic
def organisation_set_active(*, record: Unit | BranchUnion, active: bool, by) -> None:
    """Deactivate (or reactivate) a unit or branch union; one still in use by working members stays active."""
    require(by, "people.change_organisation", record)
    if not active:
        _check_not_in_use(record)
    record.is_active = active
    record._history_user = by
    record.save(update_fields=["is_active"])


def _check_not_in_use(record: Unit | BranchUnion) -> None:
    working = record.members.filter(status=Member.Status.ACTIVE).count()
    if working:
        raise ValidationError(
            _("“%(name)s”还有 %(count)s 名在职会员，请先调整他们的单位或分工会再停用。")
            % {"name": record.name, "count": working}
        )
    if isinstance(record, BranchUnion) and record.units.filter(is_active=True).exists():
        raise ValidationError(_("“%(name)s”下还有启用的单位，请先停用或调整这些单位。") % {"name": record.name})


@transaction.atomic
def organisation_import(*, branches: list[dict], units: list[dict], by) -> dict[str, int]:
    """Create or update branch unions, then units, by name: one query per kind to read, bulk writes.

    ``branches``: {"name", "sort_order"}; ``units``: {"name", "kind", "branch", "sort_order"} where
    ``branch`` is a branch union's name (in the file or in the portal). Nothing is deleted.
    """
    require(by, "people.import_organisation")
    counts = {"branches_created": 0, "branches_updated": 0, "units_created": 0, "units_updated": 0}
    branch_of = _import_records(BranchUnion, branches, by=by, counts=counts, prefix="branches")
    for unit in units:
        unit["branch_id"] = branch_of[unit.pop("branch")].pk
    _import_records(Unit, units, by=by, counts=counts, prefix="units")
    return counts


def _import_records(model, rows: list[dict], *, by, counts: dict, prefix: str) -> dict[str, Unit | BranchUnion]:
    existing = model.objects.in_bulk(field_name="name")
    new, changed = [], []
    for row in rows:
        record = existing.get(row["name"])
        if record is None:
            new.append(model(**row))
        elif any(getattr(record, field) != value for field, value in row.items()):
            for field, value in row.items():
                setattr(record, field, value)
            changed.append(record)
    if new:
        bulk_create_with_history(new, model, default_user=by, default_change_reason=_("单位与分工会导入"))
    if changed:
        fields = sorted({field for row in rows for field in row} - {"name"})
        bulk_update_with_history(changed, model, fields, default_user=by, default_change_reason=_("单位与分工会导入"))
    counts[f"{prefix}_created"], counts[f"{prefix}_updated"] = len(new), len(changed)
    return model.objects.in_bulk(field_name="name")
