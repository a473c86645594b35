"""补录: an officer enters a past congress's proposals with their real dates (issue 18 §2)."""

from datetime import date

import pytest
from django.urls import reverse

from apps.proposals.models import Delegate, Proposal
from tests.factories import MemberFactory
from tests.proposals.factories import CongressFactory

Status = Proposal.Status


@pytest.fixture
def session_2019(db):
    return CongressFactory(
        name="第四届教代会第三次会议",
        starts_on=date(2019, 3, 20),
        ends_on=date(2019, 3, 21),
        submission_opens=date(2019, 2, 20),
        submission_closes=date(2019, 3, 10),
    )


def _data(world, **changes) -> dict:
    data = {
        "proposer": MemberFactory(unit=world.unit_a, employee_no="B2019001").employee_no,
        "category": "logistics",
        "title": "关于改善教工食堂饭菜质量的提案",
        "subject": "教工食堂饭菜品种单一。",
        "reasons": "菜品变化少。",
        "measures": "每月更新菜谱。",
        "submitted_on": "2019-03-01",
        "decision": "accept",
        "decided_on": "2019-03-25",
        "lead_unit": world.handler_unit.pk,
        "helper_units": [world.unit_b.pk],
        "due_on": "2019-05-25",
        "answer_result": "solved",
        "answer_text": "已增设教工窗口。",
        "answered_on": "2019-05-10",
        "rating": "satisfied",
        "rated_on": "2019-05-20",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _post(client, congress, data):
    return client.post(reverse("proposals:back_entry", args=[congress.uuid]), data)


def test_an_officer_enters_a_past_proposal_with_its_real_dates(world, session_2019, client_for, officer):
    response = _post(client_for(officer), session_2019, _data(world))
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Status.CLOSED and proposal.back_entered
    assert proposal.number == "2019-001"
    assert proposal.submitted_at.date() == date(2019, 3, 1) and proposal.reviewed_at.date() == date(2019, 3, 25)
    assert proposal.due_on == date(2019, 5, 25)  # in the past: the "not before today" rule is for new work
    answer = proposal.answers.get()
    assert answer.answered_at.date() == date(2019, 5, 10) and answer.rated_at.date() == date(2019, 5, 20)
    assert Delegate.objects.filter(congress=session_2019, member__employee_no="B2019001").exists()
    assert proposal.history.latest().history_change_reason == "补录"
    assert {a.unit_id for a in proposal.assignments.all()} == {world.handler_unit.pk, world.unit_b.pk}


def test_back_entered_proposals_are_in_the_year_figures(world, session_2019, client_for, officer):
    from apps.proposals import selectors

    _post(client_for(officer), session_2019, _data(world))
    figures = selectors.report_figures(year=2019)
    assert figures["accepted"] == 1 and figures["solved"] == 1 and figures["satisfaction"]["satisfied"] == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"decided_on": "2019-02-28"}, "decided_on"),  # decided before it was submitted
        ({"answered_on": "2019-03-20"}, "answered_on"),  # answered before the decision
        ({"rated_on": "2019-05-01"}, "rated_on"),  # rated before the answer
        ({"due_on": "2019-03-01"}, "due_on"),
        ({"submitted_on": "2099-01-01", "decided_on": "2099-01-02"}, "submitted_on"),  # not yet happened
        ({"lead_unit": None}, "lead_unit"),
        ({"answer_result": "cannot"}, "answer_reason"),
        ({"rating": "unsatisfied"}, "rating_comment"),
    ],
)
def test_the_dates_must_follow_each_other(changes, field, world, session_2019, client_for, officer):
    response = _post(client_for(officer), session_2019, _data(world, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not Proposal.objects.exists()
    assert response.context["form"]["title"].value() == "关于改善教工食堂饭菜质量的提案"


def test_a_congress_still_collecting_proposals_is_not_back_entered(world, client_for, officer):
    open_now = CongressFactory()
    response = _post(client_for(officer), open_now, _data(world))
    assert response.status_code == 200
    assert "补录只用于往届大会" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_refused_proposal_is_entered_with_its_reason(world, session_2019, client_for, officer):
    data = _data(world, decision="reject", decision_reason="属于个人诉求。", lead_unit=None, helper_units=None)
    data = {k: v for k, v in data.items() if k not in {"answer_result", "answered_on", "rating", "rated_on"}}
    data["answer_text"] = ""
    assert _post(client_for(officer), session_2019, data).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.status == Status.NOT_ACCEPTED and proposal.number == ""


def _sheet_row(world, **changes) -> dict:
    row = {
        "代表大会": "第四届教代会第三次会议",
        "提案人工号": MemberFactory(unit=world.unit_a).employee_no,
        "类别": "后勤保障",
        "标题": "关于增加校园停车位的建议",
        "案由": "停车难。",
        "理由": "车位不足。",
        "建议": "建设立体停车场。",
        "提交日期": "2019-03-01",
        "审查结论": "立案",
        "审查日期": "2019/3/25",
        "主办部门": world.handler_unit.name,
        "协办部门": world.unit_b.name,
        "办理期限": "2019-05-25",
        "办理结果": "正在解决",
        "答复内容": "正在招标。",
        "答复日期": "2019-05-10",
    }
    row.update(changes)
    return row


NO_ANSWER = {"主办部门": "", "协办部门": "", "办理期限": "", "办理结果": "", "答复内容": "", "答复日期": ""}


def test_the_back_entry_import_enters_each_row(world, session_2019, officer):
    from apps.core.imports import IMPORTERS

    importer = IMPORTERS["proposal_back_entry"]()
    preview = importer.validate(
        [_sheet_row(world), _sheet_row(world, 标题="关于食堂的提案", 审查结论="转为意见建议", **NO_ANSWER)]
    )
    assert not preview.errors and preview.created == 2
    importer.apply(preview, by=officer)
    numbered = Proposal.objects.get(title="关于增加校园停车位的建议")
    assert numbered.status == Status.ANSWERED and numbered.number == "2019-001" and numbered.back_entered
    assert Proposal.objects.get(title="关于食堂的提案").status == Status.SUGGESTION


def test_the_back_entry_import_names_each_bad_cell(world, session_2019, officer):
    from apps.core.imports import IMPORTERS

    rows = [
        _sheet_row(world, 代表大会="没有这次大会"),
        _sheet_row(world, 类别="吃饭"),
        _sheet_row(world, 审查日期="2019-02-01"),
        _sheet_row(world, 主办部门="没有这个部门"),
        _sheet_row(world, 答复日期="2019-13-45"),
    ]
    preview = IMPORTERS["proposal_back_entry"]().validate(rows)
    columns = {(error.row, error.column) for error in preview.errors}
    assert columns == {(2, "代表大会"), (3, "类别"), (4, "审查日期"), (5, "主办部门"), (6, "答复日期")}, preview.errors
