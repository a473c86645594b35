"""Overviews open on a year with figures: a union (or the demo) without this year's records sees its latest year."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from apps.core.params import overview_year

THIS_YEAR = timezone.localdate().year


def _year(query: str = "", *, years) -> int:
    return overview_year(RequestFactory().get("/" + query), years_with_records=years)


def test_this_year_when_it_has_records():
    assert _year(years={2020, THIS_YEAR}) == THIS_YEAR


def test_the_latest_year_with_records_when_this_year_has_none():
    assert _year(years={2020, 2021}) == 2021


def test_this_year_when_nothing_is_recorded_and_future_years_do_not_count():
    assert _year(years=set()) == THIS_YEAR
    assert _year(years={THIS_YEAR + 1}) == THIS_YEAR


@pytest.mark.parametrize("query", ["?year=-1", "?year=0", "?year=99999999", "?year=abc", f"?year={2**31}"])
def test_a_bad_year_is_ignored(query):
    assert _year(query, years={2021}) == 2021


def test_a_chosen_year_is_kept():
    assert _year("?year=2020", years={2021}) == 2020


@pytest.mark.django_db
def test_the_activity_plan_opens_on_the_latest_year_with_a_plan(client, django_user_model):
    from tests.activities.factories import PlanItemFactory

    PlanItemFactory(year=2021)
    client.force_login(django_user_model.objects.create_user("officer1", role="officer"))
    response = client.get(reverse("activities:plan"))
    assert response.status_code == 200 and response.context["year"] == 2021
