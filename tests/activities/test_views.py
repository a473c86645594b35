"""The pages: lists in bounded queries, bad input explained on the form, sign-up and attendance in the browser."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from apps.activities.models import Activity, SignUp
from tests.activities.factories import ActivityFactory, PlanItemFactory, SignUpFactory, category
from tests.factories import MemberFactory, UnitFactory, UserFactory
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db


def _many_activities(world, count=30):
    units = [world.unit_a, world.unit_b]
    for number in range(count):
        activity = ActivityFactory(
            organising_branch=world.branch_a, host_units=units, year=2020, is_notable=number % 3 == 0
        )
        SignUpFactory.create_batch(2, activity=activity, member__unit=world.unit_a)


# Exact query counts, the same at one size and at twice that: nothing per row, per branch or per sign-up.
LIST_QUERIES = 13  # session, user, the page's count and rows, host units, the page's sign-up counts, the filter bar


@pytest.mark.parametrize("count", [30, 60])
def test_the_activity_list_runs_the_same_queries_whatever_the_size(
    world, officer, client_for, django_assert_num_queries, count
):
    _many_activities(world, count)
    client = client_for(officer)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("activities:activity_list"))
    assert response.content.decode().count("电子与电气工程学院、人力资源处") == 25
    assert {(a.confirmed_count, a.waiting_count) for a in response.context["object_list"]} == {(2, 0)}


@pytest.mark.parametrize("count", [30, 60])
def test_the_list_filtered_by_branch_runs_the_same_queries_whatever_the_size(
    world, chair, client_for, django_assert_num_queries, count
):
    _many_activities(world, count)
    for _number in range(count // 3):
        ActivityFactory(organising_branch=world.branch_b, host_units=[world.unit_b])
    client = client_for(chair)
    with django_assert_num_queries(LIST_QUERIES + 1):  # the chosen branch, for the filter form
        response = client.get(reverse("activities:activity_list"), {"branch": world.branch_a.pk, "page": 2})
    assert all(a.organising_branch == world.branch_a for a in response.context["object_list"])


def test_the_list_counts_sign_ups_for_the_page_rows_only(world, officer, client_for):
    """No join of every sign-up with a distinct count before the LIMIT: the page's own rows, grouped."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _many_activities(world)
    client = client_for(officer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("activities:activity_list"))
    counting = [q["sql"] for q in queries if '"activities_signup"' in q["sql"]]
    assert len(counting) == 1
    assert "DISTINCT" not in counting[0] and '"activities_signup"."activity_id" IN' in counting[0]


def test_the_activity_export_holds_every_filtered_row(world, officer, client_for, django_assert_max_num_queries):
    _many_activities(world)
    client = client_for(officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("activities:activity_list") + "?year=2020&export=csv")
    lines = downloaded(response).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 31


def test_the_list_filters_by_host_unit_status_and_title(world, officer, client_for):
    ActivityFactory(title="中秋节活动", host_units=[world.unit_a], status="held", start=timezone.now() - timedelta(1))
    ActivityFactory(title="重阳节登高", host_units=[world.unit_b])
    client = client_for(officer)
    page = client.get(reverse("activities:activity_list"), {"host_unit": world.unit_a.pk, "status": "held"})
    assert list(page.context["object_list"].values_list("title", flat=True)) == ["中秋节活动"]
    page = client.get(reverse("activities:activity_list"), {"q": "重阳"})
    assert [a.title for a in page.context["object_list"]] == ["重阳节登高"]


@pytest.mark.parametrize("count", [60, 120])
def test_the_plan_page_runs_the_same_queries_whatever_the_size(
    world, officer, client_for, django_assert_num_queries, count
):
    for number in range(count):
        item = PlanItemFactory(year=2020, host_units=[world.unit_a, world.unit_b])
        if number % 2:
            ActivityFactory(plan_item=item, year=2020, host_units=[world.unit_a], organising_branch=world.branch_a)
    client = client_for(officer)
    with django_assert_num_queries(18):
        response = client.get(reverse("activities:plan") + "?year=2020")
    assert response.context["comparison"]["total"]["planned"] == count
    assert len(response.context["page_obj"]) == 50


def _crowded_activity(count=300, **fields) -> Activity:
    activity = ActivityFactory(**fields)
    SignUpFactory.create_batch(count, activity=activity)
    return activity


def test_the_signup_list_of_300_is_paginated_under_100_kb(world, officer, client_for, django_assert_num_queries):
    activity = _crowded_activity()
    client = client_for(officer)
    url = reverse("activities:activity_signups", args=[activity.uuid])
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.content) < 100_000
    assert response.content.decode().count('data-testid="cancel-signup"') == 50
    last = client.get(url + "?page=6")
    assert last.content.decode().count('data-testid="cancel-signup"') == 50
    assert ">300<" in last.content.decode()  # the row numbers go on across pages


