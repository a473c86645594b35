from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import Role
from apps.proposals import services
from apps.proposals.models import Answer, Assignment, Category, Cosignature, Delegate, Proposal
from tests.factories import UnitFactory, UserFactory
from tests.proposals.factories import CongressFactory, DelegateFactory, ProposalFactory, accepted_proposal

Status = Proposal.Status


def _draft(congress, by, **fields) -> Proposal:
    values = {
        "congress": congress,
        "category": Category.LOGISTICS,
        "title": "关于改善教工食堂饭菜质量的提案",
        "subject": "教工食堂饭菜品种少、价格偏高",
        "reasons": "近年来教职工对食堂意见较多。",
        "measures": "增加菜品种类，设立教工窗口。",
    }
    values.update(fields)
    return services.proposal_draft_save(proposal=Proposal(**values), by=by)


def _submitted(congress, staff, other_delegates) -> Proposal:
    proposal = _draft(congress, staff)
    services.proposal_submit(proposal=proposal, by=staff)
    for user, _delegate in other_delegates:
        services.proposal_cosign(proposal=proposal, by=user)
    proposal.refresh_from_db()
    return proposal


# ---------------------------------------------------------------- drafts and submission


def test_a_delegate_saves_a_draft(staff, delegate, congress):
    proposal = _draft(congress, staff)
    assert proposal.status == Status.DRAFT
    assert proposal.proposer == delegate
    assert proposal.history.first().history_user == staff


def test_a_non_delegate_cannot_write_a_proposal(world, congress):
    with pytest.raises(ValidationError, match="代表"):
        _draft(congress, world.users["officer"])


@pytest.mark.parametrize("field", ["subject", "reasons", "measures"])
def test_empty_subject_reasons_or_measures_are_refused(staff, delegate, congress, field):
    with pytest.raises(ValidationError) as caught:
        _draft(congress, staff, **{field: "   "})
    assert field in caught.value.message_dict
    assert "请填写" in caught.value.message_dict[field][0]


def test_absurdly_long_text_is_refused(staff, delegate, congress):
    with pytest.raises(ValidationError) as caught:
        _draft(congress, staff, reasons="很" * 6000)
    assert "reasons" in caught.value.message_dict


def test_submission_inside_the_window_starts_cosigning(staff, delegate, congress):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    assert proposal.status == Status.COSIGNING
    assert proposal.submitted_at is not None


def test_submission_outside_the_window_is_refused(staff, world):
    today = timezone.localdate()
    closed = CongressFactory(submission_opens=today - timedelta(days=30), submission_closes=today - timedelta(days=1))
    DelegateFactory(congress=closed, member=world.member_a)
    proposal = _draft(closed, staff)
    with pytest.raises(ValidationError, match="征集时间"):
        services.proposal_submit(proposal=proposal, by=staff)
    proposal.refresh_from_db()
    assert proposal.status == Status.DRAFT


def test_a_congress_needing_no_cosigners_sends_the_proposal_to_review(staff, world):
    congress = CongressFactory(required_cosigners=0)
    DelegateFactory(congress=congress, member=world.member_a)
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    assert proposal.status == Status.SUBMITTED


def test_a_submitted_proposal_cannot_be_edited_by_its_proposer(staff, delegate, congress):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    proposal.title = "改过的标题"
    with pytest.raises(ValidationError, match="不能再修改"):
        services.proposal_draft_save(proposal=proposal, by=staff)
    assert Proposal.objects.get(pk=proposal.pk).title != "改过的标题"


def test_someone_else_cannot_edit_or_submit_a_draft(staff, delegate, congress, other_delegates):
    proposal = _draft(congress, staff)
    intruder = other_delegates[0][0]
    with pytest.raises(PermissionDenied):
        services.proposal_draft_save(proposal=proposal, by=intruder)
    with pytest.raises(PermissionDenied):
        services.proposal_submit(proposal=proposal, by=intruder)


def test_a_proposal_cannot_be_submitted_twice(staff, delegate, congress):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    with pytest.raises(ValidationError, match="已经提交"):
        services.proposal_submit(proposal=proposal, by=staff)


# ---------------------------------------------------------------- co-signing


