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
