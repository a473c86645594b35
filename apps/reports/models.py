"""The year-end summary (年度工作总结): one report per year, its narrative, and frozen rendered versions."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# The narrative fields officers write, in the order they appear in the document.
NARRATIVE_FIELDS = (
    "opening",
    "activities_text",
    "welfare_text",
    "proposals_text",
    "purchases_text",
    "membership_text",
    "problems",
    "plan",
)


class AnnualReport(models.Model):
    """The summary of one year: title, signing unit and date, and the words officers write."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("标题"), max_length=200)
    include_plan = models.BooleanField(_("包含下一年工作计划"), default=True)
    signing_unit = models.CharField(_("落款单位"), max_length=100)
    signing_date = models.DateField(_("落款日期"), null=True, blank=True)
    opening = models.TextField(_("开篇段落"), blank=True)
    activities_text = models.TextField(_("文体活动"), blank=True)
    welfare_text = models.TextField(_("慰问福利"), blank=True)
    proposals_text = models.TextField(_("民主管理与提案"), blank=True)
    purchases_text = models.TextField(_("消费扶贫"), blank=True)
    membership_text = models.TextField(_("会员与组织建设"), blank=True)
    problems = models.TextField(_("存在的问题"), blank=True)
    plan = models.TextField(_("下一年工作计划"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("更新人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="report_year_range"),
        ]

    def __str__(self) -> str:
        return self.title


class ReportVersion(models.Model):
    """One click on 生成PDF: figures and texts frozen at that moment, rendered once by a Celery task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(
        AnnualReport, verbose_name=_("年度报告"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("版本号"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    frozen = models.JSONField(_("冻结的数据与文字"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    # While rendering, the worker's heartbeat keeps this in the future; a past value means the worker is gone.
    lease_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), null=True, blank=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to="reports/", max_length=200, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        verbose_name = _("报告版本")
        verbose_name_plural = _("报告版本")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique"),
            # Generating twice while one is queued or running must not start a second one.
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status__in=["queued", "running"]),
                name="report_one_active_version",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="report_version_number_positive"),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(size__gt=0) & ~Q(file="")),
                name="report_version_done_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="report_version_status_idx")]

    def __str__(self) -> str:
        return f"{self.report.year} v{self.number}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def lease_expired(self) -> bool:
        """Running, but its worker stopped renewing the lease: it died, and the version may be retried."""
        return self.status == self.Status.RUNNING and self.lease_until is not None and self.lease_until < timezone.now()

    @property
    def duration_seconds(self) -> float | None:
        return None if self.duration_ms is None else self.duration_ms / 1000

    @property
    def filename(self) -> str:
        return f"annual-report-{self.report.year}-v{self.number}.pdf"

    @property
    def docx_filename(self) -> str:
        return f"annual-report-{self.report.year}-v{self.number}.docx"
