"""Every write of the annual report: narrative, generate requests, rendering a version exactly once."""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import access, jobs
from apps.core.jobs import QUEUE_UNAVAILABLE
from apps.core.pdf import html_to_pdf
from apps.core.tasks import Enqueued
from apps.core.union import union_name, union_signature
from apps.reports import selectors
from apps.reports.document import document_context, sanitise, snapshot
from apps.reports.models import NARRATIVE_FIELDS, AnnualReport, ReportVersion

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "reports/pdf.html"
# Archives take electronic records as PDF/A (GB/T 18894, DA/T 47); tags give screen readers the structure.
PDF_OPTIONS = {"pdf_variant": "pdf/a-2b", "pdf_tags": True}
# A version still "running" after the hard time limit belongs to a dead worker and may be claimed again.
STALE_AFTER = timedelta(seconds=getattr(settings, "CELERY_TASK_TIME_LIMIT", 360))


def default_title(year: int) -> str:
    return _("%(unit)s%(year)s年工作总结") % {"unit": union_name(), "year": year}


@transaction.atomic
def _require(by, perm: str) -> None:
    """The acting user must hold ``perm``; ``None`` is the system itself (a management command, the demo seed)."""
    if by is not None:
        access.require(by, perm)


def report_get_or_create(*, year: int, by=None) -> AnnualReport:
    report = AnnualReport.objects.filter(year=year).first()
    if report:
        return report
    report = AnnualReport(year=year, title=default_title(year), signing_unit=union_signature(), updated_by=by)
    report.full_clean()
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def report_update(*, report: AnnualReport, by, **fields) -> AnnualReport:
    """Save the title, signing and narrative; every narrative field is sanitised (no script, image or link)."""
    allowed = {"title", "include_plan", "signing_unit", "signing_date", *NARRATIVE_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown report fields: {sorted(unknown)}")
    _require(by, "reports.edit_report")
    for name, value in fields.items():
        setattr(report, name, sanitise(value) if name in NARRATIVE_FIELDS else value)
    report.updated_by = by
    report.full_clean()
    report._history_user = by
    report.save()
    return report


def pdf_bytes(frozen: dict) -> bytes:
    """The pure rendering step: a frozen snapshot → PDF bytes (the preview uses the same template)."""
    return html_to_pdf(render_to_string(PDF_TEMPLATE, document_context(frozen, linked=False)), **PDF_OPTIONS)


def report_render_now(*, year: int) -> bytes:
    """Render today's figures and texts without storing a version (the shell command)."""
    report = AnnualReport.objects.filter(year=year).first() or AnnualReport(
        year=year, title=default_title(year), signing_unit=union_signature()
    )
    return pdf_bytes(snapshot(report=report, data=selectors.report_data(year=year, strict=True)))


def version_request(*, report: AnnualReport, by, queue: bool = True) -> ReportVersion:
    """A click on 生成PDF: freeze the figures and texts into a new version and queue its rendering.

    Refused while another version of the same report is queued or running. When the task queue cannot be
    reached, the version is kept as failed (so 重试 can queue it later) and the refusal says so.
    """
    _require(by, "reports.generate_version")
    with transaction.atomic():
        version = _version_freeze(report=report, by=by)
        enqueued = _enqueue(version.pk) if queue else None
    if enqueued is not None and enqueued.unavailable:
        raise ValidationError(QUEUE_UNAVAILABLE)
    return version


def _version_freeze(*, report: AnnualReport, by) -> ReportVersion:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.versions.filter(status__in=ReportVersion.ACTIVE).exists():
        raise ValidationError(_("该年度报告正在生成中，请等待当前版本完成后再生成。"))
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        data = selectors.report_data(year=report.year, strict=True)
    except selectors.FiguresUnavailable as error:
        raise ValidationError(
            _("读取“%(area)s”模块的数据时出错，报告未生成：%(error)s") % {"area": error.area, "error": error}
        ) from error
    version = ReportVersion(report=report, number=number, requested_by=by, frozen=snapshot(report=report, data=data))
    version.full_clean()
    version.save()
    return version


def _enqueue(version_id: int) -> Enqueued:
    """Queue the rendering after commit; a broker that cannot be reached leaves the version failed, retryable."""
    from apps.reports.tasks import render_report_version

    def unavailable(error: Exception) -> None:
        ReportVersion.objects.filter(pk=version_id, status=ReportVersion.Status.QUEUED).update(
            status=ReportVersion.Status.FAILED, error=f"{QUEUE_UNAVAILABLE}\n{error}", finished_at=timezone.now()
        )

    return render_report_version.enqueue(version_id, on_unavailable=unavailable)


def version_retry(*, version: ReportVersion, by) -> ReportVersion:
    """Queue a failed version, or one whose worker died (lease expired), again; its frozen data stay as they were."""
    _require(by, "reports.generate_version")
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version.pk)
        if not (version.status == ReportVersion.Status.FAILED or version.lease_expired):
            raise ValidationError(_("只有失败或已中断的版本可以重试。"))
        others = version.report.versions.filter(status__in=ReportVersion.ACTIVE).exclude(pk=version.pk)
        if others.exists():
            raise ValidationError(_("该年度报告正在生成中，请等待当前版本完成后再生成。"))
        version.status = ReportVersion.Status.QUEUED
        version.error = ""
        version.finished_at = None
        version.lease_until = None
        version.attempts = 0  # the officer's retry starts a fresh count of automatic attempts
        version.full_clean()
        version.save()
        enqueued = _enqueue(version.pk)
    if enqueued.unavailable:
        raise ValidationError(QUEUE_UNAVAILABLE)
    return version