def test_the_attendance_page_of_300_is_paginated_under_100_kb(world, officer, client_for, django_assert_num_queries):
    activity = _crowded_activity(start=timezone.now() - timedelta(hours=1), signup_deadline=None)
    client = client_for(officer)
    with django_assert_num_queries(10):
        response = client.get(reverse("activities:activity_attendance", args=[activity.uuid]))
    assert len(response.content) < 100_000
    assert response.content.decode().count('name="attended"') == 50


def test_attendance_saved_on_one_page_keeps_the_other_pages_marks(world, officer, client_for):
    activity = _crowded_activity(60, start=timezone.now() - timedelta(hours=1), signup_deadline=None)
    signups = list(activity.signups.order_by("created_at", "pk"))
    activity.signups.filter(pk__in=[s.pk for s in signups[50:]]).update(attended=True)  # page 2, marked before
    page_one = [str(s.pk) for s in signups[:50]]
    response = client_for(officer).post(
        reverse("activities:activity_attendance", args=[activity.uuid]) + "?page=1",
        {"shown": page_one, "attended": page_one[:5]},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.actual_participants == 5 + 10
    assert activity.signups.filter(attended=False).count() == 45


@pytest.mark.parametrize("count", [30, 60])
def test_the_index_calendar_and_detail_run_the_same_queries_whatever_the_size(
    world, staff, officer, client_for, django_assert_num_queries, count
):
    _many_activities(world, count)
    client = client_for(staff)
    with django_assert_num_queries(10):  # the open ones (20 shown) with their counts, my sign-ups
        assert client.get(reverse("activities:index")).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(reverse("activities:calendar")).status_code == 200
    crowded = Activity.objects.first()
    SignUpFactory.create_batch(count, activity=crowded)
    client = client_for(officer)
    with django_assert_num_queries(12):  # with its history for the officer
        assert client.get(crowded.get_absolute_url()).status_code == 200


def _form_data(world, **changes) -> dict:
    start = timezone.localtime() + timedelta(days=10)
    data = {
        "title": "读书分享会",
        "category": category("文化教育类").pk,
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "offline",
        "host_units": [world.unit_a.pk],
        "organising_branch": world.branch_a.pk,
        "is_published": "on",
        "waitlist_enabled": "on",
    }
    data.update(changes)
    return data


def test_an_officer_creates_an_activity(world, officer, client_for):
    response = client_for(officer).post(reverse("activities:activity_create"), _form_data(world))
    activity = Activity.objects.get()
    assert response.status_code == 302 and response.url == activity.get_absolute_url()
    assert activity.year == timezone.localtime(activity.start).year


def test_an_end_before_the_start_is_explained_and_keeps_what_was_typed(world, officer, client_for):
    data = _form_data(world, end="2020-01-01T08:00", description="我写了很长的介绍")
    response = client_for(officer).post(reverse("activities:activity_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "结束时间不能早于开始时间" in page
    assert "我写了很长的介绍" in page
    assert not Activity.objects.exists()


def test_a_negative_budget_is_explained(world, officer, client_for):
    response = client_for(officer).post(reverse("activities:activity_create"), _form_data(world, budget="-10"))
    assert response.status_code == 200
    assert "预算不能为负数" in response.content.decode()


def test_capacity_below_sign_ups_is_explained_on_the_edit_form(world, officer, client_for):
    activity = ActivityFactory(capacity=5, organising_branch=world.branch_a)
    SignUpFactory.create_batch(3, activity=activity)
    data = _form_data(world, capacity="2")
    response = client_for(officer).post(reverse("activities:activity_edit", args=[activity.uuid]), data)
    assert response.status_code == 200
    assert "名额不能少于已报名成功的人数" in response.content.decode()


def test_a_branch_chair_can_only_organise_for_their_branch(world, chair, client_for):
    response = client_for(chair).post(
        reverse("activities:activity_create"), _form_data(world, organising_branch=world.branch_b.pk)
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()
    client_for(chair).post(reverse("activities:activity_create"), _form_data(world))
    assert Activity.objects.get().organising_branch == world.branch_a


def test_postponing_without_a_reason_is_explained(world, officer, client_for):
    activity = ActivityFactory()
    response = client_for(officer).post(
        reverse("activities:activity_status", args=[activity.uuid]), {"status": "postponed"}
    )
    assert response.status_code == 200
    assert "必须填写原因" in response.content.decode()


def test_a_forbidden_status_change_is_explained(world, officer, client_for):
    activity = ActivityFactory(status="held", start=timezone.now() - timedelta(days=2))
    response = client_for(officer).post(
        reverse("activities:activity_status", args=[activity.uuid]), {"status": "cancelled", "reason": "x"}
    )
    assert "不能把“已举办”的活动改为这个状态" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "held"


def test_staff_sign_up_and_cancel_in_the_browser(world, staff, client_for):
    activity = ActivityFactory(capacity=1)
    client = client_for(staff)
    response = client.post(reverse("activities:activity_signup", args=[activity.uuid]), follow=True)
    assert "报名成功" in response.content.decode()
    signup = SignUp.objects.get(member=world.member_a)
    response = client.post(reverse("activities:signup_cancel", args=[signup.uuid]), follow=True)
    assert "已取消报名" in response.content.decode()


def test_signing_up_twice_shows_a_message(world, staff, client_for):
    activity = ActivityFactory()
    client = client_for(staff)
    client.post(reverse("activities:activity_signup", args=[activity.uuid]))
    response = client.post(reverse("activities:activity_signup", args=[activity.uuid]), follow=True)
    assert "不能重复报名" in response.content.decode()


def test_a_full_activity_puts_staff_on_the_waiting_list(world, staff, client_for):
    activity = ActivityFactory(capacity=1)
    SignUpFactory(activity=activity)
    response = client_for(staff).post(reverse("activities:activity_signup", args=[activity.uuid]), follow=True)
    assert "候补名单第 1 位" in response.content.decode()


def test_a_user_without_a_member_is_told_why_they_cannot_sign_up(world, client_for):
    user = UserFactory(username="nomember", member=None)
    activity = ActivityFactory()
    response = client_for(user).post(reverse("activities:activity_signup", args=[activity.uuid]), follow=True)
    assert "没有关联会员" in response.content.decode()
    assert not SignUp.objects.exists()


def test_an_officer_records_attendance(world, officer, client_for):
    activity = ActivityFactory(start=timezone.now() - timedelta(hours=1), signup_deadline=None)
    came, _absent = SignUpFactory.create_batch(2, activity=activity)
    response = client_for(officer).post(
        reverse("activities:activity_attendance", args=[activity.uuid]), {"attended": [str(came.pk)]}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.actual_participants == 1


@override_settings(MAX_UPLOAD_SIZE=50)
def test_an_oversized_upload_is_explained(world, officer, client_for):
    activity = ActivityFactory()
    upload = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    response = client_for(officer).post(
        reverse("activities:file_upload", args=[activity.uuid]), {"file": upload}, follow=True
    )
    assert "文件太大" in response.content.decode()
    assert not activity.files.exists()


def test_a_photo_is_streamed_only_to_those_who_may_see_it(world, officer, staff, client_for):
    activity = ActivityFactory(is_published=False, organising_branch=world.branch_b)
    png = b"\x89PNG\r\n\x1a\n" + b"1" * 20
    client = client_for(officer)
    client.post(reverse("activities:file_upload", args=[activity.uuid]), {"file": SimpleUploadedFile("a.png", png)})
    attachment = activity.files.get()
    response = client.get(reverse("activities:file_download", args=[attachment.uuid]))
    assert b"".join(response.streaming_content) == png
    assert client_for(staff).get(reverse("activities:file_download", args=[attachment.uuid])).status_code == 404
    assert client_for(None).get(reverse("activities:file_download", args=[attachment.uuid])).status_code == 302


def test_the_print_view_lists_confirmed_people(world, officer, client_for):
    activity = ActivityFactory()
    SignUpFactory(activity=activity, member=MemberFactory(name="王五", unit=UnitFactory(name="教务处")))
    SignUpFactory(activity=activity, member=MemberFactory(name="赵六"), status=SignUp.Status.WAITLISTED)
    page = client_for(officer).get(reverse("activities:activity_signups", args=[activity.uuid]) + "?print=1")
    content = page.content.decode()
    assert "王五" in content and "赵六" not in content


def test_a_category_is_added(world, officer, client_for):
    response = client_for(officer).post(reverse("activities:category_list"), {"name": "座谈会", "sort_order": 50})
    assert response.status_code == 302
    assert category("座谈会").sort_order == 50


def test_cancelling_never_redirects_to_another_site(world, staff, client_for):
    signup = SignUpFactory(member=world.member_a)
    response = client_for(staff).post(
        reverse("activities:signup_cancel", args=[signup.uuid]), {"next": "https://evil.example.com/"}
    )
    assert response.url == signup.activity.get_absolute_url()


def test_the_detail_page_offers_managing_only_to_who_may_manage(world, officer, chair, staff, client_for):
    activity = ActivityFactory(organising_branch=world.branch_a)
    other = ActivityFactory(organising_branch=world.branch_b)
    upload = reverse("activities:file_upload", args=[activity.uuid])
    assert upload in client_for(officer).get(activity.get_absolute_url()).content.decode()
    assert upload in client_for(chair).get(activity.get_absolute_url()).content.decode()
    assert upload not in client_for(staff).get(activity.get_absolute_url()).content.decode()
    page = client_for(chair).get(other.get_absolute_url()).content.decode()
    assert reverse("activities:activity_edit", args=[other.uuid]) not in page
    assert reverse("activities:activity_signups", args=[other.uuid]) not in page


def test_cancelling_from_the_second_page_of_the_list_returns_there(world, officer, client_for):
    activity = ActivityFactory()
    signups = SignUpFactory.create_batch(55, activity=activity)
    back = reverse("activities:activity_signups", args=[activity.uuid]) + "?page=2"
    response = client_for(officer).post(reverse("activities:signup_cancel", args=[signups[-1].uuid]), {"next": back})
    assert response.url == back