def test_enough_cosigners_send_the_proposal_to_the_committee(staff, delegate, congress, other_delegates):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    services.proposal_cosign(proposal=proposal, by=other_delegates[0][0])
    proposal.refresh_from_db()
    assert proposal.status == Status.COSIGNING
    services.proposal_cosign(proposal=proposal, by=other_delegates[1][0])
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    assert proposal.cosignatures.count() == 2


def test_nobody_cosigns_their_own_proposal(staff, delegate, congress):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    with pytest.raises(ValidationError, match="自己的提案"):
        services.proposal_cosign(proposal=proposal, by=staff)


def test_nobody_cosigns_twice(staff, delegate, congress, other_delegates):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    services.proposal_cosign(proposal=proposal, by=other_delegates[0][0])
    with pytest.raises(ValidationError, match="已经附议"):
        services.proposal_cosign(proposal=proposal, by=other_delegates[0][0])
    assert Cosignature.objects.count() == 1


def test_a_non_delegate_cannot_cosign(staff, delegate, congress, world):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    with pytest.raises(PermissionDenied):
        services.proposal_cosign(proposal=proposal, by=world.users["officer"])


def test_a_draft_cannot_be_cosigned(staff, delegate, congress, other_delegates):
    with pytest.raises(ValidationError, match="不能附议"):
        services.proposal_cosign(proposal=_draft(congress, staff), by=other_delegates[0][0])


