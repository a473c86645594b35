"""Input limits of the welfare forms and models: date ranges, text lengths, one record per submission, and
status columns the database keeps to their choices (issue 11 §4, §11, §12; issue 12 §3)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.welfare import services
from apps.welfare.forms import ClaimForm, DistributionForm, VisitForm
from apps.welfare.models import NOTE_MAX, Distribution, MutualAidClaim, Visit
from tests.welfare.factories import DistributionFactory, MutualAidClaimFactory, VisitFactory, visit_type

pytestmark = pytest.mark.django_db


def _visit_data(world, **changes):
    data = {
        "member": world.member_a.employee_no,
        "visit_type": visit_type("childbirth").pk,
        "visited_on": "2020-05-10",
        "cash_amount": "100",
        "gift_value": "0",
    }
    return {**data, **changes}


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_visit_date_out_of_range_is_refused_by_the_form(world, officer, day):
    form = VisitForm(_visit_data(world, visited_on=day), user=officer)
    assert not form.is_valid() and "visited_on" in form.errors


@pytest.mark.parametrize("day", ["0001-01-01", "2101-01-01"])
def test_claim_and_distribution_dates_out_of_range_are_refused(world, officer, day):
    world.member_a.mutual_aid_joined_on = date(2019, 1, 1)
    world.member_a.save()
    claim = ClaimForm(
        {"member": world.member_a.employee_no, "submitted_on": day, "amount_requested": "10", "reason": "住院"},
        user=officer,
    )
    assert not claim.is_valid() and "submitted_on" in claim.errors
    distribution = DistributionForm(
        {
            "title": "t",
            "kind": "festival",
            "item": "i",
            "unit_value": "1",
            "distributed_on": day,
            "audience": "all_active",
        }
    )
    assert not distribution.is_valid() and "distributed_on" in distribution.errors


def test_the_model_refuses_a_year_one_visit_whoever_calls_it(world, officer):
    with pytest.raises(ValidationError) as refused:
        services.visit_record(
            member=world.member_a,
            visit_type=visit_type("childbirth"),
            visited_on=date(1, 1, 1),
            cash_amount=1,
            by=officer,
        )
    assert "visited_on" in refused.value.message_dict
    assert not Visit.objects.exists()


def test_a_note_over_the_limit_is_refused_in_the_form_and_the_model(world, officer):
    form = VisitForm(_visit_data(world, note="字" * (NOTE_MAX + 1)), user=officer)
    assert not form.is_valid() and "note" in form.errors
    with pytest.raises(ValidationError) as refused:
        services.visit_record(
            member=world.member_a,
            visit_type=visit_type("childbirth"),
            visited_on=date(2020, 5, 10),
            cash_amount=Decimal("100"),
            note="字" * (NOTE_MAX + 1),
            by=officer,
        )
    assert "note" in refused.value.message_dict


def test_the_note_field_shows_its_limit(client_for, officer):
    page = client_for(officer).get(reverse("welfare:visit_create")).content.decode()
    assert f'maxlength="{NOTE_MAX}"' in page


def test_a_double_submitted_visit_form_records_one_visit(world, client_for, officer):
    client = client_for(officer)
    token = VisitForm(user=officer).initial["submission_token"]
    data = _visit_data(world, submission_token=str(token))
    first = client.post(reverse("welfare:visit_create"), data)
    second = client.post(reverse("welfare:visit_create"), data)
    visit = Visit.objects.get()
    assert first.status_code == second.status_code == 302
    assert second.url == reverse("welfare:visit_detail", args=[visit.uuid])  # to what the first one made


def test_a_double_submitted_claim_form_registers_one_claim(world, client_for, officer):
    world.member_a.mutual_aid_joined_on = date(2019, 1, 1)
    world.member_a.save()
    client = client_for(officer)
    token = ClaimForm(user=officer).initial["submission_token"]
    data = {
        "member": world.member_a.employee_no,
        "submitted_on": "2020-06-01",
        "amount_requested": "2000",
        "reason": "住院",
        "submission_token": str(token),
    }
    client.post(reverse("welfare:claim_create"), data)
    client.post(reverse("welfare:claim_create"), data)
    assert MutualAidClaim.objects.count() == 1


def test_a_refused_visit_keeps_its_token_for_the_corrected_submission(world, client_for, officer):
    client = client_for(officer)
    token = str(VisitForm(user=officer).initial["submission_token"])
    refused = client.post(reverse("welfare:visit_create"), _visit_data(world, cash_amount="0", submission_token=token))
    assert refused.status_code == 200 and not Visit.objects.exists()
    client.post(reverse("welfare:visit_create"), _visit_data(world, submission_token=token))
    assert Visit.objects.count() == 1


@pytest.mark.parametrize(
    ("make", "model"),
    [
        (lambda w: VisitFactory(member=w.member_a), Visit),
        (lambda w: DistributionFactory(), Distribution),
        (lambda w: MutualAidClaimFactory(), MutualAidClaim),
    ],
)
def test_the_database_refuses_a_status_outside_the_choices(world, make, model):
    record = make(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=record.pk).update(status="bogus")


def test_the_status_constraints_list_every_choice():
    for model in (Visit, Distribution, MutualAidClaim):
        name = f"{model._meta.model_name.replace('mutualaid', '')}_status_valid"
        constraint = next(c for c in model._meta.constraints if c.name.endswith("status_valid"))
        assert sorted(constraint.condition.children[0][1]) == sorted(model.Status.values), name
