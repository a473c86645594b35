from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.proposals import selectors
from apps.proposals.models import Answer, Assignment, Category, Proposal
from tests.factories import UnitFactory
from tests.proposals.factories import CongressFactory, ProposalFactory, accepted_proposal

Status, Result, Satisfaction = Proposal.Status, Proposal.Result, Proposal.Satisfaction


def _congress_2020():
    return CongressFactory(
        name="第五届职代会第一次会议",
        starts_on=date(2020, 1, 8),
        ends_on=date(2020, 1, 9),
        submission_opens=date(2019, 12, 1),
        submission_closes=date(2020, 6, 5),
    )


@pytest.fixture
def year_2020(db):
    """Hand-counted: 11 collected (9 accepted, 1 not accepted, 1 suggestion), plus a draft and one in 2021."""
    congress = _congress_2020()
    logistics, hr, teaching = UnitFactory(name="后勤管理处"), UnitFactory(name="人力资源处"), UnitFactory(name="教务处")
    leads = [logistics] * 4 + [hr] * 3 + [teaching] * 2
    plan = [
        # (status, result, satisfaction, category)
        (Status.ACCEPTED, "", "", Category.LOGISTICS),
        (Status.ACCEPTED, "", "", Category.LOGISTICS),
        (Status.ANSWERED, Result.IN_PROGRESS, "", Category.LOGISTICS),
        (Status.CLOSED, Result.SOLVED, Satisfaction.SATISFIED, Category.LOGISTICS),
        (Status.CLOSED, Result.SOLVED, Satisfaction.BASICALLY, Category.PERSONNEL),
        (Status.ACCEPTED, Result.PLANNED, Satisfaction.UNSATISFIED, Category.PERSONNEL),
        (Status.ANSWERED, Result.PLANNED, "", Category.PERSONNEL),
        (Status.CLOSED, Result.CANNOT, Satisfaction.BASICALLY, Category.TEACHING),
        (Status.ACCEPTED, "", "", Category.TEACHING),
    ]
    for seq, ((status, result, satisfaction, category), lead) in enumerate(zip(plan, leads, strict=True), start=1):
        accepted_proposal(
            congress=congress,
            lead_unit=lead,
            seq=seq,
            status=status,
            result=result,
            satisfaction=satisfaction,
            category=category,
        )
    # The first one is overdue.
    Proposal.objects.filter(number_seq=1).update(due_on=timezone.localdate() - timedelta(days=1))
    ProposalFactory(
        congress=congress, status=Status.NOT_ACCEPTED, decision_reason="个人诉求", category=Category.WELFARE
    )
    ProposalFactory(congress=congress, status=Status.SUGGESTION, category=Category.WELFARE)
    ProposalFactory(congress=congress, status=Status.DRAFT)
    later = CongressFactory(starts_on=date(2021, 1, 10), ends_on=date(2021, 1, 11))
    accepted_proposal(congress=later, seq=1)
    return congress


def test_report_figures_match_the_hand_counts(year_2020):
    figures = selectors.report_figures(year=2020)
    assert figures["congresses"] == ["第五届职代会第一次会议"]
    assert figures["collected"] == 11
    assert figures["accepted"] == 9
    assert figures["not_accepted"] == 1
    assert figures["suggestions"] == 1
    assert figures["merged"] == 0
    assert figures["in_process"] == 7  # 9 accepted, 2 solved
    assert figures["answered"] == 6
    assert figures["solved"] == 2
    assert figures["overdue"] == 1
    assert figures["satisfaction"] == {"satisfied": 1, "basically_satisfied": 2, "unsatisfied": 1}
    assert figures["by_result"] == [
        {"result": "已解决", "count": 2},
        {"result": "正在解决", "count": 1},
        {"result": "列入计划", "count": 2},
        {"result": "暂不能解决", "count": 1},
    ]
    assert figures["by_category"] == [
        {"category": "教学科研", "count": 2},
        {"category": "人事薪酬", "count": 3},
        {"category": "福利待遇", "count": 2},
        {"category": "后勤保障", "count": 4},
    ]
    assert figures["by_department"] == [
        {"department": "后勤管理处", "count": 4},
        {"department": "人力资源处", "count": 3},
        {"department": "教务处", "count": 2},
    ]
    assert figures["links"]["accepted"] == "/proposals/?year=2020"


def test_report_figures_links_lead_to_lists_with_the_same_count(year_2020, client_for, officer):
    figures = selectors.report_figures(year=2020)
    client = client_for(officer)
    for key in ("accepted", "solved", "in_process", "not_accepted", "overdue"):
        response = client.get(figures["links"][key])
        assert response.status_code == 200
        assert response.context["paginator"].count == figures[key], key


def test_a_year_without_proposals_gives_zeros(db):
    figures = selectors.report_figures(year=1999)
    assert figures["collected"] == 0
    assert figures["congresses"] == []
    assert figures["by_category"] == [] and figures["by_department"] == []
    assert figures["satisfaction"] == {"satisfied": 0, "basically_satisfied": 0, "unsatisfied": 0}


def test_report_figures_run_in_a_few_queries(year_2020, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        selectors.report_figures(year=2020)


# ---------------------------------------------------------------- scopes


def test_a_handler_sees_only_what_is_assigned_to_their_unit(world, handler_user):
    mine = accepted_proposal(lead_unit=world.handler_unit)
    helping = accepted_proposal(lead_unit=world.unit_b)
    Assignment.objects.create(proposal=helping, unit=world.handler_unit, role=Assignment.Role.HELPER)
    accepted_proposal(lead_unit=world.unit_b)
    assert set(selectors.proposal_assigned_list(user=handler_user)) == {mine, helping}


def test_drafts_are_seen_only_by_their_proposer(world, staff, committee):
    draft = ProposalFactory(proposer__member=world.member_a)
    assert draft in selectors.proposal_visible(user=staff)
    assert draft not in selectors.proposal_visible(user=committee)
    assert draft not in selectors.proposal_review_list(user=committee)


def test_answers_keep_their_order(world):
    proposal = accepted_proposal(lead_unit=world.handler_unit)
    first = Answer.objects.create(proposal=proposal, unit=world.handler_unit, result=Result.PLANNED, text="一")
    second = Answer.objects.create(proposal=proposal, unit=world.handler_unit, result=Result.SOLVED, text="二")
    assert list(selectors.proposal_answers(user=proposal_reader(world), proposal=proposal)) == [first, second]


def proposal_reader(world):
    return world.users["officer"]