def test_the_database_refuses_a_duplicate_cosignature(staff, delegate, congress, other_delegates):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    other = other_delegates[0][1]
    Cosignature.objects.create(proposal=proposal, delegate=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        Cosignature.objects.create(proposal=proposal, delegate=other)


# ---------------------------------------------------------------- review


def test_review_waits_for_enough_cosigners(staff, delegate, congress, committee, world):
    proposal = services.proposal_submit(proposal=_draft(congress, staff), by=staff)
    with pytest.raises(ValidationError, match="附议人数不足"):
        services.proposal_accept(proposal=proposal, by=committee, lead_unit=world.handler_unit)


def test_acceptance_numbers_assigns_and_notifies_handlers(
    staff, delegate, congress, other_delegates, committee, world, handler_user, django_capture_on_commit_callbacks
):
    handler_user.email = "houqin@example.edu.cn"
    handler_user.save()
    proposal = _submitted(congress, staff, other_delegates)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_accept(
            proposal=proposal, by=committee, lead_unit=world.handler_unit, helper_units=[world.unit_b]
        )
    assert proposal.status == Status.ACCEPTED
    assert proposal.number == f"{congress.year}-001"
    assert proposal.due_on == timezone.localdate() + timedelta(days=congress.answer_days)
    roles = dict(proposal.assignments.values_list("unit__name", "role"))
    assert roles == {"后勤管理处": Assignment.Role.LEAD, "人力资源处": Assignment.Role.HELPER}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["houqin@example.edu.cn"]
    assert "提案交办" in mail.outbox[0].subject


def test_numbers_follow_on_within_the_year(staff, delegate, congress, other_delegates, committee, world):
    accepted_proposal(congress=congress, seq=7)
    proposal = services.proposal_accept(
        proposal=_submitted(congress, staff, other_delegates), by=committee, lead_unit=world.handler_unit
    )
    assert proposal.number == f"{congress.year}-008"


def test_a_due_date_in_the_past_is_refused(staff, delegate, congress, other_delegates, committee, world):
    proposal = _submitted(congress, staff, other_delegates)
    with pytest.raises(ValidationError) as caught:
        services.proposal_accept(
            proposal=proposal,
            by=committee,
            lead_unit=world.handler_unit,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    assert "due_on" in caught.value.message_dict
    assert not Assignment.objects.exists()


def test_not_accepting_needs_a_reason(staff, delegate, congress, other_delegates, committee):
    proposal = _submitted(congress, staff, other_delegates)
    with pytest.raises(ValidationError, match="说明理由"):
        services.proposal_reject(proposal=proposal, by=committee, reason="  ")
    proposal = services.proposal_reject(proposal=proposal, by=committee, reason="属于个人诉求，不属于提案范围。")
    assert proposal.status == Status.NOT_ACCEPTED
    assert proposal.number == ""


def test_turning_into_a_suggestion(staff, delegate, congress, other_delegates, committee):
    proposal = services.proposal_to_suggestion(
        proposal=_submitted(congress, staff, other_delegates), by=committee, reason=""
    )
    assert proposal.status == Status.SUGGESTION


def test_merging_into_another_proposal(staff, delegate, congress, other_delegates, committee):
    target = accepted_proposal(congress=congress)
    proposal = services.proposal_merge(proposal=_submitted(congress, staff, other_delegates), into=target, by=committee)
    assert proposal.status == Status.MERGED
    assert proposal.merged_into == target


def test_merging_into_itself_or_another_congress_is_refused(staff, delegate, congress, other_delegates, committee):
    proposal = _submitted(congress, staff, other_delegates)
    with pytest.raises(ValidationError, match="它自己"):
        services.proposal_merge(proposal=proposal, into=proposal, by=committee)
    elsewhere = accepted_proposal(congress=CongressFactory())
    with pytest.raises(ValidationError, match="同一次大会"):
        services.proposal_merge(proposal=proposal, into=elsewhere, by=committee)


def test_a_decided_proposal_cannot_be_reviewed_again(staff, delegate, congress, other_delegates, committee, world):
    proposal = services.proposal_reject(
        proposal=_submitted(congress, staff, other_delegates), by=committee, reason="理由"
    )
    with pytest.raises(ValidationError, match="已经审查过"):
        services.proposal_accept(proposal=proposal, by=committee, lead_unit=world.handler_unit)


def test_the_database_refuses_an_accepted_proposal_without_a_number(congress):
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalFactory(congress=congress, status=Status.ACCEPTED)


# ---------------------------------------------------------------- answers and ratings


@pytest.fixture
def assigned(world, delegate, congress):
    """An accepted proposal by the staff user, led by the handler's unit with 人力资源处 helping."""
    proposal = accepted_proposal(congress=congress, proposer=delegate, lead_unit=world.handler_unit)
    Assignment.objects.create(proposal=proposal, unit=world.unit_b, role=Assignment.Role.HELPER)
    return proposal


def test_the_lead_department_answers_and_the_proposer_is_told(
    assigned, handler_user, staff, django_capture_on_commit_callbacks
):
    staff.email = "zhangsan@example.edu.cn"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.answer_submit(
            proposal=assigned, by=handler_user, result=Proposal.Result.IN_PROGRESS, text="已列入暑期维修。"
        )
    assigned.refresh_from_db()
    assert answer.is_lead
    assert assigned.status == Status.ANSWERED
    assert assigned.result == Proposal.Result.IN_PROGRESS
    assert [m.to for m in mail.outbox] == [["zhangsan@example.edu.cn"]]
    assert "提案答复" in mail.outbox[0].subject


def test_a_helper_answer_does_not_close_the_round(assigned, world):
    helper = UserFactory(username="hr-handler", role=Role.HANDLER, unit=world.unit_b, member__unit=world.unit_b)
    answer = services.answer_submit(proposal=assigned, by=helper, result=Proposal.Result.PLANNED, text="配合办理。")
    assigned.refresh_from_db()
    assert not answer.is_lead
    assert assigned.status == Status.ACCEPTED


def test_an_answer_from_a_unit_not_assigned_is_refused(assigned, world):
    stranger = UserFactory(
        username="other-handler", role=Role.HANDLER, unit=UnitFactory(name="保卫处"), member__unit=world.unit_b
    )
    with pytest.raises(PermissionDenied):
        services.answer_submit(proposal=assigned, by=stranger, result=Proposal.Result.SOLVED, text="已解决")
    assert not Answer.objects.exists()


def test_cannot_be_solved_needs_a_reason(assigned, handler_user):
    with pytest.raises(ValidationError) as caught:
        services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.CANNOT, text="暂不能解决")
    assert "reason" in caught.value.message_dict


def test_an_empty_answer_is_refused(assigned, handler_user):
    with pytest.raises(ValidationError) as caught:
        services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.SOLVED, text=" ")
    assert "text" in caught.value.message_dict


def test_the_lead_cannot_answer_twice_before_the_rating(assigned, handler_user):
    services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.SOLVED, text="已解决。")
    with pytest.raises(ValidationError, match="等待提案人评价"):
        services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.SOLVED, text="再答")


