"""A staff member signs up in the browser; an officer sees the list and marks attendance."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.activities.models import Activity, SignUp
from tests.activities.factories import ActivityFactory, seed_categories
from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_staff_signs_up_and_an_officer_marks_attendance(page, world):
    seed_categories()
    now = timezone.now()
    activity = ActivityFactory(
        title="教职工健步走",
        start=now - timedelta(hours=1),
        end=now + timedelta(hours=3),
        signup_deadline=now + timedelta(hours=1),
        capacity=20,
        host_units=[world.unit_a, world.handler_unit],
        organising_branch=world.branch_a,
    )
    login(page, "staff")
    page.goto(page.base_url + "/activities/")
    page.click("[data-testid=open-activities] >> text=教职工健步走")
    screenshot(page, "activities-detail-before-signup")
    page.click("[data-testid=signup-button]")
    page.wait_for_selector("[data-testid=my-signup-status]")
    assert "报名成功" in page.locator("[data-testid=my-signup-status]").inner_text()
    assert SignUp.objects.get(activity=activity).member == world.member_a
    page.goto(page.base_url + "/activities/")
    assert "教职工健步走" in page.locator("[data-testid=my-signups]").inner_text()
    screenshot(page, "activities-index-staff")

    page.context.clear_cookies()
    login(page, "officer")
    page.goto(page.base_url + f"/activities/{activity.uuid}/signups/")
    assert "张三" in page.locator("[data-testid=signup-table]").inner_text()
    screenshot(page, "activities-signups")
    page.click("text=登记考勤")
    page.check("[data-testid=attendance-table] input[type=checkbox]")
    screenshot(page, "activities-attendance")
    page.click("[data-testid=save-attendance]")
    page.wait_for_selector("text=考勤已保存")
    activity.refresh_from_db()
    assert activity.actual_participants == 1
    assert activity.status == Activity.Status.PLANNED
    screenshot(page, "activities-detail-after-attendance")


def test_staff_cancel_a_sign_up_only_after_the_question(page, world):
    seed_categories()
    activity = ActivityFactory(title="教职工插花艺术培训", capacity=1)
    SignUp.objects.create(activity=activity, member=world.member_a)
    waiting = SignUp.objects.create(activity=activity, member=world.member_b, status=SignUp.Status.WAITLISTED)
    login(page, "staff")
    page.goto(page.base_url + activity.get_absolute_url())

    page.click("[data-testid=cancel-signup]")
    modal = page.locator("#confirm-modal")
    modal.wait_for(state="visible")
    assert "名额将让给候补名单第一位" in modal.inner_text()
    screenshot(page, "activities-cancel-question")
    modal.locator("[data-bs-dismiss=modal].btn-outline-secondary").click()  # the answer "no"
    modal.wait_for(state="hidden")
    assert SignUp.objects.get(pk=waiting.pk).status == SignUp.Status.WAITLISTED
    assert SignUp.objects.filter(member=world.member_a, status=SignUp.Status.CONFIRMED).exists()

    page.click("[data-testid=cancel-signup]")
    modal.wait_for(state="visible")
    modal.locator("[data-confirm-ok]").click()
    page.wait_for_selector("text=已取消报名")
    assert not SignUp.objects.filter(member=world.member_a).exclude(status=SignUp.Status.CANCELLED).exists()
    assert SignUp.objects.get(pk=waiting.pk).status == SignUp.Status.CONFIRMED


def test_an_officer_cancels_someone_elses_sign_up_after_the_question(page, world):
    seed_categories()
    activity = ActivityFactory(title="中秋节活动")
    signup = SignUp.objects.create(activity=activity, member=world.member_b)
    login(page, "officer")
    page.goto(page.base_url + f"/activities/{activity.uuid}/signups/")
    page.click("[data-testid=cancel-signup]")
    modal = page.locator("#confirm-modal")
    modal.wait_for(state="visible")
    assert "李四" in modal.inner_text()
    modal.locator("[data-confirm-ok]").click()
    page.wait_for_selector("text=已取消报名")
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CANCELLED
    assert page.url.endswith(f"/activities/{activity.uuid}/signups/")
