"""Issue 11 §1: with Redis down, queueing a job answers with a message on the page, never a 500, and leaves
the record failed, so the officer can confirm (or generate) again once Redis is back, or delete it.

The test's own Redis is stopped around the click and started again for the retry; the requests commit for
real (transaction=True), so the queueing runs where it does in production: after the commit.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.people.models import Member
from apps.reports.models import ReportVersion
from apps.welfare import services as welfare_services
from apps.welfare.models import Distribution
from tests.factories import UnitFactory

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

MESSAGE = "任务队列暂时不可用，请稍后重试"


@pytest.fixture
def large_distribution(world) -> Distribution:
    """A distribution big enough for the worker (more than BACKGROUND_THRESHOLD recipients), still a draft."""
    unit = UnitFactory(name="图书馆", branch=world.branch_b)
    count = welfare_services.BACKGROUND_THRESHOLD + 10
    Member.objects.bulk_create(
        Member(employee_no=f"Q{n:04d}", name=f"会员{n}", unit=unit, branch=world.branch_b, joined_on=date(2010, 1, 1))
        for n in range(count)
    )
    return welfare_services.distribution_create(
        title="端午节慰问",
        kind=Distribution.Kind.FESTIVAL,
        item="粽子",
        unit_value=Decimal("60"),
        distributed_on=date(2020, 6, 25),
        audience=Distribution.Audience.ALL_ACTIVE,
        by=world.users["officer"],
    )


def _confirm(client, distribution):
    return client.post(reverse("welfare:distribution_confirm", args=[distribution.uuid]), follow=True)


def test_confirming_with_redis_down_says_so_and_confirming_again_later_queues_it(
    own_redis, client_for, officer, large_distribution
):
    client = client_for(officer)
    own_redis.stop()
    response = _confirm(client, large_distribution)
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    large_distribution.refresh_from_db()
    assert large_distribution.status == Distribution.Status.FAILED
    assert MESSAGE in large_distribution.error
    assert 'data-testid="confirm-distribution"' in response.content.decode()  # the way out is on the page

    own_redis.start()
    response = _confirm(client, large_distribution)
    assert response.status_code == 200 and MESSAGE not in response.content.decode()
    large_distribution.refresh_from_db()
    assert large_distribution.status == Distribution.Status.QUEUED and large_distribution.error == ""
    assert own_redis.queue_length("bulk") == 1


def test_a_distribution_whose_queueing_failed_can_be_deleted(own_redis, client_for, officer, large_distribution):
    client = client_for(officer)
    own_redis.stop()
    page = _confirm(client, large_distribution).content.decode()
    assert 'data-testid="delete-failed-distribution"' in page
    response = client.post(reverse("welfare:distribution_delete", args=[large_distribution.uuid]))
    assert response.status_code == 302
    assert not Distribution.objects.filter(pk=large_distribution.pk).exists()


def test_generating_a_report_with_redis_down_says_so_and_retry_queues_it(own_redis, client_for, officer):
    client = client_for(officer)
    own_redis.stop()
    response = client.post(reverse("reports:version_generate", kwargs={"year": 2020}), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    version = ReportVersion.objects.get()
    assert version.status == ReportVersion.Status.FAILED
    assert reverse("reports:version_retry", args=[version.uuid]) in page

    own_redis.start()
    response = client.post(reverse("reports:version_retry", args=[version.uuid]), follow=True)
    assert response.status_code == 200 and MESSAGE not in response.content.decode()
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.QUEUED
    assert own_redis.queue_length("pdf") == 1
