"""Two versions of a year compared: the figures that changed (old → new) and the sentences of changed texts."""

from datetime import date

import pytest
from django.urls import reverse

from apps.activities.models import Activity
from apps.reports import compare, services
from apps.reports.models import ReportVersion
from tests.activities.factories import ActivityFactory
from tests.reports import year_fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(world, officer):
    year_fixture.build(world, officer)
    report = services.report_get_or_create(year=2020, by=officer)
    services.report_update(report=report, by=officer, problems="<p>经费不足。</p><p>场地紧张。</p>")
    first = services.version_request(report=report, by=officer, queue=False)
    ReportVersion.objects.filter(pk=first.pk).update(status=ReportVersion.Status.FAILED)
    ActivityFactory(title="冬季长跑", start=year_fixture._at(date(2020, 12, 5)), status=Activity.Status.HELD, year=2020)
    services.report_update(report=report, by=officer, problems="<p>经费不足。</p><p>活动场地仍然紧张。</p>")
    second = services.version_request(report=report, by=officer, queue=False)
    return first, second


def test_changed_figures_are_listed_old_to_new(two_versions):
    changes = compare.compare(*two_versions)["figures"]
    held = next(c for c in changes if c["label"] == "实际开展活动（项）")
    assert (held["area"], held["old"], held["new"]) == ("文体活动", "3", "4")
    assert all(c["old"] != c["new"] for c in changes)
    assert not any(c["label"] == "慰问人次" for c in changes)  # unchanged figures are not listed


def test_changed_sections_show_their_sentences_removed_and_added(two_versions):
    texts = compare.compare(*two_versions)["texts"]
    assert [t["label"] for t in texts] == ["存在的问题"]
    assert texts[0]["lines"] == [
        {"kind": "removed", "text": "场地紧张。"},
        {"kind": "added", "text": "活动场地仍然紧张。"},
    ]


def test_the_compare_page_defaults_to_the_two_newest_versions(two_versions, client_for, leader):
    response = client_for(leader).get(reverse("reports:version_compare", kwargs={"year": 2020}))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="changed-figures"' in content and "活动场地仍然紧张。" in content


def test_the_compare_page_ignores_bad_version_numbers(two_versions, client_for, leader):
    url = reverse("reports:version_compare", kwargs={"year": 2020})
    for query in ("?old=abc&new=999999999999999", "?old=2&new=2", "?old=-1"):
        assert client_for(leader).get(url + query).status_code == 200
