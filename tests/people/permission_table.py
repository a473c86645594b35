from tests.factories import InterestGroupFactory, MemberFactory
from tests.permission_rows import ADMIN, CHAIR, COMMITTEE, LEADER, OFFICER, Row

VIEW_MEMBERS = {CHAIR, OFFICER, COMMITTEE, LEADER, ADMIN}

ROWS = [
    Row("people:member_list", ok=VIEW_MEMBERS),
    Row("people:member_list", ok={CHAIR, OFFICER, LEADER, ADMIN}, query="?export=xlsx", id="member export"),
    Row("people:member_create", ok={OFFICER, ADMIN}),
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
    Row(
        "people:member_edit",
        ok={OFFICER, ADMIN},
        args=lambda w: {"member_uuid": w.member_a.uuid},
    ),
]

ROWS += [
    Row("people:interest_group_list", ok={"staff", CHAIR, OFFICER, COMMITTEE, "handler", LEADER, ADMIN}),
    Row("people:interest_group_detail", ok=VIEW_MEMBERS, args=lambda w: {"pk": InterestGroupFactory().pk}),
    Row(
        "people:interest_group_member_remove",
        ok={OFFICER, ADMIN},
        ok_status=302,
        method="post",
        args=lambda w: {"pk": InterestGroupFactory().pk, "member_uuid": w.member_a.uuid},
    ),
]
