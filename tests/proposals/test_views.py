import io
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from apps.core.imports import IMPORTERS
from apps.proposals.models import Answer, Assignment, Category, Delegate, Proposal
from tests.factories import MemberFactory
from tests.helpers import downloaded
from tests.proposals.factories import CongressFactory, DelegateFactory, ProposalFactory, accepted_proposal, cosign

Status = Proposal.Status


@pytest.fixture
def many(world, congress):
    """30 accepted proposals with cosigners and two departments each, and 30 under review."""
    for n in range(30):
        proposal = accepted_proposal(congress=congress, lead_unit=world.handler_unit, title=f"提案{n}")
        Assignment.objects.create(proposal=proposal, unit=world.unit_b, role=Assignment.Role.HELPER)
        cosign(proposal, 2)
        ProposalFactory(congress=congress, status=Status.SUBMITTED, title=f"待审{n}")


def test_register_page_runs_a_bounded_number_of_queries(many, client_for, staff, django_assert_max_num_queries):
    client = client_for(staff)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("proposals:index"))
    assert response.status_code == 200
    assert response.context["paginator"].count == 30
    assert "后勤管理处" in response.content.decode()


def test_review_list_runs_a_bounded_number_of_queries(many, client_for, committee, django_assert_max_num_queries):
    client = client_for(committee)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("proposals:review_list"))
    assert response.context["paginator"].count == 60


def test_assigned_list_runs_a_bounded_number_of_queries(many, client_for, handler_user, django_assert_max_num_queries):
    client = client_for(handler_user)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("proposals:assigned_list"))
    assert response.context["paginator"].count == 30


def test_mine_runs_a_bounded_number_of_queries(world, congress, client_for, staff, django_assert_max_num_queries):
    me = DelegateFactory(congress=congress, member=world.member_a)
    for n in range(30):
        ProposalFactory(congress=congress, proposer=me, title=f"我的{n}")
        cosign(ProposalFactory(congress=congress, status=Status.COSIGNING, submitted_at=timezone.now()), 1)
    client = client_for(staff)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("proposals:mine"))
    assert len(response.context["proposals"]) == 30
    assert len(response.context["to_cosign"]) == 30


def test_register_filters_by_department_and_exports(many, world, client_for, staff):
    accepted_proposal(lead_unit=world.unit_a, title="别的部门")
    client = client_for(staff)
    response = client.get(reverse("proposals:index"), {"department": world.unit_a.pk})
    assert [p.title for p in response.context["object_list"]] == ["别的部门"]
    export = client.get(reverse("proposals:index"), {"export": "csv", "department": world.unit_a.pk})
    text = downloaded(export).decode("utf-8-sig")
    assert "别的部门" in text and "提案0" not in text


def test_the_review_list_marks_overdue_rows(world, congress, client_for, committee):
    accepted_proposal(congress=congress, title="超期的提案", due_on=timezone.localdate() + timedelta(days=1))
    Proposal.objects.filter(title="超期的提案").update(due_on=timezone.localdate() - timedelta(days=2))
    response = client_for(committee).get(reverse("proposals:review_list"), {"overdue": "1"})
    body = response.content.decode()
    assert response.context["paginator"].count == 1
    assert "row-overdue" in body and "已逾期" in body


def _proposal_data(congress, **changes):
    data = {
        "congress": congress.pk,
        "category": Category.LOGISTICS,
        "title": "关于改善教工食堂饭菜质量的提案",
        "subject": "食堂饭菜品种少",
        "reasons": "教职工意见较多。",
        "measures": "增加菜品。",
    }
    data.update(changes)
    return data


