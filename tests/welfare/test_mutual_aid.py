"""互助会: enrolment (on the member record, with history) and the claim workflow."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apps.people.models import Member
from apps.welfare import services
from apps.welfare.models import MutualAidClaim
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_enrolment_sets_the_date_on_the_member_with_history(officer, world):
    services.mutual_aid_enrol(member=world.member_a, joined_on=date(2020, 4, 1), by=officer)
    world.member_a.refresh_from_db()
    assert world.member_a.mutual_aid_joined_on == date(2020, 4, 1)
    assert world.member_a.history.first().history_user == officer


def test_enrolling_twice_is_refused(officer, world):
    services.mutual_aid_enrol(member=world.member_a, joined_on=date(2020, 4, 1), by=officer)
    with pytest.raises(ValidationError, match="已于 2020-04-01 加入"):
        services.mutual_aid_enrol(member=world.member_a, joined_on=date(2020, 5, 1), by=officer)


def test_enrolment_in_the_future_is_refused(officer, world):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.mutual_aid_enrol(member=world.member_a, joined_on=timezone.localdate() + timedelta(days=3), by=officer)


def test_a_retired_member_cannot_enrol(officer):
    retired = MemberFactory(status=Member.Status.RETIRED)
    with pytest.raises(ValidationError, match="在职"):
        services.mutual_aid_enrol(member=retired, joined_on=date(2020, 4, 1), by=officer)


def _enrolled() -> Member:
    return MemberFactory(mutual_aid_joined_on=date(2019, 3, 1))


def _submit(officer, member, amount=Decimal("3000")) -> MutualAidClaim:
    return services.claim_submit(
        member=member, submitted_on=date(2020, 7, 1), reason="住院手术", amount_requested=amount, by=officer
    )


def test_a_claim_goes_from_submitted_to_paid_and_every_step_is_recorded(officer):
    claim = _submit(officer, _enrolled())
    services.claim_review(claim=claim, by=officer)
    services.claim_approve(claim=claim, approved_amount=Decimal("2500"), by=officer)
    services.claim_pay(claim=claim, paid_on=date(2020, 7, 20), by=officer)
    claim.refresh_from_db()
    assert claim.status == MutualAidClaim.Status.PAID
    assert claim.paid_amount == Decimal("2500.00")
    assert [h.status for h in claim.history.order_by("history_date")] == ["submitted", "reviewing", "approved", "paid"]


def test_a_claim_for_a_member_not_enrolled_is_refused(officer, world):
    with pytest.raises(ValidationError, match="未加入互助会"):
        _submit(officer, world.member_a)
    assert not MutualAidClaim.objects.exists()


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-10"), Decimal("1.001")])
def test_a_claim_with_a_bad_amount_is_refused(officer, amount):
    with pytest.raises(ValidationError):
        _submit(officer, _enrolled(), amount=amount)
    assert not MutualAidClaim.objects.exists()


def test_rejecting_a_claim_needs_a_reason_and_ends_it(officer):
    claim = _submit(officer, _enrolled())
    with pytest.raises(ValidationError, match="驳回理由"):
        services.claim_reject(claim=claim, reason="", by=officer)
    services.claim_reject(claim=claim, reason="不符合互助金条件", by=officer)
    with pytest.raises(ValidationError, match="已驳回"):
        services.claim_approve(claim=claim, by=officer)


def test_a_claim_cannot_be_paid_before_it_is_approved(officer):
    claim = _submit(officer, _enrolled())
    with pytest.raises(ValidationError, match="不能进行此操作"):
        services.claim_pay(claim=claim, paid_on=date(2020, 7, 20), by=officer)


def test_a_paid_claim_cannot_be_paid_twice(officer):
    claim = _submit(officer, _enrolled())
    services.claim_approve(claim=claim, by=officer)
    services.claim_pay(claim=claim, paid_on=date(2020, 7, 20), by=officer)
    with pytest.raises(ValidationError):
        services.claim_pay(claim=claim, paid_on=date(2020, 7, 21), by=officer)


def test_payment_before_the_claim_date_is_refused(officer):
    claim = _submit(officer, _enrolled())
    services.claim_approve(claim=claim, by=officer)
    with pytest.raises(ValidationError, match="早于申领日期"):
        services.claim_pay(claim=claim, paid_on=date(2020, 6, 1), by=officer)


def test_a_branch_chair_cannot_handle_claims(chair):
    with pytest.raises(PermissionDenied):
        _submit(chair, _enrolled())