def _claimable(now) -> Q:
    """Waiting, or running under a lease that expired (its worker died); rows from before leases by age."""
    return (
        Q(status=ReportVersion.Status.QUEUED)
        | Q(status=ReportVersion.Status.RUNNING, lease_until__lt=now)
        | Q(status=ReportVersion.Status.RUNNING, lease_until__isnull=True, started_at__lt=now - STALE_AFTER)
    )


def _claim(version_id: int) -> int | None:
    """Take the version for rendering with a conditional UPDATE; return the attempt number, or None."""
    now = timezone.now()
    changed = ReportVersion.objects.filter(_claimable(now), pk=version_id).update(
        status=ReportVersion.Status.RUNNING,
        started_at=now,
        lease_until=jobs.new_lease(now),
        attempts=F("attempts") + 1,
        error="",
    )
    if changed != 1:
        return None
    return ReportVersion.objects.values_list("attempts", flat=True).get(pk=version_id)


def version_render(*, version_id: int, final_attempt: bool = True) -> ReportVersion | None:
    """Render a version once: claim it, render its frozen snapshot, store exactly one file, mark it done.

    A second call (a repeated or redelivered task) finds the version claimed or done and does nothing; a version
    whose worker died (lease expired) is claimed again, and the file that worker left is replaced.
    On an error the version is marked failed with the error (or queued again when a retry follows).
    """
    attempt = _claim(version_id)
    if attempt is None:
        logger.info("Report version %s is not waiting for rendering (done, or held by a live lease)", version_id)
        return None
    if attempt > settings.JOB_MAX_ATTEMPTS:
        _give_up(version_id, attempt)
        return None
    version = ReportVersion.objects.select_related("report").get(pk=version_id)
    started = time.monotonic()
    try:
        with jobs.Heartbeat(ReportVersion, version_id, attempts=attempt):
            content = pdf_bytes(version.frozen)
            name = f"reports/{version.report.year}/{version.uuid}.pdf"
            # Same name on every attempt; a file left by a dead worker is replaced, so one file results.
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, ContentFile(content))
    except Exception as exc:
        logger.exception("Rendering report version %s failed", version_id)
        status = ReportVersion.Status.FAILED if final_attempt else ReportVersion.Status.QUEUED
        ReportVersion.objects.filter(pk=version_id, attempts=attempt).update(
            status=status, error=f"{type(exc).__name__}: {exc}", finished_at=timezone.now(), lease_until=None
        )
        raise
    updated = ReportVersion.objects.filter(pk=version_id, status=ReportVersion.Status.RUNNING, attempts=attempt).update(
        status=ReportVersion.Status.DONE,
        file=stored,
        size=len(content),
        duration_ms=int((time.monotonic() - started) * 1000),
        finished_at=timezone.now(),
        lease_until=None,
    )
    if updated != 1:
        logger.warning("Report version %s was taken over while rendering; keeping the other attempt", version_id)
    version.refresh_from_db()
    return version


def _give_up(version_id: int, attempt: int) -> None:
    """A version whose every worker died while rendering it: stop, say so, let the officer decide."""
    logger.error("Report version %s: worker lost %s times while rendering; marking it failed", version_id, attempt - 1)
    ReportVersion.objects.filter(pk=version_id, attempts=attempt).update(
        status=ReportVersion.Status.FAILED,
        error=_("生成过程中工作进程多次中断，已停止自动重试。"),
        finished_at=timezone.now(),
        lease_until=None,
    )


def versions_requeue_expired() -> int:
    """The lease sweeper: queue every version whose worker died (lease expired) again; returns how many."""
    expired = ReportVersion.objects.filter(jobs.lease_expired_q(), status=ReportVersion.Status.RUNNING)
    ids = list(expired.values_list("pk", flat=True)[:100])
    for version_id in ids:
        logger.warning("Report version %s: lease expired, its worker is gone; queueing it again", version_id)
        _enqueue_now(version_id)
    return len(ids)


def _enqueue_now(version_id: int) -> None:
    from apps.reports.tasks import render_report_version

    render_report_version.apply_async(args=(version_id,))


@transaction.atomic
def version_render_sync(*, report: AnnualReport, by) -> ReportVersion:
    """Freeze and render at once without Celery (demo data); a done version is kept, never re-rendered."""
    done = selectors.latest_done_version(report=report)
    if done:
        return done
    version = version_request(report=report, by=by, queue=False)
    return version_render(version_id=version.pk) or version
