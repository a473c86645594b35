from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from apps.activities import services
from apps.activities.models import Activity, ActivityFile, SignUp
from tests.activities.factories import ActivityFactory, PlanItemFactory, SignUpFactory, category

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def _new_activity(**changes) -> Activity:
    start = timezone.now() + timedelta(days=10)
    fields = {
        "title": "读书分享会",
        "category": category("文化教育类"),
        "start": start,
        "end": start + timedelta(hours=2),
        "year": 0,
    }
    fields.update(changes)
    return Activity(**fields)


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# ---- saving activities ----


def test_activity_save_takes_the_year_of_its_plan_item(world, officer):
    item = PlanItemFactory(year=2020, title="2021年年会")
    activity = _new_activity(plan_item=item, start=timezone.now(), end=timezone.now())
    activity = services.activity_save(activity=activity, host_units=[world.unit_a], by=officer)
    assert activity.year == 2020
    assert list(activity.host_units.all()) == [world.unit_a]
    assert activity.created_by == officer
    assert activity.history.first().history_user == officer


def test_activity_save_refuses_an_end_before_the_start(officer):
    activity = _new_activity()
    activity.end = activity.start - timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        services.activity_save(activity=activity, host_units=[], by=officer)
    assert "结束时间不能早于开始时间" in _messages(error.value)
    assert not Activity.objects.exists()


@pytest.mark.parametrize("field", ["budget", "cost"])
def test_activity_save_refuses_negative_money(officer, field):
    with pytest.raises(ValidationError) as error:
        services.activity_save(activity=_new_activity(**{field: Decimal("-1.00")}), host_units=[], by=officer)
    assert field in error.value.error_dict
    assert "不能为负数" in _messages(error.value)


def test_capacity_cannot_fall_below_the_confirmed_sign_ups(officer):
    activity = ActivityFactory(capacity=5)
    SignUpFactory.create_batch(3, activity=activity)
    activity.capacity = 2
    with pytest.raises(ValidationError) as error:
        services.activity_save(activity=activity, host_units=[], by=officer)
    assert "名额不能少于已报名成功的人数（3 人）" in _messages(error.value)
    activity.refresh_from_db()
    assert activity.capacity == 5


def test_raising_the_capacity_promotes_the_waiting_list(officer):
    activity = ActivityFactory(capacity=1)
    SignUpFactory(activity=activity)
    waiting = SignUpFactory(activity=activity, status=SignUp.Status.WAITLISTED)
    activity.capacity = 2
    services.activity_save(activity=activity, host_units=[], by=officer)
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.CONFIRMED


def test_editing_never_changes_the_status(officer):
    activity = ActivityFactory()
    activity.status = Activity.Status.HELD
    services.activity_save(activity=activity, host_units=[], by=officer)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


# ---- status ----


@pytest.mark.parametrize("status", ["postponed", "cancelled"])
def test_postponing_or_cancelling_needs_a_reason(officer, status):
    activity = ActivityFactory()
    with pytest.raises(ValidationError) as error:
        services.activity_change_status(activity=activity, status=status, reason="  ", by=officer)
    assert "必须填写原因" in _messages(error.value)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


def test_postponing_with_a_reason_keeps_the_reason(officer):
    activity = ActivityFactory()
    services.activity_change_status(activity=activity, status="postponed", reason="因疫情防控要求延期", by=officer)
    activity.refresh_from_db()
    assert (activity.status, activity.status_reason) == ("postponed", "因疫情防控要求延期")


@pytest.mark.parametrize(
    ("start", "new"),
    [("held", "planned"), ("held", "cancelled"), ("cancelled", "planned"), ("cancelled", "held")],
)
def test_final_statuses_cannot_change(officer, start, new):
    activity = ActivityFactory(
        status=start, status_reason="原因" if start == "cancelled" else "", start=timezone.now() - timedelta(days=3)
    )
    with pytest.raises(ValidationError) as error:
        services.activity_change_status(activity=activity, status=new, reason="原因", by=officer)
    assert "不能把" in _messages(error.value)


def test_an_activity_cannot_be_held_before_it_starts(officer):
    with pytest.raises(ValidationError) as error:
        services.activity_change_status(activity=ActivityFactory(), status="held", by=officer)
    assert "尚未开始" in _messages(error.value)


