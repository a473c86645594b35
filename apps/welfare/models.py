"""慰问与福利: visit types and their standards, condolence visits, bulk distributions, the mutual-aid fund, budgets."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from apps.core.validators import not_in_future, sane_date
from apps.people.models import BranchUnion, Member

MONEY = {"max_digits": 12, "decimal_places": 2}
# Free text: long enough for what it is for, short enough that 10 MB pasted into a note is refused (issue 11 §11).
NOTE_MAX = 2000
REASON_MAX = 500


def _text(label, max_length: int, **kwargs) -> models.TextField:
    """A TextField whose limit the model enforces too (full_clean), not only the form."""
    return models.TextField(label, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs)


def _one_of(field: str, values: list[str]) -> Q:
    """A CheckConstraint's condition: the column holds one of its choices (tests check the lists match)."""
    return Q(**{f"{field}__in": values})


class VisitType(models.Model):
    """慰问类型 with its standard amount (慰问标准) under the union's rules."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    standard_amount = models.DecimalField(
        _("慰问标准（元）"), default=0, help_text=_("没有为某一年另定标准时使用的标准。"), **MONEY
    )
    once_only = models.BooleanField(_("仅限一次"), default=False, help_text=_("如结婚、退休：同一会员只慰问一次。"))
    private = models.BooleanField(
        _("隐私类型"), default=False, help_text=_("如生病住院、困难职工：仅工会干部、校领导和本人可见。")
    )
    five_must_visit = models.BooleanField(_("五必访"), default=False)
    allows_inactive = models.BooleanField(
        _("可慰问非在职会员"), default=False, help_text=_("如退休、直系亲属去世：退休或离校的会员也可慰问。")
    )
    life_event = models.BooleanField(
        _("生病结婚孕期生育"), default=False, help_text=_("计入年度总结“生病、结婚、孕期、生育员工”人数。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("慰问类型")
        verbose_name_plural = _("慰问类型")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(standard_amount__gte=0), name="visit_type_standard_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def standard_for(self, year: int) -> Decimal:
        """The standard in force in a year: that year's, else the latest earlier one, else the default."""
        standard = self.standards.filter(year__lte=year).order_by("-year").first()
        return standard.amount if standard else self.standard_amount


