"""Every welfare URL for every role. Private types and claims: officers, leadership and the person only."""

from datetime import date
from itertools import count

from apps.welfare.models import Distribution
from tests.factories import MemberFactory
from tests.helpers import stored_attachment
from tests.permission_rows import ADMIN, CHAIR, COMMITTEE, EVERY_ROLE, HANDLER, LEADER, OFFICER, READ_ALL, STAFF, Row
from tests.welfare.factories import DistributionFactory, MutualAidClaimFactory, VisitFactory, visit_type

VIEW = {CHAIR, OFFICER, LEADER, ADMIN}
AMOUNTS = count(50000)  # a new amount for every request, so an allowed one always changes the row
MANAGE = {OFFICER, ADMIN}


def _visit(w, member, code="childbirth", **kwargs):
    return VisitFactory(member=member, visit_type=visit_type(code), **kwargs).uuid


def _visit_with_file(member):
    attachment = stored_attachment("证明.txt", "困难证明".encode(), content_type="text/plain")
    visit = VisitFactory(member=member, visit_type=visit_type("hardship"), attachment=attachment)
    return visit.uuid


def _branch_a_distribution(w, **kwargs):
    """A distribution to branch A: the chair's own (a union-wide one is not)."""
    return DistributionFactory(audience=Distribution.Audience.BRANCH, branch=w.branch_a, **kwargs).uuid


def _new_visit(w):
    """A fresh member of branch A for each role's request, so each meets the same state."""
    member = MemberFactory(unit=w.unit_a)
    return {
        "member": member.employee_no,
        "visit_type": visit_type("childbirth").pk,
        "visited_on": "2020-05-10",
        "cash_amount": "100",
        "gift_value": "0",
    }


def _new_claim(w):
    member = MemberFactory(unit=w.unit_b, mutual_aid_joined_on=date(2019, 1, 1))
    return {"member": member.employee_no, "submitted_on": "2020-06-01", "amount_requested": "2000", "reason": "住院"}


def _claim(w, member):
    member.mutual_aid_joined_on = date(2019, 1, 1)
    member.save()
    return MutualAidClaimFactory(member=member).uuid