def test_a_satisfied_rating_closes_the_proposal(assigned, handler_user, staff):
    services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.SOLVED, text="已解决。")
    answer = services.proposal_rate(proposal=assigned, by=staff, rating=Proposal.Satisfaction.SATISFIED)
    assigned.refresh_from_db()
    assert answer.rating == Proposal.Satisfaction.SATISFIED
    assert assigned.status == Status.CLOSED
    assert assigned.satisfaction == Proposal.Satisfaction.SATISFIED


def test_unsatisfied_sends_it_back_and_the_loop_is_kept(
    assigned, handler_user, staff, django_capture_on_commit_callbacks
):
    handler_user.email = "houqin@example.edu.cn"
    handler_user.save()
    services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.PLANNED, text="列入明年计划。")
    with pytest.raises(ValidationError) as caught:
        services.proposal_rate(proposal=assigned, by=staff, rating=Proposal.Satisfaction.UNSATISFIED, comment="")
    assert "comment" in caught.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_rate(
            proposal=assigned, by=staff, rating=Proposal.Satisfaction.UNSATISFIED, comment="明年太晚了。"
        )
    assigned.refresh_from_db()
    assert assigned.status == Status.ACCEPTED
    assert mail.outbox[-1].to == ["houqin@example.edu.cn"]
    assert "退回" in mail.outbox[-1].subject
    services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.SOLVED, text="已提前完成。")
    services.proposal_rate(proposal=assigned, by=staff, rating=Proposal.Satisfaction.BASICALLY)
    assigned.refresh_from_db()
    assert assigned.status == Status.CLOSED
    ratings = list(assigned.answers.order_by("answered_at").values_list("rating", "rating_comment"))
    assert ratings == [("unsatisfied", "明年太晚了。"), ("basically_satisfied", "")]
    statuses = [h.status for h in assigned.history.order_by("history_date")]
    assert statuses[-4:] == ["answered", "accepted", "answered", "closed"]


def test_only_the_proposer_rates(assigned, handler_user, other_delegates):
    services.answer_submit(proposal=assigned, by=handler_user, result=Proposal.Result.SOLVED, text="已解决。")
    with pytest.raises(PermissionDenied):
        services.proposal_rate(proposal=assigned, by=other_delegates[0][0], rating=Proposal.Satisfaction.SATISFIED)


def test_rating_before_an_answer_is_refused(assigned, staff):
    with pytest.raises(ValidationError, match="没有待评价"):
        services.proposal_rate(proposal=assigned, by=staff, rating=Proposal.Satisfaction.SATISFIED)


# ---------------------------------------------------------------- overdue reminders and delegates


def test_overdue_reminders_go_to_the_committee_once_a_day(world, congress, committee):
    committee.email = "tian@example.edu.cn"
    committee.save()
    overdue = accepted_proposal(congress=congress, lead_unit=world.handler_unit)
    Proposal.objects.filter(pk=overdue.pk).update(due_on=timezone.localdate() - timedelta(days=3))
    accepted_proposal(congress=congress, lead_unit=world.handler_unit)  # not yet due
    assert services.proposals_notify_overdue() == 1
    assert len(mail.outbox) == 1
    assert "tian@example.edu.cn" in mail.outbox[0].to
    assert overdue.title in mail.outbox[0].body
    assert services.proposals_notify_overdue() == 0
    assert len(mail.outbox) == 1


def test_the_overdue_task_runs_on_a_real_worker(celery_worker, world):
    from apps.proposals.tasks import notify_overdue

    congress = CongressFactory()
    committee_user = UserFactory(username="committee2", role=Role.COMMITTEE, email="c2@example.edu.cn")
    proposal = accepted_proposal(congress=congress)
    Proposal.objects.filter(pk=proposal.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    assert notify_overdue.delay().get(timeout=30) == 1
    assert committee_user.email in mail.outbox[0].to


def test_adding_a_delegate_twice_moves_them_between_delegations(congress, world, committee):
    first = services.delegate_add(congress=congress, member=world.member_b, delegation_name="机关代表团", by=committee)
    second = services.delegate_add(congress=congress, member=world.member_b, delegation_name="后勤代表团", by=committee)
    assert first.pk == second.pk
    assert Delegate.objects.get(pk=first.pk).delegation.name == "后勤代表团"


def test_a_delegate_with_proposals_cannot_be_removed(assigned, delegate, committee):
    with pytest.raises(ValidationError, match="不能移除"):
        services.delegate_remove(delegate=delegate, by=committee)
