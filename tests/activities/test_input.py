"""Bad input is explained on the right field and never breaks a page (issue 11 §4, §5, §11, §12)."""

import importlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from apps.activities import services
from apps.activities.models import Activity, PlanItem
from tests.activities.factories import ActivityFactory, PlanItemFactory, category
from tests.helpers import downloaded

pytestmark = pytest.mark.django_db


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


def _post_form(client, world, **changes):
    return client.post(reverse("activities:activity_create"), _form_data(world, **changes))


# ---- dates (§4) ----


@pytest.mark.parametrize("field", ["start", "end", "signup_deadline"])
@pytest.mark.parametrize("value", ["0001-01-01T00:00", "2101-01-01T00:00"])
def test_a_date_outside_1900_to_2100_is_explained_on_its_field(world, officer, client_for, field, value):
    changes = {field: value}
    if field == "start":
        changes["end"] = "2101-01-01T02:00" if value.startswith("2101") else "2020-01-01T10:00"
    response = _post_form(client_for(officer), world, **changes, description="我写的介绍")
    assert response.status_code == 200
    assert "日期须在 1900 年至 2100 年之间" in " ".join(response.context["form"].errors.get(field, []))
    assert "我写的介绍" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_date_inputs_say_their_range(world, officer, client_for):
    page = client_for(officer).get(reverse("activities:activity_create")).content.decode()
    assert 'min="1900-01-01T00:00"' in page and 'max="2100-12-31T23:59"' in page


def test_the_service_refuses_a_year_one_start(officer):
    start = timezone.now().replace(year=1, month=1, day=2)
    activity = Activity(title="x", category=category("文化教育类"), start=start, end=start, year=1)
    with pytest.raises(ValidationError) as error:
        services.activity_save(activity=activity, host_units=[], by=officer)
    assert "start" in error.value.error_dict


def test_the_database_refuses_a_year_one_start_too(world):
    activity = ActivityFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(start="0001-01-01T00:00+08:00")


def test_an_end_before_the_start_shows_on_the_end_field(world, officer, client_for):
    response = _post_form(client_for(officer), world, end="2020-01-01T08:00")
    assert response.context["form"].errors["end"] == ["结束时间不能早于开始时间。"]
    assert not response.context["form"].non_field_errors()


def test_a_deadline_after_the_end_shows_on_its_field(world, officer, client_for):
    response = _post_form(client_for(officer), world, signup_deadline="2100-01-01T08:00")
    assert "报名截止时间不能晚于活动结束时间" in response.context["form"].errors["signup_deadline"][0]


def test_a_plan_year_out_of_range_shows_on_the_year_field(officer, client_for):
    data = {"year": "1", "title": "迎新年", "category": category("文化教育类").pk}
    response = client_for(officer).post(reverse("activities:plan_item_create"), data)
    assert "年度应在 2000–2100 之间" in response.context["form"].errors["year"][0]
    assert not PlanItem.objects.exists()


def test_rows_saved_before_the_range_check_are_repaired_and_the_pages_open(world, officer, client_for):
    """The data migration's repair, run on a row the database accepted before the constraint existed."""
    migration = importlib.import_module("apps.activities.migrations.0004_dates_in_range")
    activity = ActivityFactory(organising_branch=world.branch_a)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the factory's deferred checks first, then the ALTER
        cursor.execute("ALTER TABLE activities_activity DROP CONSTRAINT activities_dates_in_range")
        cursor.execute(
            'UPDATE activities_activity SET start = %s, "end" = %s, year = 1 WHERE id = %s',
            ["0001-01-01 00:00+08", "0001-01-01 02:00+08", activity.pk],
        )
        cursor.execute(migration.REPAIR)
    activity.refresh_from_db()
    assert activity.start == activity.created_at and activity.end == activity.start
    assert activity.year == timezone.localtime(activity.created_at).year
    client = client_for(officer)
    for url in [reverse("activities:activity_list"), reverse("activities:plan"), activity.get_absolute_url()]:
        assert client.get(url).status_code == 200
    assert downloaded(client.get(reverse("activities:activity_list") + "?export=xlsx"))


