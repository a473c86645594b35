"""文体活动: categories, the year's plan, the activities held, their files, sign-ups and attendance."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from apps.people.models import BranchUnion, Member, Unit


class Category(models.Model):
    """活动类别, e.g. 文化教育类; officers may add more."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("活动类别")
        verbose_name_plural = _("活动类别")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class PlanItem(models.Model):
    """年度计划: one activity planned for a year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"), null=True, blank=True)
    title = models.CharField(_("活动名称"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=pgettext_lazy("activity", "类别"), on_delete=models.PROTECT, related_name="plan_items"
    )
    host_units = models.ManyToManyField(Unit, verbose_name=_("承办单位"), blank=True, related_name="planned_activities")
    organising_branch = models.ForeignKey(
        BranchUnion,
        verbose_name=_("组织分工会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="planned_activities",
    )
    budget = models.DecimalField(_("预算（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[host_units])

    class Meta:
        verbose_name = _("年度计划项")
        verbose_name_plural = _("年度计划项")
        ordering = ["year", "month", "pk"]
        indexes = [models.Index(fields=["year", "month"])]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "title"],
                name="activities_plan_item_unique_title_per_year",
                violation_error_message=_("同一年度已有同名的计划项。"),
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="activities_plan_month_range",
                violation_error_message=_("月份应为 1–12。"),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="activities_plan_budget_not_negative",
                violation_error_message=_("预算不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="activities_plan_year_range",
                violation_error_message=_("年度应在 2000–2100 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        HELD = "held", _("已举办")
        POSTPONED = "postponed", _("已延期")
        CANCELLED = "cancelled", _("已取消")

    class Mode(models.TextChoices):
        OFFLINE = "offline", _("线下")
        ONLINE = "online", _("线上")
        MIXED = "mixed", _("线上线下结合")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("活动名称"), max_length=200)
    category = models.ForeignKey(
        Category, verbose_name=pgettext_lazy("activity", "类别"), on_delete=models.PROTECT, related_name="activities"
    )
    plan_item = models.OneToOneField(
        PlanItem,
        verbose_name=_("对应计划项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity",
    )
    year = models.PositiveSmallIntegerField(_("年度"), help_text=_("计入哪一年的统计：有计划项时取计划年度。"))
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    mode = models.CharField(_("形式"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    host_units = models.ManyToManyField(
        Unit, verbose_name=_("承办单位"), blank=True, through="HostUnit", related_name="hosted_activities"
    )
    organising_branch = models.ForeignKey(
        BranchUnion,
        verbose_name=_("组织分工会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    status_reason = models.TextField(_("延期或取消原因"), blank=True)
    is_published = models.BooleanField(_("向全体教职工公开"), default=True)
    is_notable = models.BooleanField(_("重点活动"), default=False, help_text=_("年度总结中点名介绍的活动。"))
    expected_participants = models.PositiveIntegerField(_("预计参加人数"), null=True, blank=True)
    actual_participants = models.PositiveIntegerField(
        _("实际参加人数"), null=True, blank=True, help_text=_("登记考勤后按签到人数自动计算。")
    )
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("为空表示不限名额。"))
    signup_deadline = models.DateTimeField(
        _("报名截止时间"), null=True, blank=True, help_text=_("为空表示不开放网上报名。")
    )
    waitlist_enabled = models.BooleanField(_("额满后允许候补"), default=True)
    budget = models.DecimalField(_("预算（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    cost = models.DecimalField(_("实际花费（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField(_("活动介绍"), blank=True)
    attendance_recorded = models.BooleanField(_("已登记考勤"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-start", "pk"]
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["start"]),
            models.Index(fields=["status"]),
            models.Index(fields=["title"]),
            models.Index(fields=["is_notable"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")),
                name="activities_end_after_start",
                violation_error_message=_("结束时间不能早于开始时间。"),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="activities_budget_not_negative",
                violation_error_message=_("预算不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gte=0),
                name="activities_cost_not_negative",
                violation_error_message=_("实际花费不能为负数。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["postponed", "cancelled"]) | ~Q(status_reason=""),
                name="activities_reason_when_postponed_or_cancelled",
                violation_error_message=_("延期或取消活动必须填写原因。"),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activities_capacity_positive",
                violation_error_message=_("名额至少为 1。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "held", "postponed", "cancelled"]),
                name="activities_status_valid",
                violation_error_message=_("未知状态。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_detail", kwargs={"activity_uuid": self.uuid})

    @property
    def host_unit_names(self) -> str:
        return "、".join(unit.name for unit in self.host_units.all())


class HostUnit(models.Model):
    """承办单位 of an activity, in the order the union names them (后勤管理处和招生就业处)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="host_unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="activity_links")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "unit"], name="activities_host_unit_once")]

    def __str__(self) -> str:
        return self.unit.name


def _upload_to(instance, filename: str) -> str:
    # Named by migration 0001 only: files now live under core attachments' random keys.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"activities/{instance.activity.uuid}/{uuid.uuid4().hex}.{extension}"


class ActivityFile(models.Model):
    """A photo or document of an activity; served only through the activity's access check."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("照片")
        DOCUMENT = "document", _("文档")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="files")
    # The stored file (random key, checked content, uploaded name, type, size, uploader) lives in core.
    stored = models.OneToOneField(
        "core.Attachment", verbose_name=_("文件"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动文件")
        verbose_name_plural = _("活动文件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def original_name(self) -> str:
        return self.stored.original_name if self.stored else ""

    @property
    def content_type(self) -> str:
        return self.stored.content_type if self.stored else "application/octet-stream"


class SignUp(models.Model):
    """报名: a member's registration; beyond capacity it waits in line and is promoted on a cancellation."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("报名成功")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="activity_signups"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.CONFIRMED)
    attended = models.BooleanField(_("出席"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "member"],
                condition=~Q(status="cancelled"),
                name="activities_one_live_signup_per_member",
                violation_error_message=_("该会员已经报过名了。"),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted", "cancelled"]),
                name="activities_signup_status_valid",
                violation_error_message=_("未知报名状态。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.member}"