def test_cancelling_cancels_every_sign_up(officer):
    activity = ActivityFactory()
    SignUpFactory.create_batch(2, activity=activity)
    services.activity_change_status(activity=activity, status="cancelled", reason="场地冲突", by=officer)
    assert set(activity.signups.values_list("status", flat=True)) == {SignUp.Status.CANCELLED}


def test_the_database_refuses_a_postponement_without_a_reason():
    activity = ActivityFactory()
    activity.status = Activity.Status.POSTPONED
    with pytest.raises(ValidationError):
        activity.full_clean()


# ---- sign-ups and the waiting list ----


def test_a_member_signs_up(world, staff):
    activity = ActivityFactory(capacity=10)
    signup = services.signup_create(activity=activity, member=world.member_a, by=staff)
    assert signup.status == SignUp.Status.CONFIRMED


def test_a_user_without_a_member_cannot_sign_up(staff):
    with pytest.raises(ValidationError) as error:
        services.signup_create(activity=ActivityFactory(), member=None, by=staff)
    assert "没有关联会员" in _messages(error.value)


def test_signing_up_twice_is_refused(world):
    activity = ActivityFactory()
    services.signup_create(activity=activity, member=world.member_a)
    with pytest.raises(ValidationError) as error:
        services.signup_create(activity=activity, member=world.member_a)
    assert "不能重复报名" in _messages(error.value)
    assert activity.signups.count() == 1


