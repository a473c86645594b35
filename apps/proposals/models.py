"""Staff congress proposals (教代会/职代会提案): congresses, delegates, proposals, review, answers, ratings."""

import uuid

from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.people.models import Member, Unit

TEXT_LIMIT = 5000  # 理由 and 建议: longer than this is a document, not a proposal
SUBJECT_LIMIT = 500


def _limited(limit: int) -> list:
    # TextField's max_length only sizes the form widget; the validator makes full_clean() refuse.
    return [MaxLengthValidator(limit)]


class Congress(models.Model):
    """One session of the staff congress, e.g. 第五届职代会第一次会议."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("会议名称"), max_length=100, unique=True)
    term = models.PositiveSmallIntegerField(_("届"))
    session = models.PositiveSmallIntegerField(_("次会议"))
    starts_on = models.DateField(_("开幕日期"))
    ends_on = models.DateField(_("闭幕日期"))
    submission_opens = models.DateField(_("提案征集开始"))
    submission_closes = models.DateField(_("提案征集截止"))
    required_cosigners = models.PositiveSmallIntegerField(
        _("所需附议人数"), default=2, help_text=_("提案须有这么多名其他代表附议，才能提交提案工作委员会审查。")
    )
    answer_days = models.PositiveSmallIntegerField(
        _("默认办理期限（天）"), default=60, help_text=_("立案时未指定办理期限时，按立案日加上这么多天。")
    )

    class Meta:
        verbose_name = _("代表大会")
        verbose_name_plural = _("代表大会")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["starts_on"])]
        constraints = [
            models.UniqueConstraint(fields=["term", "session"], name="congress_unique_term_session"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="congress_ends_after_start"),
            models.CheckConstraint(
                condition=Q(submission_closes__gte=F("submission_opens")), name="congress_window_ordered"
            ),
            models.CheckConstraint(condition=Q(term__gte=1) & Q(session__gte=1), name="congress_term_session_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def year(self) -> int:
        return self.starts_on.year

    def window_is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.submission_opens <= day <= self.submission_closes


class Delegation(models.Model):
    """代表团: the delegates of one congress are grouped in delegations (usually one per branch union)."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.CASCADE, related_name="delegations"
    )
    name = models.CharField(_("代表团名称"), max_length=100)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="delegation_unique_name")]

    def __str__(self) -> str:
        return self.name


