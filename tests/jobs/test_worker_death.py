"""Issue 11 §2: a Celery worker killed with SIGKILL mid-job leaves exactly one finished result, with nobody acting.

Two ways to die: the pool process alone (the kernel's OOM killer), after which Celery hands the message back,
the task finds the dead process's lease still running and queues itself for just after it ends (tested without
beat); and the whole worker (main process and pool), whose unacknowledged message Redis keeps until the
visibility timeout, so only beat's lease sweeper can bring the job back (tested with beat). Leases last 3 s here
(JOB_LEASE_SECONDS); a worker finishes the job once.
"""

import time
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from apps.people.models import Member
from apps.reports import services as report_services
from apps.reports.models import ReportVersion
from apps.welfare import services as welfare_services
from apps.welfare.models import Distribution, DistributionRecipient
from tests.factories import UnitFactory
from tests.jobs.conftest import wait_for

# One after another on one xdist worker (make test's --dist loadgroup): each runs two Celery processes and beat.
pytestmark = [pytest.mark.celery, pytest.mark.slow, pytest.mark.xdist_group("real-celery-workers")]

BOUND = 60  # seconds from the kill to the finished result


def _wait_recovered(condition, what: str) -> None:
    started = time.monotonic()
    wait_for(condition, timeout=BOUND, interval=0.2, what=what)
    print(f"{what}: {time.monotonic() - started:.1f} s after the kill")  # the figure docs/jobs.md quotes


def _version_status(version):
    version.refresh_from_db()
    return version.status


def _render_started(version) -> bool:
    return _version_status(version) == ReportVersion.Status.RUNNING


def _render_finished(version) -> bool:
    return _version_status(version) in (ReportVersion.Status.DONE, ReportVersion.Status.FAILED)


def _files_of(version) -> list[str]:
    return [name for name in default_storage.listdir("reports/2020")[1] if name.startswith(str(version.uuid))]


def _one_done_version(version) -> None:
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.DONE, version.error
    assert version.attempts >= 2  # the killed attempt, then the one that finished
    assert ReportVersion.objects.count() == 1
    assert _files_of(version) == [f"{version.uuid}.pdf"]
    assert version.size == default_storage.size(version.file.name) > 10_000


@pytest.fixture
def version(world):
    officer = world.users["officer"]
    report = report_services.report_get_or_create(year=2020, by=officer)
    return report_services.version_request(report=report, by=officer)  # committed and queued on "pdf"


def test_a_report_whose_pool_process_is_killed_mid_render_is_finished_once(celery_processes, version):
    start_worker, _ = celery_processes
    worker = start_worker(
        "pdf-a", wait=False
    )  # no beat: the handed-back message itself looks again when the lease ends
    wait_for(lambda: _render_started(version), timeout=90, interval=0.02, what="rendering to start")
    worker.kill_pool_process()
    _wait_recovered(lambda: _render_finished(version), "the version to finish")
    _one_done_version(version)


def test_a_report_whose_whole_worker_is_killed_mid_render_is_finished_once(celery_processes, version):
    start_worker, start_beat = celery_processes
    first = start_worker("pdf-a", wait=False)
    start_beat()
    wait_for(lambda: _render_started(version), timeout=90, interval=0.02, what="rendering to start")
    first.kill()
    start_worker("pdf-b", wait=False)  # the service manager starts a worker again (or another machine has one)
    _wait_recovered(lambda: _render_finished(version), "the version to finish")
    _one_done_version(version)


# ---------------------------------------------------------------- distributions

MEMBERS = 4000  # 20 batches: long enough to be killed halfway


@pytest.fixture
def distribution(world):
    officer = world.users["officer"]
    unit = UnitFactory(name="继续教育学院", branch=world.branch_a)
    Member.objects.bulk_create(
        Member(
            employee_no=f"F{n:05d}",
            name=f"会员{n}",
            gender=Member.Gender.MALE,
            birth_date=date(1980, 1, 1),
            unit=unit,
            branch=world.branch_a,
            status=Member.Status.ACTIVE,
            joined_on=date(2010, 9, 1),
        )
        for n in range(MEMBERS)
    )
    prepared = welfare_services.distribution_create(
        title="冬送温暖",
        kind=Distribution.Kind.SEASONAL,
        item="羽绒手套",
        unit_value=Decimal("80"),
        distributed_on=date(2020, 12, 20),
        audience=Distribution.Audience.ALL_ACTIVE,
        by=officer,
    )
    return welfare_services.distribution_confirm(distribution=prepared, by=officer)  # queued on "bulk"


def _filling_halfway(distribution) -> bool:
    distribution.refresh_from_db()
    return distribution.status == Distribution.Status.RUNNING and 0 < distribution.progress_done < MEMBERS // 2


def _distribution_finished(distribution) -> bool:
    distribution.refresh_from_db()
    return distribution.status in (Distribution.Status.DONE, Distribution.Status.FAILED)


def _one_finished_distribution(distribution) -> None:
    distribution.refresh_from_db()
    assert distribution.status == Distribution.Status.DONE, distribution.error
    assert distribution.attempts >= 2
    expected = Member.objects.filter(status=Member.Status.ACTIVE).count()
    assert DistributionRecipient.objects.filter(distribution=distribution).count() == expected
    assert distribution.progress_done == distribution.progress_total == expected
    assert Distribution.objects.count() == 1


def test_a_distribution_whose_pool_process_is_killed_midway_is_finished_once(celery_processes, distribution):
    assert distribution.status == Distribution.Status.QUEUED
    start_worker, _ = celery_processes
    worker = start_worker(
        "bulk-a", wait=False
    )  # no beat: the handed-back message itself looks again when the lease ends
    wait_for(lambda: _filling_halfway(distribution), timeout=90, interval=0.02, what="the filling to start")
    worker.kill_pool_process()
    _wait_recovered(lambda: _distribution_finished(distribution), "the distribution to finish")
    _one_finished_distribution(distribution)


def test_a_distribution_whose_whole_worker_is_killed_midway_is_finished_once(celery_processes, distribution):
    start_worker, start_beat = celery_processes
    first = start_worker("bulk-a", wait=False)
    start_beat()
    wait_for(lambda: _filling_halfway(distribution), timeout=90, interval=0.02, what="the filling to start")
    first.kill()
    start_worker("bulk-b", wait=False)
    _wait_recovered(lambda: _distribution_finished(distribution), "the distribution to finish")
    _one_finished_distribution(distribution)
