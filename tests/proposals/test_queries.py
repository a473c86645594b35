"""Exact query counts of the proposals pages, with more rows than one page: an N+1 changes the count."""

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.proposals.models import Assignment, Proposal
from tests.proposals.factories import CongressFactory, DelegateFactory, ProposalFactory, accepted_proposal, cosign

Status = Proposal.Status


@pytest.fixture
def crowded(world, congress):
    """30 accepted proposals (two departments, two cosigners, one answer each), 30 under review, and three
    congresses with 20 delegates each: more than a page of everything."""
    staff_delegate = DelegateFactory(congress=congress, member=world.member_a)
    for n in range(30):
        proposal = accepted_proposal(congress=congress, lead_unit=world.handler_unit, title=f"提案{n}")
        Assignment.objects.create(proposal=proposal, unit=world.unit_b, role=Assignment.Role.HELPER)
        cosign(proposal, 2)
        proposal.answers.create(unit=world.unit_b, result=Proposal.Result.PLANNED, text="列入计划。")
        ProposalFactory(congress=congress, status=Status.SUBMITTED, title=f"待审{n}", submitted_at=timezone.now())
        ProposalFactory(congress=congress, proposer=staff_delegate, title=f"我的{n}")
    for _n in range(3):
        other = CongressFactory()
        for _d in range(20):
            DelegateFactory(congress=other)
        ProposalFactory(congress=other, status=Status.SUBMITTED)
    return congress


def _first(congress, **filters) -> Proposal:
    return Proposal.objects.filter(congress=congress, **filters).order_by("pk").first()


# (role, URL, queries). The counts include the session and the user (2), the session save after a page that
# touched it (3, in a savepoint under the test's transaction) and, for the similar search, setting the
# threshold for its transaction (3 with the savepoint; 1 in production).
PAGES = [
    ("staff", lambda c: reverse("proposals:index"), 12),
    ("staff", lambda c: reverse("proposals:mine"), 10),
    ("committee", lambda c: reverse("proposals:review_list"), 12),
    ("handler", lambda c: reverse("proposals:assigned_list"), 13),
    ("committee", lambda c: reverse("proposals:statistics"), 12),
    ("committee", lambda c: reverse("proposals:congress_list"), 7),
    ("committee", lambda c: reverse("proposals:congress_detail", args=[c.uuid]), 8),
    ("staff", lambda c: reverse("proposals:proposal_detail", args=[_first(c, status=Status.ACCEPTED).uuid]), 12),
    ("committee", lambda c: reverse("proposals:proposal_detail", args=[_first(c, status=Status.SUBMITTED).uuid]), 16),
    ("committee", lambda c: reverse("proposals:proposal_review", args=[_first(c, status=Status.SUBMITTED).uuid]), 14),
    ("handler", lambda c: reverse("proposals:proposal_answer", args=[_first(c, status=Status.ACCEPTED).uuid]), 10),
    ("staff", lambda c: reverse("proposals:similar") + "?title=关于提案的建议", 9),
]


@pytest.mark.parametrize(("role", "url", "queries"), PAGES, ids=[f"{r}:{i}" for i, (r, _u, _q) in enumerate(PAGES)])
def test_page_runs_an_exact_number_of_queries(role, url, queries, crowded, world, client, django_assert_num_queries):
    client.force_login(world.users[role])
    path = url(crowded)
    client.get(path)  # warm the per-process caches (role table, content types, translations)
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200
