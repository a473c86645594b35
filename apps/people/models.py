"""The union's people and organisation: units, branch unions, groups, members and interest groups."""

import uuid

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.validators import not_in_future, sane_date


class Unit(models.Model):
    """单位/部门: a college or an office of the university."""

    class Kind(models.TextChoices):
        COLLEGE = "college", _("学院")
        OFFICE = "office", _("职能部门")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    branch = models.ForeignKey(
        "BranchUnion",
        verbose_name=_("所属分工会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用的单位不再出现在新记录的选项中，已有记录保持不变。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class BranchUnion(models.Model):
    """分工会: a branch union, one per college or group of offices."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用的分工会不再出现在新记录的选项中，已有记录保持不变。")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分工会")
        verbose_name_plural = _("分工会")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class UnionGroup(models.Model):
    """工会小组: a union group inside a branch union."""

    name = models.CharField(_("名称"), max_length=100)
    branch = models.ForeignKey(BranchUnion, verbose_name=_("分工会"), on_delete=models.PROTECT, related_name="groups")

    class Meta:
        verbose_name = _("工会小组")
        verbose_name_plural = _("工会小组")
        ordering = ["branch__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["branch", "name"], name="union_group_unique_name_per_branch")]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    """会员: a member of staff in the union."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在职")
        RETIRED = "retired", _("退休")
        LEFT = "left", _("离校")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee_no = models.CharField(_("工号"), max_length=20, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True, validators=[not_in_future])
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="members")
    branch = models.ForeignKey(BranchUnion, verbose_name=_("分工会"), on_delete=models.PROTECT, related_name="members")
    union_group = models.ForeignKey(
        UnionGroup,
        verbose_name=_("工会小组"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("入会日期"), null=True, blank=True, validators=[not_in_future])
    left_on = models.DateField(
        _("离岗日期"),
        null=True,
        blank=True,
        validators=[sane_date],
        help_text=_("退休或离校的日期。退休会员仍是工会会员（离退休分工会），离校会员自该日起不再计入。"),
    )
    mutual_aid_joined_on = models.DateField(
        _("加入互助会日期"),
        null=True,
        blank=True,
        validators=[not_in_future],
        help_text=_("为空表示未加入互助会。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        ordering = ["employee_no"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["name"]),
            # 姓名或工号 search: name__contains (LIKE '%…%') is served by trigrams, not by the b-tree above.
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="member_name_trgm"),
            models.Index(fields=["joined_on"]),
            models.Index(fields=["left_on"]),
            models.Index(fields=["birth_date"]),
            models.Index(fields=["mutual_aid_joined_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="member_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_mutual_aid_member(self) -> bool:
        return self.mutual_aid_joined_on is not None


class InterestGroup(models.Model):
    """兴趣小组 / 俱乐部: a club such as badminton or table tennis."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.TextField(_("简介"), blank=True)
    leader = models.ForeignKey(
        Member,
        verbose_name=_("负责人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_interest_groups",
    )
    members = models.ManyToManyField(
        Member, through="InterestGroupMembership", related_name="interest_groups", verbose_name=_("成员")
    )

    class Meta:
        verbose_name = _("兴趣小组")
        verbose_name_plural = _("兴趣小组")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InterestGroupMembership(models.Model):
    group = models.ForeignKey(InterestGroup, on_delete=models.CASCADE, verbose_name=_("兴趣小组"))
    member = models.ForeignKey(Member, on_delete=models.CASCADE, verbose_name=_("会员"))
    joined_on = models.DateField(_("加入日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("兴趣小组成员")
        verbose_name_plural = _("兴趣小组成员")
        constraints = [models.UniqueConstraint(fields=["group", "member"], name="interest_group_member_once")]

    def __str__(self) -> str:
        return f"{self.group} · {self.member}"