# ---- query strings (§5) ----


@pytest.mark.parametrize(
    "query",
    [
        "?plan=" + "x" * 36,
        "?plan=" + "0" * 36,
        "?plan=%00",
        "?plan=" + "a" * 5000,
        "?plan=12345678-1234-1234-1234-1234567890123",
    ],
)
def test_a_bad_plan_parameter_shows_an_empty_form(officer, client_for, query):
    response = client_for(officer).get(reverse("activities:activity_create") + query)
    assert response.status_code == 200
    assert response.context["form"].initial.get("plan_item") is None


def test_a_plan_parameter_fills_the_form_from_the_plan_item(officer, client_for):
    item = PlanItemFactory(title="中秋节活动")
    response = client_for(officer).get(reverse("activities:activity_create") + f"?plan={item.uuid}")
    assert response.context["form"].initial["title"] == "中秋节活动"


@pytest.mark.parametrize("url", ["activities:plan", "activities:calendar", "activities:plan_item_create"])
def test_a_bad_year_opens_the_current_year(officer, client_for, url):
    client = client_for(officer)
    for query in ["?year=-1", "?year=0", "?year=99999999", "?year=2147483648", "?year=abc"]:
        response = client.get(reverse(url) + query)
        assert response.status_code == 200, query


def test_a_bad_month_or_page_is_ignored(officer, client_for):
    client = client_for(officer)
    for query in ["?month=0", "?month=13", "?month=-1", "?month=99999999999999", "?page=x", "?page=-5"]:
        assert client.get(reverse("activities:calendar") + query).status_code == 200, query
        assert client.get(reverse("activities:plan") + query).status_code == 200, query


# ---- lengths (§11) ----


def test_a_description_over_its_limit_is_refused_with_the_count(world, officer, client_for):
    response = _post_form(client_for(officer), world, description="长" * (Activity.DESCRIPTION_MAX_LENGTH + 1))
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_long_text_fields_carry_their_limit_for_the_live_count(world, officer, client_for):
    page = client_for(officer).get(reverse("activities:activity_create")).content.decode()
    assert f'maxlength="{Activity.DESCRIPTION_MAX_LENGTH}"' in page


def test_the_model_refuses_a_description_over_its_limit(officer):
    activity = ActivityFactory.build(description="长" * (Activity.DESCRIPTION_MAX_LENGTH + 1), year=2026)
    with pytest.raises(ValidationError) as error:
        services.activity_save(activity=activity, host_units=[], by=officer)
    assert "description" in error.value.error_dict


def test_a_status_reason_over_its_limit_is_refused(officer, client_for):
    activity = ActivityFactory()
    data = {"status": "postponed", "reason": "因" * (Activity.REASON_MAX_LENGTH + 1)}
    response = client_for(officer).post(reverse("activities:activity_status", args=[activity.uuid]), data)
    assert "reason" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


# ---- double submission (§12) ----


def test_a_double_click_on_create_makes_one_activity(world, officer, client_for):
    client = client_for(officer)
    page = client.get(reverse("activities:activity_create"))
    token = str(page.context["form"].initial["submission_token"])
    assert f'name="submission_token" value="{token}"' in page.content.decode()
    data = _form_data(world, submission_token=token)
    first = client.post(reverse("activities:activity_create"), data)
    second = client.post(reverse("activities:activity_create"), data)
    activity = Activity.objects.get()
    assert first.url == second.url == activity.get_absolute_url()


def test_a_refused_save_keeps_its_token_usable_for_the_corrected_form(world, officer, client_for):
    client = client_for(officer)
    token = str(client.get(reverse("activities:activity_create")).context["form"].initial["submission_token"])
    refused = _post_form(client, world, submission_token=token, end="2020-01-01T08:00", capacity="0")
    assert refused.status_code == 200 and not Activity.objects.exists()
    assert f'value="{token}"' in refused.content.decode()
    saved = _post_form(client, world, submission_token=token)
    assert saved.status_code == 302 and Activity.objects.count() == 1
