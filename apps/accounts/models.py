"""Login accounts and the role each one plays; what a role may do is decided in apps.core.permissions."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STAFF = "staff", _("教职工")
    BRANCH_CHAIR = "branch_chair", _("分工会主席")
    OFFICER = "officer", _("工会干部")
    COMMITTEE = "committee", _("提案工作委员会")
    HANDLER = "handler", _("承办部门")
    LEADERSHIP = "leadership", _("校领导")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.STAFF)
    member = models.OneToOneField(
        "people.Member",
        verbose_name=_("对应会员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
    )
    branch = models.ForeignKey(
        "people.BranchUnion",
        verbose_name=_("负责的分工会"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("分工会主席必填：只能看到和管理本分工会的记录。"),
    )
    unit = models.ForeignKey(
        "people.Unit",
        verbose_name=_("所在承办部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("承办部门账号必填：只能看到分配给本部门的提案。"),
    )

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="branch_chair") | Q(branch__isnull=False),
                name="branch_chair_has_branch",
            ),
            models.CheckConstraint(
                condition=~Q(role="handler") | Q(unit__isnull=False),
                name="handler_has_unit",
            ),
        ]

    @property
    def display_name(self) -> str:
        if self.member_id:
            return self.member.name
        return self.get_full_name() or self.username