def test_a_delegate_writes_a_draft_with_an_attachment(world, congress, delegate, client_for, staff):
    client = client_for(staff)
    data = _proposal_data(congress, attachment=SimpleUploadedFile("调研.pdf", b"%PDF-1.4 survey"))
    response = client.post(reverse("proposals:proposal_create"), data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert proposal.status == Status.DRAFT
    kept = proposal.attachments.get()
    assert kept.name == "调研.pdf" and kept.attachment.original_name == "调研.pdf"
    assert "调研" not in kept.attachment.file.name  # a random storage key


def test_an_attachment_that_is_not_a_document_is_refused_and_the_text_kept(
    world, congress, delegate, client_for, staff
):
    data = _proposal_data(congress, attachment=SimpleUploadedFile("调研.pdf", b"MZ\x90\x00 a program"))
    response = client_for(staff).post(reverse("proposals:proposal_create"), data)
    body = response.content.decode()
    assert "文件内容与扩展名 .pdf 不符" in body
    assert "关于改善教工食堂饭菜质量的提案" in body
    assert not Proposal.objects.exists()


def test_a_failed_save_keeps_what_was_typed(world, congress, delegate, client_for, staff):
    response = client_for(staff).post(reverse("proposals:proposal_create"), _proposal_data(congress, reasons=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "请填写理由" in body
    assert "关于改善教工食堂饭菜质量的提案" in body
    assert not Proposal.objects.exists()


def test_too_long_text_is_explained_next_to_the_field(world, congress, delegate, client_for, staff):
    response = client_for(staff).post(
        reverse("proposals:proposal_create"), _proposal_data(congress, measures="多" * 6000)
    )
    assert response.status_code == 200
    assert "5000" in response.context["form"].errors["measures"][0]


def test_a_non_delegate_is_told_why_they_cannot_write(world, client_for, leader):
    response = client_for(leader).get(reverse("proposals:proposal_create"), follow=True)
    assert "只有本次大会的代表" in response.content.decode()


def test_editing_a_submitted_proposal_is_refused_with_a_message(world, congress, delegate, client_for, staff):
    proposal = ProposalFactory(congress=congress, proposer=delegate, status=Status.COSIGNING)
    response = client_for(staff).post(
        reverse("proposals:proposal_edit", args=[proposal.uuid]), _proposal_data(congress), follow=True
    )
    assert "不能再修改" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title.startswith("测试提案")


def test_cosigning_own_proposal_shows_a_message_not_an_error(world, congress, delegate, client_for, staff):
    proposal = ProposalFactory(congress=congress, proposer=delegate, status=Status.COSIGNING)
    response = client_for(staff).post(reverse("proposals:proposal_cosign", args=[proposal.uuid]), follow=True)
    assert response.status_code == 200
    assert "不能附议自己的提案" in response.content.decode()


def test_review_refusal_without_reason_re_renders_the_form(world, client_for, committee):
    proposal = ProposalFactory(status=Status.SUBMITTED)
    response = client_for(committee).post(
        reverse("proposals:proposal_review", args=[proposal.uuid]), {"decision": "reject", "reason": ""}
    )
    assert response.status_code == 200
    assert "不予立案必须说明理由" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED


def test_review_accepts_with_departments(world, client_for, committee):
    proposal = ProposalFactory(status=Status.SUBMITTED)
    due = timezone.localdate() + timedelta(days=30)
    response = client_for(committee).post(
        reverse("proposals:proposal_review", args=[proposal.uuid]),
        {"decision": "accept", "lead_unit": world.handler_unit.pk, "helper_units": [world.unit_b.pk], "due_on": due},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED and proposal.due_on == due


def test_the_review_page_shows_similar_proposals(world, client_for, committee):
    congress = CongressFactory()
    ProposalFactory(congress=congress, status=Status.SUBMITTED, title="关于改善教工食堂饭菜质量的提案")
    proposal = ProposalFactory(congress=congress, status=Status.SUBMITTED, title="关于提高教工食堂饭菜质量的建议")
    response = client_for(committee).get(reverse("proposals:proposal_review", args=[proposal.uuid]))
    assert [p.title for p in response.context["similar"]] == ["关于改善教工食堂饭菜质量的提案"]
    assert 'data-testid="similar-proposals"' in response.content.decode()


def test_the_similar_endpoint_answers_while_typing(world, client_for, staff):
    ProposalFactory(status=Status.SUBMITTED, title="关于增加校园停车位的建议")
    response = client_for(staff).get(reverse("proposals:similar"), {"title": "关于校园停车位不足的提案"})
    assert "关于增加校园停车位的建议" in response.content.decode()


def test_an_answer_without_a_reason_for_cannot_is_explained(world, client_for, handler_user):
    proposal = accepted_proposal(lead_unit=world.handler_unit)
    response = client_for(handler_user).post(
        reverse("proposals:proposal_answer", args=[proposal.uuid]), {"result": "cannot", "text": "经费不足"}
    )
    assert response.status_code == 200
    assert "必须说明原因" in response.content.decode()
    assert not Answer.objects.exists()


def test_an_unsatisfied_rating_without_comment_is_refused_with_a_message(world, congress, delegate, client_for, staff):
    proposal = accepted_proposal(congress=congress, proposer=delegate, lead_unit=world.handler_unit)
    Proposal.objects.filter(pk=proposal.pk).update(status=Status.ANSWERED, result="solved")
    Answer.objects.create(proposal=proposal, unit=world.handler_unit, is_lead=True, result="solved", text="好")
    response = client_for(staff).post(
        reverse("proposals:proposal_rate", args=[proposal.uuid]), {"rating": "unsatisfied"}, follow=True
    )
    assert "不满意时请写明意见" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.ANSWERED


def test_a_congress_with_bad_dates_is_explained(world, client_for, committee):
    data = {
        "name": "第六届教代会第一次会议",
        "term": 6,
        "session": 1,
        "starts_on": "2022-01-10",
        "ends_on": "2022-01-09",
        "submission_opens": "2021-12-01",
        "submission_closes": "2021-11-01",
        "required_cosigners": 2,
        "answer_days": 60,
    }
    response = client_for(committee).post(reverse("proposals:congress_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "ends_on" in errors and "submission_closes" in errors


def test_a_delegate_is_added_by_employee_number(world, congress, client_for, committee):
    client = client_for(committee)
    url = reverse("proposals:congress_detail", args=[congress.uuid])
    response = client.post(url, {"member": world.member_b.employee_no, "delegation": "机关代表团"})
    assert response.status_code == 302
    assert Delegate.objects.get(congress=congress).delegation.name == "机关代表团"
    response = client.post(url, {"member": "NOPE", "delegation": ""})
    assert "没有这个工号的在职会员" in response.content.decode()


# ---------------------------------------------------------------- PDF and import


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def test_the_printable_form_reads_back_in_chinese(world, congress, client_for, staff):
    proposal = accepted_proposal(
        congress=congress,
        lead_unit=world.handler_unit,
        title="关于改善教工食堂饭菜质量的提案",
        subject="教工食堂饭菜品种单一",
    )
    response = client_for(staff).get(reverse("proposals:proposal_pdf", args=[proposal.uuid]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in ("提案表", "关于改善教工食堂饭菜质量的提案", "教工食堂饭菜品种单一", "后勤管理处", proposal.number):
        assert expected in text


def test_a_whole_congress_prints_one_form_per_accepted_proposal(world, congress, client_for, committee):
    for title in ("关于增加校园停车位的建议", "关于提高青年教师住房补贴的提案"):
        accepted_proposal(congress=congress, lead_unit=world.handler_unit, title=title)
    ProposalFactory(congress=congress, status=Status.SUBMITTED, title="尚未立案的提案")
    response = client_for(committee).get(reverse("proposals:congress_pdf", args=[congress.uuid]))
    text = _pdf_text(response.content)
    assert "关于增加校园停车位的建议" in text and "关于提高青年教师住房补贴的提案" in text
    assert "尚未立案的提案" not in text
    assert text.count("提案表") == 2


def _xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("代表名单.xlsx", buffer.getvalue())


def test_the_delegate_import_validates_every_row(world, congress, committee):
    retired = MemberFactory(status="retired", unit=world.unit_b)
    importer = IMPORTERS["delegates"]()
    upload = _xlsx(
        [
            ["代表大会", "工号", "姓名", "代表团"],
            [congress.name, world.member_a.employee_no, "张三", "电气学院代表团"],
            [congress.name, world.member_b.employee_no, "", "机关代表团"],
            ["不存在的大会", world.member_b.employee_no, "", ""],
            [congress.name, "X0000", "", ""],
            [congress.name, MemberFactory(name="赵六", unit=world.unit_b).employee_no, "王五", ""],
            [congress.name, retired.employee_no, "", ""],
        ]
    )
    preview = importer.preview(upload)
    assert {(e.row, e.column) for e in preview.errors} == {(4, "代表大会"), (5, "工号"), (6, "姓名"), (7, "工号")}
    good = _xlsx(
        [
            ["代表大会", "工号", "姓名", "代表团"],
            [congress.name, world.member_a.employee_no, "张三", "电气学院代表团"],
            [congress.name, world.member_b.employee_no, "", "机关代表团"],
        ]
    )
    preview = importer.preview(good)
    assert preview.is_valid and preview.created == 2
    importer.apply(preview, by=committee)
    assert set(congress.delegates.values_list("delegation__name", flat=True)) == {"电气学院代表团", "机关代表团"}


def test_the_shared_import_page_offers_the_delegate_import(world, client_for, committee, staff):
    url = reverse("core:import_upload", args=["delegates"])
    response = client_for(committee).get(url)
    assert response.status_code == 200
    assert "代表大会" in response.content.decode()
    assert client_for(staff).get(url).status_code == 403
