"""Services: narrative, generate requests, rendering exactly once, failures and retries."""

import dataclasses
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone

from apps.core import registry
from apps.reports import selectors, services
from apps.reports.document import chinese_date, document_context
from apps.reports.models import AnnualReport, ReportVersion
from tests.factories import MemberFactory
from tests.reports import broken_figures
from tests.reports.factories import AnnualReportFactory, ReportVersionFactory

pytestmark = pytest.mark.django_db


def _files_of(version) -> list[str]:
    return [name for name in default_storage.listdir("reports/2020")[1] if name.startswith(str(version.uuid))]


@pytest.fixture
def report(world) -> AnnualReport:
    return services.report_get_or_create(year=2020, by=world.users["officer"])


def test_get_or_create_gives_one_report_per_year(report, officer):
    again = services.report_get_or_create(year=2020, by=officer)
    assert again.pk == report.pk
    assert report.title == "示范大学工会委员会2020年工作总结"
    assert report.signing_unit == "示范大学工会委员会"
    assert AnnualReport.objects.count() == 1


def test_update_sanitises_every_narrative_field_and_keeps_history(report, officer):
    services.report_update(
        report=report,
        by=officer,
        opening='<p>开篇<script>alert(1)</script><img src="file:///etc/passwd"></p>',
        problems='<ul><li><strong>问题</strong></li></ul><a href="http://evil.example">x</a>',
        signing_date=date(2021, 1, 22),
    )
    report.refresh_from_db()
    assert report.opening == "<p>开篇</p>"
    assert report.problems == "<ul><li><strong>问题</strong></li></ul>x"
    assert report.history.first().history_user == officer


def test_update_refuses_a_blank_title(report, officer):
    with pytest.raises(ValidationError):
        services.report_update(report=report, by=officer, title="")


def test_a_request_freezes_figures_and_texts_into_a_queued_version(report, officer, world):
    MemberFactory.create_batch(3, unit=world.unit_a, joined_on=date(2020, 3, 1))
    MemberFactory(unit=world.unit_a, joined_on=date(2020, 3, 1), left_on=date(2020, 6, 1), status="left")
    services.report_update(report=report, by=officer, opening="开篇")
    version = services.version_request(report=report, by=officer, queue=False)
    assert version.status == ReportVersion.Status.QUEUED
    assert version.number == 1 and version.requested_by == officer
    membership = version.frozen["figures"]["membership"]["current"]
    # The world's 8 members joined in 2015; 4 more joined in 2020 and 1 of them left the school: 11 at the year's end.
    assert (membership["members"], membership["joined"], membership["left"]) == (11, 4, 1)
    assert version.frozen["texts"]["opening"] == "<p>开篇</p>"
    # Later edits do not change what was frozen.
    services.report_update(report=report, by=officer, opening="改过了")
    version.refresh_from_db()
    assert version.frozen["texts"]["opening"] == "<p>开篇</p>"


def test_a_second_request_while_one_is_queued_is_refused(report, officer):
    services.version_request(report=report, by=officer, queue=False)
    with pytest.raises(ValidationError, match="正在生成"):
        services.version_request(report=report, by=officer, queue=False)
    assert report.versions.count() == 1


def test_render_stores_one_file_and_marks_the_version_done(report, officer):
    version = services.version_request(report=report, by=officer, queue=False)
    done = services.version_render(version_id=version.pk)
    assert done.status == ReportVersion.Status.DONE
    assert done.file.name == f"reports/2020/{version.uuid}.pdf"
    assert done.size == default_storage.size(done.file.name) > 10_000
    assert done.duration_ms is not None and done.attempts == 1 and done.finished_at
    assert default_storage.open(done.file.name).read(5) == b"%PDF-"


def test_a_repeated_task_does_nothing(report, officer):
    version = services.version_request(report=report, by=officer, queue=False)
    services.version_render(version_id=version.pk)
    first = ReportVersion.objects.get(pk=version.pk)
    assert services.version_render(version_id=version.pk) is None
    again = ReportVersion.objects.get(pk=version.pk)
    assert (again.file.name, again.attempts, again.finished_at) == (first.file.name, 1, first.finished_at)
    assert _files_of(version) == [f"{version.uuid}.pdf"]


def test_a_task_redelivered_after_a_dead_worker_renders_again_into_one_file(report, officer):
    version = services.version_request(report=report, by=officer, queue=False)
    # The dead worker claimed the version and left half a file behind.
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportVersion.Status.RUNNING, attempts=1, started_at=timezone.now() - timedelta(hours=1)
    )
    default_storage.save(f"reports/2020/{version.uuid}.pdf", __import__("io").BytesIO(b"%PDF-half"))
    done = services.version_render(version_id=version.pk)
    assert done.status == ReportVersion.Status.DONE and done.attempts == 2
    assert _files_of(version) == [f"{version.uuid}.pdf"]
    assert done.size == default_storage.size(done.file.name) > 10_000