class VisitStandard(models.Model):
    """慰问标准 of one year: the union's rules may change the amounts from one year to the next."""

    visit_type = models.ForeignKey(
        VisitType, verbose_name=_("慰问类型"), on_delete=models.CASCADE, related_name="standards"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("慰问标准（元）"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("年度慰问标准")
        verbose_name_plural = _("年度慰问标准")
        ordering = ["visit_type__sort_order", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["visit_type", "year"], name="visit_standard_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="visit_standard_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.visit_type} {self.year}: {self.amount}"


class Visit(models.Model):
    """慰问记录: one visit to one member, with cash and/or gifts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("已驳回")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="visits")
    visit_type = models.ForeignKey(
        VisitType, verbose_name=_("慰问类型"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("慰问日期"), validators=[not_in_future])
    cash_amount = models.DecimalField(_("慰问金（元）"), default=0, **MONEY)
    gift_description = models.CharField(_("慰问品"), max_length=200, blank=True)
    gift_value = models.DecimalField(_("慰问品价值（元）"), default=0, **MONEY)
    visitors = models.CharField(_("慰问人员"), max_length=200, blank=True)
    note = _text(_("备注"), NOTE_MAX, blank=True)
    # Illness and hardship evidence: stored under a random key (the file's name stays out of storage listings),
    # downloaded only through the visit's own page.
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name=_("附件"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Copied from the type when recorded, so the database itself refuses a second once-only visit.
    once_only = models.BooleanField(_("仅限一次"), default=False, editable=False)
    member_inactive = models.BooleanField(_("非在职会员"), default=False, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.APPROVED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    rejection_reason = _text(_("驳回理由"), REASON_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("慰问记录")
        verbose_name_plural = _("慰问记录")
        ordering = ["-visited_on", "-pk"]
        indexes = [
            models.Index(fields=["visited_on", "id"], name="visit_visited_on_id"),  # the list's order, deep pages too
            models.Index(fields=["status"]),
            models.Index(fields=["visit_type", "visited_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_of("status", ["pending", "approved", "rejected"]), name="visit_status_valid"
            ),
            models.CheckConstraint(condition=Q(cash_amount__gte=0), name="visit_cash_not_negative"),
            models.CheckConstraint(condition=Q(gift_value__gte=0), name="visit_gift_not_negative"),
            models.CheckConstraint(condition=Q(cash_amount__gt=0) | Q(gift_value__gt=0), name="visit_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="visit_rejection_has_reason"
            ),
            models.UniqueConstraint(
                fields=["member", "visit_type"],
                condition=Q(once_only=True) & ~Q(status="rejected"),
                name="visit_once_only_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} · {self.visit_type.name} · {self.visited_on}"

    @property
    def total_amount(self):
        return (self.cash_amount or 0) + (self.gift_value or 0)


class Distribution(models.Model):
    """批量发放: birthday greetings, a festival or seasonal gift, handed to many members at once."""

    class Kind(models.TextChoices):
        BIRTHDAY = "birthday", _("生日慰问")
        FESTIVAL = "festival", _("节日慰问")
        SEASONAL = "seasonal", _("夏送清凉/冬送温暖")
        OTHER = "other", _("其他")

    class Audience(models.TextChoices):
        ALL_ACTIVE = "all_active", _("全体在职会员")
        BIRTHDAY_MONTH = "birthday_month", _("当月生日的在职会员")
        BRANCH = "branch", _("某分工会的在职会员")
        CHOSEN = "chosen", _("指定名单")

    class Status(models.TextChoices):
        DRAFT = "draft", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("发放中")
        DONE = "done", _("已发放")
        FAILED = "failed", _("失败")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.FESTIVAL)
    visit_type = models.ForeignKey(
        VisitType,
        verbose_name=_("计入慰问类型"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="distributions",
        help_text=_("可选：计入该类型的年度预算。"),
    )
    item = models.CharField(_("物品"), max_length=200)
    unit_value = models.DecimalField(_("每份价值（元）"), **MONEY)
    distributed_on = models.DateField(_("发放日期"), validators=[sane_date])
    audience = models.CharField(_("发放范围"), max_length=20, choices=Audience.choices, default=Audience.ALL_ACTIVE)
    birthday_month = models.PositiveSmallIntegerField(_("生日月份"), null=True, blank=True)
    branch = models.ForeignKey(
        BranchUnion, verbose_name=_("分工会"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    chosen_members = models.ManyToManyField(
        Member, verbose_name=_("指定名单"), blank=True, related_name="chosen_for_distributions"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    progress_done = models.PositiveIntegerField(_("已处理人数"), default=0)
    progress_total = models.PositiveIntegerField(_("应处理人数"), default=0)
    # Job state (apps/core/jobs.py): how many times a worker took it, and until when the running one holds it.
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    lease_until = models.DateTimeField(_("租约到期"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    note = _text(_("备注"), NOTE_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("批量发放")
        verbose_name_plural = _("批量发放")
        ordering = ["-distributed_on", "-pk"]
        indexes = [
            models.Index(fields=["distributed_on"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_of("status", ["draft", "queued", "running", "done", "failed"]),
                name="distribution_status_valid",
            ),
            models.CheckConstraint(
                condition=_one_of("kind", ["birthday", "festival", "seasonal", "other"]), name="distribution_kind_valid"
            ),
            models.CheckConstraint(
                condition=_one_of("audience", ["all_active", "birthday_month", "branch", "chosen"]),
                name="distribution_audience_valid",
            ),
            models.CheckConstraint(condition=Q(unit_value__gt=0), name="distribution_unit_value_positive"),
            models.CheckConstraint(
                condition=~Q(audience="birthday_month") | Q(birthday_month__gte=1, birthday_month__lte=12),
                name="distribution_birthday_month_valid",
            ),
            models.CheckConstraint(
                condition=~Q(audience="branch") | Q(branch__isnull=False), name="distribution_branch_given"
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=F("progress_total")), name="distribution_progress_within_total"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return int(self.progress_done * 100 / self.progress_total)


class DistributionRecipient(models.Model):
    """One member's share of a distribution: created once, never twice."""

    distribution = models.ForeignKey(
        Distribution, verbose_name=_("批量发放"), on_delete=models.CASCADE, related_name="recipients"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="distribution_records"
    )
    value = models.DecimalField(_("价值（元）"), **MONEY)
    created_at = models.DateTimeField(_("发放时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发放记录")
        verbose_name_plural = _("发放记录")
        ordering = ["distribution", "member__employee_no"]
        constraints = [
            models.UniqueConstraint(fields=["distribution", "member"], name="distribution_recipient_once"),
            models.CheckConstraint(condition=Q(value__gt=0), name="distribution_recipient_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.distribution} · {self.member.name}"


class MutualAidClaim(models.Model):
    """互助金申领: submitted for an enrolled member, reviewed, approved or rejected, paid."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交")
        REVIEWING = "reviewing", _("审核中")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("已驳回")
        PAID = "paid", pgettext_lazy("mutual-aid claim", "已发放")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="mutual_aid_claims"
    )
    submitted_on = models.DateField(_("申领日期"), validators=[not_in_future])
    reason = _text(_("申领事由"), NOTE_MAX)
    amount_requested = models.DecimalField(_("申领金额（元）"), **MONEY)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    approved_amount = models.DecimalField(_("核定金额（元）"), null=True, blank=True, **MONEY)
    rejection_reason = _text(_("驳回理由"), REASON_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    paid_on = models.DateField(_("发放日期"), null=True, blank=True, validators=[not_in_future])
    paid_amount = models.DecimalField(_("发放金额（元）"), null=True, blank=True, **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("互助金申领")
        verbose_name_plural = _("互助金申领")
        ordering = ["-submitted_on", "-pk"]
        indexes = [
            models.Index(fields=["submitted_on", "id"], name="claim_submitted_on_id"),
            models.Index(fields=["status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_one_of("status", ["submitted", "reviewing", "approved", "rejected", "paid"]),
                name="claim_status_valid",
            ),
            models.CheckConstraint(condition=Q(amount_requested__gt=0), name="claim_amount_positive"),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gt=0),
                name="claim_approved_amount_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="claim_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False, paid_amount__gt=0), name="claim_paid_complete"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.name} · {self.submitted_on}"


class WelfareBudget(models.Model):
    """A yearly welfare budget for one visit type (optional)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    visit_type = models.ForeignKey(
        VisitType, verbose_name=_("慰问类型"), on_delete=models.PROTECT, related_name="budgets"
    )
    amount = models.DecimalField(_("预算（元）"), **MONEY)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("慰问预算")
        verbose_name_plural = _("慰问预算")
        ordering = ["-year", "visit_type__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "visit_type"], name="welfare_budget_once_per_type_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="welfare_budget_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.visit_type}"