class Delegate(models.Model):
    """代表: a member elected as delegate to one congress."""

    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.CASCADE, related_name="delegates"
    )
    member = models.ForeignKey(Member, verbose_name=_("会员"), on_delete=models.PROTECT, related_name="delegacies")
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("代表团"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegates",
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("代表")
        verbose_name_plural = _("代表")
        ordering = ["delegation__sort_order", "member__employee_no"]
        constraints = [models.UniqueConstraint(fields=["congress", "member"], name="delegate_once_per_congress")]

    def __str__(self) -> str:
        return self.member.name


class Category(models.TextChoices):
    TEACHING = "teaching", _("教学科研")
    PERSONNEL = "personnel", _("人事薪酬")
    WELFARE = "welfare", _("福利待遇")
    LOGISTICS = "logistics", _("后勤保障")
    CAMPUS = "campus", _("校园建设与安全")
    GOVERNANCE = "governance", _("民主管理")
    OTHER = "other", _("其他")


class Proposal(models.Model):
    """提案 (or 意见建议): written by a delegate, co-signed, reviewed, answered and rated."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        COSIGNING = "cosigning", _("征集附议")
        SUBMITTED = "submitted", _("待审查")
        ACCEPTED = "accepted", _("已立案·办理中")
        ANSWERED = "answered", _("已答复·待评价")
        CLOSED = "closed", _("已办结")
        NOT_ACCEPTED = "not_accepted", _("不予立案")
        SUGGESTION = "suggestion", _("转为意见建议")
        MERGED = "merged", _("已合并")

    class Result(models.TextChoices):
        SOLVED = "solved", _("已解决")
        IN_PROGRESS = "in_progress", _("正在解决")
        PLANNED = "planned", _("列入计划")
        CANNOT = "cannot", _("暂不能解决")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASICALLY = "basically_satisfied", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    # Statuses of proposals the committee has accepted (立案): the public register shows these.
    REGISTER_STATUSES = (Status.ACCEPTED, Status.ANSWERED, Status.CLOSED)
    # Statuses of proposals that reached the committee (collected: 征集到的提案和意见).
    COLLECTED_STATUSES = (
        Status.SUBMITTED,
        Status.ACCEPTED,
        Status.ANSWERED,
        Status.CLOSED,
        Status.NOT_ACCEPTED,
        Status.SUGGESTION,
        Status.MERGED,
    )

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    congress = models.ForeignKey(
        Congress, verbose_name=_("代表大会"), on_delete=models.PROTECT, related_name="proposals"
    )
    proposer = models.ForeignKey(Delegate, verbose_name=_("提案人"), on_delete=models.PROTECT, related_name="proposals")
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("标题"), max_length=100)
    subject = models.TextField(_("案由"), max_length=SUBJECT_LIMIT, validators=_limited(SUBJECT_LIMIT))
    reasons = models.TextField(_("理由"), max_length=TEXT_LIMIT, validators=_limited(TEXT_LIMIT))
    measures = models.TextField(_("建议"), max_length=TEXT_LIMIT, validators=_limited(TEXT_LIMIT))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # Numbered on acceptance: year + sequence, shown as 2020-003.
    number_year = models.PositiveSmallIntegerField(_("编号年度"), null=True, blank=True)
    number_seq = models.PositiveIntegerField(_("编号序号"), null=True, blank=True)
    decision_reason = models.TextField(
        _("审查意见"), blank=True, max_length=TEXT_LIMIT, validators=_limited(TEXT_LIMIT)
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", verbose_name=_("审查人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入提案"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    result = models.CharField(_("办理结果"), max_length=20, choices=Result.choices, blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=30, choices=Satisfaction.choices, blank=True)
    overdue_notified_on = models.DateField(_("逾期提醒日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["-number_year", "number_seq", "-created_at"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["category"]),
            models.Index(fields=["due_on"]),
            models.Index(fields=["result"]),
            models.Index(fields=["satisfaction"]),
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="proposal_title_trgm"),
            GinIndex(fields=["subject"], opclasses=["gin_trgm_ops"], name="proposal_subject_trgm"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number_year", "number_seq"], name="proposal_number_unique"),
            models.CheckConstraint(
                condition=Q(number_seq__isnull=True, number_year__isnull=True)
                | Q(number_seq__isnull=False, number_year__isnull=False),
                name="proposal_number_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "answered", "closed"]) | Q(number_seq__isnull=False),
                name="proposal_accepted_has_number",
            ),
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False) | (~Q(status="merged") & Q(merged_into=None)),
                name="proposal_merged_has_target",
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="proposal_not_merged_into_itself"),
            models.CheckConstraint(
                condition=~Q(status="not_accepted") | ~Q(decision_reason=""), name="proposal_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "closed"]) | ~Q(result=""), name="proposal_answered_has_result"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(satisfaction__in=["satisfied", "basically_satisfied"]),
                name="proposal_closed_is_rated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def number(self) -> str:
        if self.number_seq is None:
            return ""
        return f"{self.number_year}-{self.number_seq:03d}"

    @property
    def decision_display(self) -> str:
        """The committee's decision in words (the status moves on after 立案, the decision does not)."""
        if self.status in self.REGISTER_STATUSES:
            return str(_("立案"))
        return self.get_status_display()

    @property
    def is_accepted(self) -> bool:
        return self.status in self.REGISTER_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.ACCEPTED and self.due_on is not None and self.due_on < timezone.localdate()


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="attachments")
    # The stored file (random key, checked content) lives in core; ``name`` is what the proposer uploaded.
    attachment = models.OneToOneField(
        "core.Attachment", verbose_name=_("附件"), on_delete=models.CASCADE, null=True, related_name="+"
    )
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提案附件")
        verbose_name_plural = _("提案附件")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Cosignature(models.Model):
    """附议: another delegate of the same congress supports the proposal."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="cosignatures"
    )
    delegate = models.ForeignKey(
        Delegate, verbose_name=_("附议人"), on_delete=models.PROTECT, related_name="cosignatures"
    )
    created_at = models.DateTimeField(_("附议时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附议")
        verbose_name_plural = _("附议")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["proposal", "delegate"], name="cosign_once")]

    def __str__(self) -> str:
        return f"{self.delegate} → {self.proposal}"


class Assignment(models.Model):
    """The departments that must answer an accepted proposal: one lead (主办), any helpers (协办)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("主办")
        HELPER = "helper", _("协办")

    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit, verbose_name=_("承办部门"), on_delete=models.PROTECT, related_name="proposal_assignments"
    )
    role = models.CharField(_("承办方式"), max_length=10, choices=Role.choices)
    assigned_at = models.DateTimeField(_("交办时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("交办部门")
        verbose_name_plural = _("交办部门")
        ordering = ["-role", "unit__sort_order"]  # 主办 (lead) before 协办 (helper)
        indexes = [models.Index(fields=["unit", "role"])]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "unit"], name="assignment_unit_once"),
            models.UniqueConstraint(fields=["proposal"], condition=Q(role="lead"), name="assignment_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_role_display()}）"


class Answer(models.Model):
    """A department's answer; the proposer's rating of it is kept on the answer, so the loop stays visible."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("提案"), on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey(
        Unit, verbose_name=_("答复部门"), on_delete=models.PROTECT, related_name="proposal_answers"
    )
    is_lead = models.BooleanField(_("主办部门答复"), default=False)
    result = models.CharField(_("办理结果"), max_length=20, choices=Proposal.Result.choices)
    text = models.TextField(_("答复内容"), max_length=TEXT_LIMIT, validators=_limited(TEXT_LIMIT))
    reason = models.TextField(_("不能解决的原因"), blank=True, max_length=TEXT_LIMIT, validators=_limited(TEXT_LIMIT))
    attachment = models.ForeignKey(
        "core.Attachment", verbose_name=_("附件"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        "accounts.User", verbose_name=_("答复人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), default=timezone.now)
    rating = models.CharField(_("评价"), max_length=30, choices=Proposal.Satisfaction.choices, blank=True)
    rating_comment = models.TextField(_("评价意见"), blank=True, max_length=TEXT_LIMIT, validators=_limited(TEXT_LIMIT))
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["answered_at", "pk"]
        indexes = [models.Index(fields=["result"]), models.Index(fields=["rating"])]
        constraints = [
            models.CheckConstraint(condition=~Q(result="cannot") | ~Q(reason=""), name="answer_cannot_has_reason"),
            models.CheckConstraint(
                condition=~Q(rating="unsatisfied") | ~Q(rating_comment=""), name="answer_unsatisfied_has_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_result_display()}"