def test_a_version_being_rendered_right_now_is_not_taken_twice(report, officer):
    version = services.version_request(report=report, by=officer, queue=False)
    ReportVersion.objects.filter(pk=version.pk).update(
        status=ReportVersion.Status.RUNNING, attempts=1, started_at=timezone.now()
    )
    assert services.version_render(version_id=version.pk) is None


def test_a_failed_render_records_its_error_and_can_be_retried(report, officer):
    version = services.version_request(report=report, by=officer, queue=False)
    ReportVersion.objects.filter(pk=version.pk).update(frozen={"broken": True})
    with pytest.raises(KeyError):
        services.version_render(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.FAILED
    assert "KeyError" in version.error
    retried = services.version_retry(version=version, by=officer)
    assert retried.status == ReportVersion.Status.QUEUED and retried.error == ""


def test_a_failure_before_the_last_attempt_queues_the_version_again(report, officer):
    version = services.version_request(report=report, by=officer, queue=False)
    ReportVersion.objects.filter(pk=version.pk).update(frozen={"broken": True})
    with pytest.raises(KeyError):
        services.version_render(version_id=version.pk, final_attempt=False)
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.QUEUED and "KeyError" in version.error


def test_only_a_failed_version_can_be_retried(report, officer):
    version = services.version_request(report=report, by=officer, queue=False)
    with pytest.raises(ValidationError, match="只有失败或已中断的版本"):
        services.version_retry(version=version, by=officer)


def test_a_retry_waits_for_the_running_version(report, officer):
    failed = ReportVersionFactory(report=report)
    services.version_request(report=report, by=officer, queue=False)
    with pytest.raises(ValidationError, match="正在生成"):
        services.version_retry(version=failed, by=officer)


def test_the_database_refuses_two_active_versions(report):
    from django.db import IntegrityError

    ReportVersionFactory(report=report, status=ReportVersion.Status.QUEUED, error="")
    with pytest.raises(IntegrityError):
        ReportVersionFactory(report=report, status=ReportVersion.Status.RUNNING, error="")


def test_render_sync_keeps_a_done_version(report, officer):
    first = services.version_render_sync(report=report, by=officer)
    second = services.version_render_sync(report=report, by=officer)
    assert first.pk == second.pk and first.status == ReportVersion.Status.DONE
    assert report.versions.count() == 1


def test_latest_done_version_is_the_newest_finished_one(report, officer):
    first = services.version_render_sync(report=report, by=officer)
    ReportVersionFactory(report=report)  # a newer failed one
    assert selectors.latest_done_version(report=report) == first


def test_report_list_counts_versions(report, officer):
    services.version_render_sync(report=report, by=officer)
    ReportVersionFactory(report=report)
    AnnualReportFactory(year=2019)
    rows = {r.year: r for r in selectors.report_list(user=officer)}
    assert (rows[2020].version_count, rows[2020].done_count) == (2, 1)
    assert rows[2019].version_count == 0


def test_an_app_whose_figures_raise_stops_the_request_with_a_clear_message(report, officer, monkeypatch):
    """A broken selector in another app: the version is not frozen with a hole in it."""
    broken = dataclasses.replace(registry.registry.report_areas["activities"], figures=broken_figures.report_figures)
    monkeypatch.setitem(registry.registry.report_areas, "activities", broken)
    with pytest.raises(ValidationError, match="文体活动"):
        services.version_request(report=report, by=officer, queue=False)
    assert report.versions.count() == 0
    assert selectors.report_data(year=2020)["activities"]["error"].startswith("RuntimeError")


def test_an_app_that_registers_no_figures_stops_the_request_naming_it(report, officer, monkeypatch):
    monkeypatch.delitem(registry.registry.report_areas, "purchases")
    with pytest.raises(ValidationError, match="purchases"):
        services.version_request(report=report, by=officer, queue=False)
    assert report.versions.count() == 0


def test_figures_that_are_not_the_declared_dataclass_stop_the_request(report, officer, monkeypatch):
    untyped = dataclasses.replace(registry.registry.report_areas["welfare"], figures=lambda *, year: {"year": year})
    monkeypatch.setitem(registry.registry.report_areas, "welfare", untyped)
    with pytest.raises(ValidationError, match="慰问福利"):
        services.version_request(report=report, by=officer, queue=False)


def test_the_signing_date_defaults_to_the_freezing_date_and_stays_with_the_version(report, officer):
    assert report.signing_date is None
    version = services.version_request(report=report, by=officer, queue=False)
    frozen_on = timezone.localdate()
    assert version.frozen["texts"]["signing_date"] == frozen_on.isoformat()
    # Rendered later (a retry next week, the .docx next year) it is signed on the day it was frozen.
    version.frozen["texts"]["signing_date"] = "2021-01-22"
    assert document_context(version.frozen)["signing_date"] == chinese_date("2021-01-22")


def test_the_signing_date_set_by_the_officer_is_the_one_frozen(report, officer):
    services.report_update(report=report, by=officer, signing_date=date(2021, 1, 22))
    version = services.version_request(report=report, by=officer, queue=False)
    assert version.frozen["texts"]["signing_date"] == "2021-01-22"