def test_signing_up_after_the_deadline_is_refused(world):
    activity = ActivityFactory(signup_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        services.signup_create(activity=activity, member=world.member_a)
    assert "截止" in _messages(error.value)


def test_signing_up_to_a_cancelled_activity_is_refused(world):
    activity = ActivityFactory(status="cancelled", status_reason="天气原因")
    with pytest.raises(ValidationError) as error:
        services.signup_create(activity=activity, member=world.member_a)
    assert "活动已取消" in _messages(error.value)


def test_signing_up_to_an_unpublished_activity_is_refused(world):
    with pytest.raises(ValidationError):
        services.signup_create(activity=ActivityFactory(is_published=False), member=world.member_a)


def test_signing_up_when_full_without_a_waiting_list_is_refused(world):
    activity = ActivityFactory(capacity=1, waitlist_enabled=False)
    SignUpFactory(activity=activity)
    with pytest.raises(ValidationError) as error:
        services.signup_create(activity=activity, member=world.member_a)
    assert "报名人数已满（1 人）" in _messages(error.value)


def test_signing_up_when_full_joins_the_waiting_list_in_order(world):
    activity = ActivityFactory(capacity=1)
    SignUpFactory(activity=activity)
    first = services.signup_create(activity=activity, member=world.member_a)
    second = services.signup_create(activity=activity, member=world.member_b)
    assert (first.status, second.status) == (SignUp.Status.WAITLISTED, SignUp.Status.WAITLISTED)
    assert services.waiting_position(first) == 1
    assert services.waiting_position(second) == 2


def test_a_cancellation_promotes_the_first_on_the_waiting_list(world):
    activity = ActivityFactory(capacity=1)
    taken = SignUpFactory(activity=activity)
    first = services.signup_create(activity=activity, member=world.member_a)
    second = services.signup_create(activity=activity, member=world.member_b)
    promoted = services.signup_cancel(signup=taken)
    assert [signup.pk for signup in promoted] == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == SignUp.Status.CONFIRMED
    assert second.status == SignUp.Status.WAITLISTED
    assert services.waiting_position(second) == 1


def test_a_waiting_cancellation_promotes_nobody(world):
    activity = ActivityFactory(capacity=1)
    SignUpFactory(activity=activity)
    waiting = services.signup_create(activity=activity, member=world.member_a)
    assert services.signup_cancel(signup=waiting) == []


def test_a_member_may_sign_up_again_after_cancelling(world):
    activity = ActivityFactory()
    signup = services.signup_create(activity=activity, member=world.member_a)
    services.signup_cancel(signup=signup)
    again = services.signup_create(activity=activity, member=world.member_a)
    assert again.status == SignUp.Status.CONFIRMED


def test_cancelling_after_the_deadline_is_refused(world):
    activity = ActivityFactory()
    signup = SignUpFactory(activity=activity, member=world.member_a)
    Activity.objects.filter(pk=activity.pk).update(signup_deadline=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        services.signup_cancel(signup=signup)
    assert "不能取消报名" in _messages(error.value)
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED


def test_cancelling_twice_is_refused(world):
    signup = SignUpFactory(member=world.member_a)
    services.signup_cancel(signup=signup)
    with pytest.raises(ValidationError):
        services.signup_cancel(signup=signup)


# ---- attendance ----


def _past_activity(**changes) -> Activity:
    start = timezone.now() - timedelta(days=2)
    return ActivityFactory(start=start, signup_deadline=start - timedelta(days=1), **changes)


def test_attendance_sets_the_actual_participants(officer):
    activity = _past_activity()
    came, absent = SignUpFactory.create_batch(2, activity=activity)
    SignUpFactory(activity=activity, status=SignUp.Status.WAITLISTED)
    services.attendance_record(activity=activity, attended_ids=[came.pk], by=officer)
    activity.refresh_from_db()
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (activity.actual_participants, activity.attendance_recorded) == (1, True)
    assert (came.attended, absent.attended) == (True, False)


def test_attendance_only_for_confirmed_sign_ups(officer):
    activity = _past_activity()
    waiting = SignUpFactory(activity=activity, status=SignUp.Status.WAITLISTED)
    with pytest.raises(ValidationError):
        services.attendance_record(activity=activity, attended_ids=[waiting.pk], by=officer)


def test_attendance_before_the_start_is_refused(officer):
    with pytest.raises(ValidationError) as error:
        services.attendance_record(activity=ActivityFactory(), attended_ids=[], by=officer)
    assert "尚未开始" in _messages(error.value)


def test_attendance_of_a_cancelled_activity_is_refused(officer):
    with pytest.raises(ValidationError):
        services.attendance_record(
            activity=_past_activity(status="cancelled", status_reason="下雨"), attended_ids=[], by=officer
        )


# ---- files ----


def test_a_photo_is_stored_with_its_name_and_kind(officer):
    activity = ActivityFactory()
    attachment = services.activity_file_add(
        activity=activity, uploaded=SimpleUploadedFile("合影.png", PNG, "image/png"), by=officer
    )
    assert (attachment.kind, attachment.original_name, attachment.stored.size) == ("photo", "合影.png", len(PNG))
    stored = attachment.stored.file
    assert stored.storage.exists(stored.name)
    assert "合影" not in stored.name


def test_a_pdf_is_a_document(officer):
    attachment = services.activity_file_add(
        activity=ActivityFactory(), uploaded=SimpleUploadedFile("方案.pdf", PDF), by=officer
    )
    assert attachment.kind == ActivityFile.Kind.DOCUMENT


@override_settings(MAX_UPLOAD_SIZE=100)
def test_an_oversized_file_is_refused(officer):
    with pytest.raises(ValidationError) as error:
        services.activity_file_add(
            activity=ActivityFactory(), uploaded=SimpleUploadedFile("big.png", PNG + b"0" * 200), by=officer
        )
    assert "文件太大" in _messages(error.value)
    assert not ActivityFile.objects.exists()


def test_a_wrong_type_is_refused(officer):
    with pytest.raises(ValidationError) as error:
        services.activity_file_add(activity=ActivityFactory(), uploaded=SimpleUploadedFile("x.exe", b"MZ"), by=officer)
    assert "只能上传" in _messages(error.value)


def test_a_renamed_file_is_refused(officer):
    with pytest.raises(ValidationError) as error:
        services.activity_file_add(
            activity=ActivityFactory(), uploaded=SimpleUploadedFile("photo.jpg", b"MZ\x90\x00"), by=officer
        )
    assert "不符" in _messages(error.value)


def test_deleting_a_file_removes_it_from_storage(officer, django_capture_on_commit_callbacks):
    attachment = services.activity_file_add(
        activity=ActivityFactory(), uploaded=SimpleUploadedFile("a.png", PNG), by=officer
    )
    storage, name = attachment.stored.file.storage, attachment.stored.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_file_delete(attachment=attachment, by=officer)
    assert not storage.exists(name)


# ---- the plan ----


def test_a_plan_item_with_a_negative_budget_is_refused(officer):
    from apps.activities.models import PlanItem

    item = PlanItem(year=2021, title="春游", category=category("节日集体类"), budget=Decimal("-5"))
    with pytest.raises(ValidationError):
        services.plan_item_save(item=item, host_units=[], by=officer)


def test_a_plan_item_with_an_activity_cannot_be_deleted(officer):
    item = PlanItemFactory()
    ActivityFactory(plan_item=item)
    with pytest.raises(ValidationError):
        services.plan_item_delete(item=item, by=officer)
