from apps.people.models import InterestGroupMembership
from tests.factories import BranchUnionFactory, InterestGroupFactory, MemberFactory, UnitFactory
from tests.permission_rows import ADMIN, CHAIR, COMMITTEE, LEADER, OFFICER, Row

VIEW_MEMBERS = {CHAIR, OFFICER, COMMITTEE, LEADER, ADMIN}
MANAGE = {OFFICER, ADMIN}


def _member_data(w, **changes) -> dict:
    data = {
        "employee_no": "P90001",
        "name": "权限测试",
        "gender": "female",
        "unit": w.unit_a.pk,
        "branch": w.branch_a.pk,
        "status": "active",
        "joined_on": "2016-09-01",
    }
    return {**data, **changes}


def _group_with_member_a(w) -> dict:
    group = InterestGroupFactory()
    InterestGroupMembership.objects.create(group=group, member=w.member_a)
    return {"pk": group.pk, "member_uuid": w.member_a.uuid}


ROWS = [
    Row("people:member_list", ok=VIEW_MEMBERS),
    Row("people:member_list", ok={CHAIR, OFFICER, LEADER, ADMIN}, query="?export=xlsx", id="member export"),
    Row("people:member_create", ok=MANAGE),
    Row(
        "people:member_create",
        ok=MANAGE,
        method="post",
        ok_status=302,
        # Each allowed role adds its own member (工号 unique), so each allowed request changes the table.
        data=lambda w: _member_data(w, employee_no=f"P9{MemberFactory.build().employee_no[1:]}"),
        writes=("people.Member",),
        id="member_create (POST)",
    ),
    Row("people:member_search", ok=VIEW_MEMBERS, query="?q=张"),
    Row(
        "people:member_detail",
        ok={"staff", CHAIR, OFFICER, COMMITTEE, LEADER, ADMIN},
        not_found={"handler"},
        args=lambda w: {"member_uuid": w.member_a.uuid},
        id="member_detail (staff's own, in branch A)",
    ),
    Row(
        "people:member_detail",
        ok={OFFICER, COMMITTEE, LEADER, ADMIN},
        not_found={"staff", CHAIR, "handler"},
        args=lambda w: {"member_uuid": MemberFactory(unit=w.unit_b).uuid},
        id="member_detail (someone in branch B)",
    ),
    Row("people:member_edit", ok=MANAGE, args=lambda w: {"member_uuid": w.member_a.uuid}),
    Row(
        "people:member_edit",
        ok=MANAGE,
        method="post",
        ok_status=302,
        args=lambda w: {"member_uuid": w.member_a.uuid},
        data=lambda w: _member_data(
            w, employee_no=w.member_a.employee_no, name=f"张三{MemberFactory.build().employee_no}"
        ),
        writes=("people.Member",),
        id="member_edit (POST)",
    ),
]

ROWS += [
    Row("people:interest_group_list", ok={"staff", CHAIR, OFFICER, COMMITTEE, "handler", LEADER, ADMIN}),
    Row("people:interest_group_detail", ok=VIEW_MEMBERS, args=lambda w: {"pk": InterestGroupFactory().pk}),
    Row(
        "people:interest_group_detail",
        ok=MANAGE,
        not_found=set(),
        method="post",
        ok_status=302,
        args=lambda w: {"pk": InterestGroupFactory().pk},
        data=lambda w: {"employee_no": w.member_a.employee_no},
        writes=("people.InterestGroupMembership",),
        id="interest_group_detail (POST: add a member)",
    ),
    Row(
        "people:interest_group_member_remove",
        ok=MANAGE,
        ok_status=302,
        method="post",
        args=_group_with_member_a,
        writes=("people.InterestGroupMembership",),
    ),
]

# Units and branch unions (issue 18): officers change them; officers, leadership and the admin read them.
ORGANISATION_READERS = {OFFICER, LEADER, ADMIN}


def _fresh(kind: str, w):
    """A unit or branch union of its own per request, with no working members: it may be deactivated."""
    number = MemberFactory.build().employee_no
    if kind == "unit":
        return UnitFactory(name=f"权限单位{number}", branch=w.branch_a)
    return BranchUnionFactory(name=f"权限分工会{number}")


def _org_data(kind: str, w) -> dict:
    number = MemberFactory.build().employee_no
    if kind == "unit":
        return {"name": f"新单位{number}", "kind": "office", "branch": w.branch_a.pk, "sort_order": 1}
    return {"name": f"新分工会{number}", "sort_order": 1}


for _kind, _model in (("unit", "people.Unit"), ("branch", "people.BranchUnion")):
    ROWS += [
        Row(f"people:{_kind}_list", ok=ORGANISATION_READERS),
        Row(f"people:{_kind}_detail", ok=ORGANISATION_READERS, args=lambda w, k=_kind: {"pk": _fresh(k, w).pk}),
        Row(f"people:{_kind}_create", ok=MANAGE),
        Row(
            f"people:{_kind}_create",
            ok=MANAGE,
            method="post",
            ok_status=302,
            data=lambda w, k=_kind: _org_data(k, w),
            writes=(_model,),
            id=f"{_kind}_create (POST)",
        ),
        Row(f"people:{_kind}_edit", ok=MANAGE, args=lambda w, k=_kind: {"pk": _fresh(k, w).pk}),
        Row(
            f"people:{_kind}_edit",
            ok=MANAGE,
            method="post",
            ok_status=302,
            args=lambda w, k=_kind: {"pk": _fresh(k, w).pk},
            data=lambda w, k=_kind: _org_data(k, w),
            writes=(_model,),
            id=f"{_kind}_edit (POST)",
        ),
        Row(
            f"people:{_kind}_set_active",
            ok=MANAGE,
            method="post",
            ok_status=302,
            args=lambda w, k=_kind: {"pk": _fresh(k, w).pk},
            data={"active": "0"},
            writes=(_model,),
        ),
    ]
