"""Leases, one rule at a time: who may claim a running job, the sweeper, the heartbeat, the page's 重试."""

import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.core.jobs import Heartbeat
from apps.reports import services as report_services
from apps.reports.models import ReportVersion
from apps.welfare import services as welfare_services
from apps.welfare.models import Distribution

pytestmark = pytest.mark.django_db

PAST = timedelta(seconds=-5)
FUTURE = timedelta(seconds=60)


@pytest.fixture
def version(officer) -> ReportVersion:
    report = report_services.report_get_or_create(year=2020, by=officer)
    return report_services.version_request(report=report, by=officer, queue=False)


def _running(version, lease: timedelta, attempts: int = 1) -> None:
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportVersion.Status.RUNNING,
        attempts=attempts,
        started_at=timezone.now(),
        lease_until=timezone.now() + lease,
    )


def test_a_version_held_by_a_live_lease_is_left_alone(version):
    _running(version, FUTURE)
    assert report_services.version_render(version_id=version.pk) is None
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.RUNNING and version.attempts == 1


def test_a_version_whose_lease_expired_is_claimed_and_rendered(version):
    _running(version, PAST)
    done = report_services.version_render(version_id=version.pk)
    assert done.status == ReportVersion.Status.DONE and done.attempts == 2 and done.lease_until is None


def test_a_version_whose_worker_died_too_often_is_marked_failed(version, settings):
    _running(version, PAST, attempts=settings.JOB_MAX_ATTEMPTS)
    assert report_services.version_render(version_id=version.pk) is None
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.FAILED and "多次中断" in version.error
    assert not version.file


def test_the_sweeper_queues_expired_versions_only(version, own_redis, officer):
    _running(version, PAST)
    assert report_services.versions_requeue_expired() == 1
    assert own_redis.queue_length("pdf") == 1
    _running(version, FUTURE)
    assert report_services.versions_requeue_expired() == 0


def test_the_page_offers_retry_on_a_version_whose_lease_expired(
    version, client_for, officer, django_capture_on_commit_callbacks, own_redis
):
    _running(version, PAST)
    client = client_for(officer)
    page = client.get(reverse("reports:report_detail", kwargs={"year": 2020})).content.decode()
    assert 'data-testid="lease-expired"' in page
    assert reverse("reports:version_retry", args=[version.uuid]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:version_retry", args=[version.uuid]))
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.QUEUED and version.attempts == 0
    assert own_redis.queue_length("pdf") == 1


def test_a_version_running_under_a_live_lease_cannot_be_retried(version, officer):
    _running(version, FUTURE)
    with pytest.raises(ValidationError, match="只有失败或已中断"):
        report_services.version_retry(version=version, by=officer)


# ---------------------------------------------------------------- distributions


@pytest.fixture
def distribution(officer) -> Distribution:
    return welfare_services.distribution_create(
        title="重阳节慰问",
        kind=Distribution.Kind.FESTIVAL,
        item="重阳糕",
        unit_value=Decimal("50"),
        distributed_on=date(2020, 10, 25),
        audience=Distribution.Audience.ALL_ACTIVE,
        by=officer,
    )


def _distribution_running(distribution, lease: timedelta, attempts: int = 1) -> None:
    Distribution.objects.filter(pk=distribution.pk).update(
        status=Distribution.Status.RUNNING, attempts=attempts, lease_until=timezone.now() + lease
    )


def test_a_distribution_held_by_a_live_lease_is_left_alone(distribution, officer):
    _distribution_running(distribution, FUTURE)
    result = welfare_services.distribution_run(distribution=distribution, by=officer)
    assert result.status == Distribution.Status.RUNNING and not result.recipients.exists()


def test_a_distribution_whose_lease_expired_is_claimed_and_finished(distribution, officer):
    _distribution_running(distribution, PAST)
    result = welfare_services.distribution_run(distribution=distribution, by=officer)
    assert result.status == Distribution.Status.DONE and result.attempts == 2
    assert result.recipients.count() == result.progress_total > 0


def test_the_sweeper_queues_expired_distributions(distribution, own_redis):
    _distribution_running(distribution, PAST)
    assert welfare_services.distributions_requeue_expired() == 1
    assert own_redis.queue_length("bulk") == 1


def test_a_distribution_that_reached_members_cannot_be_deleted(distribution, officer):
    _distribution_running(distribution, PAST)
    welfare_services.distribution_run(distribution=distribution, by=officer)
    Distribution.objects.filter(pk=distribution.pk).update(status=Distribution.Status.FAILED)
    with pytest.raises(ValidationError, match="只能删除"):
        welfare_services.distribution_delete_draft(distribution=distribution, by=officer)


# ---------------------------------------------------------------- heartbeat


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_pushing_the_lease_forward_while_the_job_runs(version, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    settings.JOB_LEASE_SECONDS = 2
    _running(version, timedelta(seconds=1))
    first = ReportVersion.objects.get(pk=version.pk).lease_until
    with Heartbeat(ReportVersion, version.pk, attempts=1):
        time.sleep(0.6)
    renewed = ReportVersion.objects.get(pk=version.pk).lease_until
    assert renewed > first
    time.sleep(0.3)
    assert ReportVersion.objects.get(pk=version.pk).lease_until == renewed  # stopped with the block


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_never_revives_a_row_another_attempt_holds(version, settings):
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    _running(version, PAST, attempts=2)
    with Heartbeat(ReportVersion, version.pk, attempts=1):
        time.sleep(0.4)
    assert ReportVersion.objects.get(pk=version.pk).lease_until < timezone.now()
