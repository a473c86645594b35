"""The dashboard's figures come from the real Redis cache, and are never stale after a committed write."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from apps.core.figures_cache import figures_changed
from apps.people.models import Unit
from apps.reports.selectors import _report_data, report_data
from tests.factories import MemberFactory, UnitFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries.captured_queries)


def test_the_second_reading_comes_from_the_cache():
    MemberFactory()
    first = _queries(lambda: report_data(year=YEAR))
    second = _queries(lambda: report_data(year=YEAR))
    assert first > 20 and second == 0
    assert report_data(year=YEAR) == _report_data(year=YEAR, strict=False)


def test_a_committed_write_shows_at_once(django_capture_on_commit_callbacks):
    report_data(year=YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        MemberFactory(joined_on=timezone.localdate())  # an ORM save: the signal moves the generation on
    assert report_data(year=YEAR) == _report_data(year=YEAR, strict=False)
    assert report_data(year=YEAR)["membership"]["current"]["members"] == 1


def test_a_bulk_write_that_says_so_shows_at_once(django_capture_on_commit_callbacks):
    before = report_data(year=YEAR)["membership"]["current"]["units"]
    with django_capture_on_commit_callbacks(execute=True):
        Unit.objects.bulk_create([Unit(name="批量新增的单位")])  # no signal
        figures_changed()
    assert report_data(year=YEAR)["membership"]["current"]["units"] == before + 1


def test_a_write_not_yet_committed_leaves_the_cached_figures_alone():
    UnitFactory()
    cached = report_data(year=YEAR)
    assert report_data(year=YEAR) == cached  # the factory's save waits for a commit that never comes here


def test_a_successful_write_request_moves_the_generation_on(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("officer1", role="officer"))
    report_data(year=YEAR)
    generation = cache.get("figures:generation")
    client.post(reverse("core:union_settings"), {"name": "缓存测试工会"})
    assert cache.get("figures:generation") == generation + 1


def test_the_dashboard_answers_when_the_cache_cannot_be_reached(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("leader1", role="leadership"))
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=unreachable):
        assert client.get(reverse("reports:dashboard")).status_code == 200