ROWS = [
    Row("welfare:index", ok=EVERY_ROLE),
    Row("welfare:type_list", ok=VIEW),
    Row(
        "welfare:type_list",
        ok=MANAGE,
        ok_status=302,
        method="post",
        data=lambda w: {"visit_type": visit_type("illness").pk, "year": 2020, "amount": str(next(AMOUNTS))},
        writes=("welfare.VisitStandard",),
        id="standard set (post)",
    ),
    Row("welfare:visit_list", ok=VIEW),
    Row("welfare:visit_list", ok=VIEW, query="?export=xlsx", id="visit export"),
    Row("welfare:visit_create", ok={CHAIR, OFFICER, ADMIN}),
    Row(
        "welfare:visit_create",
        ok={CHAIR, OFFICER, ADMIN},
        ok_status=302,
        method="post",
        data=_new_visit,
        writes=("welfare.Visit",),
        id="visit create (post)",
    ),
    Row(
        "welfare:visit_detail",
        ok={STAFF, CHAIR, *READ_ALL},
        not_found={COMMITTEE, HANDLER},
        args=lambda w: {"visit_uuid": _visit(w, w.member_a)},
        id="visit_detail (childbirth, staff's own, branch A)",
    ),
    Row(
        "welfare:visit_detail",
        ok={STAFF, *READ_ALL},
        not_found={CHAIR, COMMITTEE, HANDLER},
        args=lambda w: {"visit_uuid": _visit(w, w.member_a, "hardship")},
        id="visit_detail (hardship, staff's own: hidden from the branch chair)",
    ),
    Row(
        "welfare:visit_detail",
        ok=READ_ALL,
        not_found={STAFF, CHAIR, COMMITTEE, HANDLER},
        args=lambda w: {"visit_uuid": _visit(w, w.member_b, "hardship")},
        id="visit_detail (hardship, branch B)",
    ),
    Row(
        "welfare:visit_detail",
        ok=READ_ALL,
        not_found={STAFF, CHAIR, COMMITTEE, HANDLER},
        args=lambda w: {"visit_uuid": _visit(w, w.member_b)},
        id="visit_detail (childbirth, branch B: outside the chair's branch)",
    ),
    Row(
        "welfare:visit_attachment",
        ok={STAFF, *READ_ALL},
        not_found={CHAIR, COMMITTEE, HANDLER},
        args=lambda w: {"visit_uuid": _visit_with_file(w.member_a)},
        id="visit attachment (hardship, staff's own)",
    ),
    Row(
        "welfare:visit_decide",
        ok=MANAGE,
        ok_status=302,
        method="post",
        args=lambda w: {
            "visit_uuid": _visit(w, w.member_a, "illness", cash_amount=900, status="pending"),
            "decision": "approve",
        },
        writes=("welfare.Visit",),
        id="visit approve",
    ),
    Row(
        "welfare:visit_decide",
        ok=MANAGE,
        ok_status=302,
        method="post",
        data={"reason": "超出标准过多"},
        args=lambda w: {
            "visit_uuid": _visit(w, w.member_a, "illness", cash_amount=900, status="pending"),
            "decision": "reject",
        },
        writes=("welfare.Visit",),
        id="visit reject",
    ),
    Row("welfare:my_history", ok=EVERY_ROLE),
    Row(
        "welfare:member_history",
        ok={STAFF, CHAIR, *READ_ALL},
        not_found={COMMITTEE, HANDLER},
        args=lambda w: {"member_uuid": w.member_a.uuid},
        id="member_history (staff's own, branch A)",
    ),
    Row(
        "welfare:member_history",
        ok=READ_ALL,
        not_found={STAFF, CHAIR, COMMITTEE, HANDLER},
        args=lambda w: {"member_uuid": w.member_b.uuid},
        id="member_history (branch B)",
    ),
    Row("welfare:distribution_list", ok=VIEW),
    Row("welfare:distribution_list", ok=VIEW, query="?export=csv", id="distribution export"),
    Row("welfare:distribution_create", ok=MANAGE),
    Row("welfare:distribution_birthday", ok=MANAGE),
    Row(
        "welfare:distribution_detail",
        ok=READ_ALL,
        not_found={CHAIR},
        args=lambda w: {"distribution_uuid": DistributionFactory().uuid},
        id="distribution_detail (union-wide: not the chair's)",
    ),
    Row(
        "welfare:distribution_detail",
        ok=VIEW,
        args=lambda w: {"distribution_uuid": _branch_a_distribution(w)},
        id="distribution_detail (branch A: the chair's)",
    ),
    Row(
        "welfare:distribution_detail",
        ok=READ_ALL,
        not_found={CHAIR},
        query="?export=csv",
        args=lambda w: {"distribution_uuid": DistributionFactory(audience="branch", branch=w.branch_b).uuid},
        id="distribution recipients export (branch B)",
    ),
    Row(
        "welfare:distribution_detail",
        ok=VIEW,
        query="?export=xlsx",
        args=lambda w: {"distribution_uuid": _branch_a_distribution(w)},
        id="distribution recipients export (branch A)",
    ),
    Row(
        "welfare:distribution_progress",
        ok=VIEW,
        args=lambda w: {"distribution_uuid": _branch_a_distribution(w, status=Distribution.Status.RUNNING)},
        id="distribution progress (branch A)",
    ),
    Row(
        "welfare:distribution_progress",
        ok=READ_ALL,
        not_found={CHAIR},
        args=lambda w: {
            "distribution_uuid": DistributionFactory(
                audience="branch", branch=w.branch_b, status=Distribution.Status.RUNNING
            ).uuid
        },
        id="distribution progress (branch B)",
    ),
    Row(
        "welfare:distribution_confirm",
        ok=MANAGE,
        ok_status=302,
        method="post",
        args=lambda w: {"distribution_uuid": DistributionFactory().uuid},
        writes=("welfare.Distribution", "welfare.DistributionRecipient"),
    ),
    Row(
        "welfare:distribution_delete",
        ok=MANAGE,
        ok_status=302,
        method="post",
        args=lambda w: {"distribution_uuid": DistributionFactory().uuid},
        writes=("welfare.Distribution",),
    ),
    Row("welfare:enrolment_list", ok=READ_ALL),
    Row("welfare:enrolment_list", ok=READ_ALL, query="?export=xlsx", id="enrolment export"),
    Row("welfare:enrol", ok=MANAGE),
    Row(
        "welfare:enrol",
        ok=MANAGE,
        ok_status=302,
        method="post",
        data=lambda w: {"member": MemberFactory(unit=w.unit_b).employee_no, "joined_on": "2020-03-01"},
        writes=("people.Member",),
        id="enrol (post)",
    ),
    Row("welfare:claim_list", ok=READ_ALL),
    Row("welfare:claim_list", ok=READ_ALL, query="?export=xlsx", id="claim export"),
    Row("welfare:claim_create", ok=MANAGE),
    Row(
        "welfare:claim_create",
        ok=MANAGE,
        ok_status=302,
        method="post",
        data=_new_claim,
        writes=("welfare.MutualAidClaim",),
        id="claim create (post)",
    ),
    Row(
        "welfare:claim_detail",
        ok={STAFF, *READ_ALL},
        not_found={CHAIR, COMMITTEE, HANDLER},
        args=lambda w: {"claim_uuid": _claim(w, w.member_a)},
        id="claim_detail (staff's own: private, even from the branch chair)",
    ),
    Row(
        "welfare:claim_detail",
        ok=READ_ALL,
        not_found={STAFF, CHAIR, COMMITTEE, HANDLER},
        args=lambda w: {"claim_uuid": _claim(w, w.member_b)},
        id="claim_detail (branch B)",
    ),
    Row(
        "welfare:claim_step",
        ok=MANAGE,
        ok_status=302,
        method="post",
        args=lambda w: {"claim_uuid": _claim(w, w.member_a), "step": "review"},
        writes=("welfare.MutualAidClaim",),
    ),
    Row("welfare:budget_list", ok=READ_ALL),
    Row(
        "welfare:budget_set",
        ok=MANAGE,
        ok_status=302,
        method="post",
        data=lambda w: {"year": 2020, "visit_type": visit_type("illness").pk, "amount": str(next(AMOUNTS))},
        writes=("welfare.WelfareBudget",),
    ),
]
