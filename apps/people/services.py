"""Every write to the people of the union, each checking the acting user's permission (apps.core.access)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.access import require
from apps.people.models import InterestGroup, InterestGroupMembership, Member, UnionGroup

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
UPSERT_BATCH = 2000


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
    then batched upserts (``INSERT … ON CONFLICT (employee_no) DO UPDATE``) and one history row per
    member actually created or changed. Rows identical to the record are left alone.
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
    written = _upsert([*created, *changed], now=now)
    _record_history(written, created={row["employee_no"] for row in created}, by=by, now=now, reason=reason)
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


def _upsert(rows: list[dict], *, now) -> list[Member]:
    members = [Member(**row, updated_at=now) for row in rows]
    for start in range(0, len(members), UPSERT_BATCH):
        Member.objects.bulk_create(
            members[start : start + UPSERT_BATCH],
            update_conflicts=True,
            unique_fields=["employee_no"],
            update_fields=[*ROSTER_FIELDS, "updated_at"],
        )
    return members


def _record_history(members: list[Member], *, created: set[str], by, now, reason: str) -> None:
    """One simple-history row per written member, as the member now is ("+" new, "~" changed)."""
    if not members:
        return
    historical = Member.history.model
    saved = Member.objects.filter(employee_no__in=[m.employee_no for m in members]).values()
    fields = [field.attname for field in Member._meta.concrete_fields]
    entries = [
        historical(
            **{name: values[name] for name in fields},
            history_date=now,
            history_type="+" if values["employee_no"] in created else "~",
            history_user=by,
            history_change_reason=reason,
        )
        for values in saved.iterator(chunk_size=5000)
    ]
    historical.objects.bulk_create(entries, batch_size=UPSERT_BATCH)


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
