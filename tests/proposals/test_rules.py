"""The proposals app's access policy and input hardening: one rule home, no 500 from a query string,
database constraints for the statuses, idempotent creation, numbers by the session's year."""

import re
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.proposals import services
from apps.proposals.models import Proposal
from tests.proposals.factories import CongressFactory, ProposalFactory

Status = Proposal.Status
APP = Path(__file__).resolve().parents[2] / "apps" / "proposals"


def test_views_and_forms_decide_nothing_per_record_themselves():
    for name in ("views.py", "forms.py"):
        source = (APP / name).read_text()
        assert not re.search(r"\bmay_\w+\s*=|\"may_\w+\":", source), name
        assert not re.search(r"user\.role\b|role_of\(|permissions\.can\(|Role\.", source), name


@pytest.mark.parametrize("query", ["?congress=abc", "?congress=", "?congress=" + "9" * 40, "?congress=%00"])
def test_statistics_ignore_a_bad_congress_parameter(query, world, client_for, committee):
    CongressFactory()
    response = client_for(committee).get(reverse("proposals:statistics") + query)
    assert response.status_code == 200


def test_statistics_open_the_chosen_congress(world, client_for, committee):
    chosen, _newer = CongressFactory(), CongressFactory()
    response = client_for(committee).get(reverse("proposals:statistics"), {"congress": str(chosen.uuid)})
    assert response.context["congress"] == chosen


@pytest.mark.parametrize("query", ["?title=%00", "?title=" + "长" * 5000, "?subject=" + "x" * 9000])
def test_the_similar_search_takes_any_text(query, world, client_for, staff):
    assert client_for(staff).get(reverse("proposals:similar") + query).status_code == 200


def test_a_status_outside_the_choices_is_refused_by_the_database(db):
    proposal = ProposalFactory()
    for field, value in (("status", "bogus"), ("result", "bogus"), ("satisfaction", "bogus")):
        with pytest.raises(IntegrityError), transaction.atomic():
            Proposal.objects.filter(pk=proposal.pk).update(**{field: value})


def test_a_double_click_on_save_makes_one_draft(world, congress, delegate, client_for, staff):
    client = client_for(staff)
    data = {
        "congress": congress.pk,
        "category": "logistics",
        "title": "关于改善教工食堂饭菜质量的提案",
        "subject": "饭菜单一。",
        "reasons": "理由。",
        "measures": "建议。",
        "submission_token": str(uuid.uuid4()),
    }
    first = client.post(reverse("proposals:proposal_create"), data)
    second = client.post(reverse("proposals:proposal_create"), data)
    assert Proposal.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


def test_accepting_without_a_lead_department_is_explained_on_its_field(world, client_for, committee):
    proposal = ProposalFactory(status=Status.SUBMITTED)
    response = client_for(committee).post(
        reverse("proposals:proposal_review", args=[proposal.uuid]), {"decision": "accept"}
    )
    assert response.status_code == 200
    assert "立案必须指定主办部门" in str(response.context["form"].errors["lead_unit"])


def test_proposal_numbers_follow_the_congress_sessions_year(world, committee):
    session_2019 = CongressFactory(starts_on=date(2019, 3, 10), ends_on=date(2019, 3, 11))
    proposal = ProposalFactory(congress=session_2019, status=Status.SUBMITTED)
    services.proposal_accept(proposal=proposal, by=committee, lead_unit=world.handler_unit)
    proposal.refresh_from_db()
    assert proposal.number == "2019-001"
