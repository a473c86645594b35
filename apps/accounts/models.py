"""Login accounts and the role each one plays; what a role may do is decided in apps.core.permissions."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.roles import Role

__all__ = ["Role", "User"]


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

    def has_perm(self, perm, obj=None) -> bool:
        """The portal's own permissions are decided by the apps' rules, for superusers too (no shortcut
        past a rule such as "not your own visit"); Django's model permissions serve the admin site."""
        from apps.core import access  # the access helpers import auth views, which need this model loaded

        if access.is_declared(perm):
            return access.has_perm(self, perm, obj)
        return super().has_perm(perm, obj)

    @property
    def display_name(self) -> str:
        if self.member_id:
            return self.member.name
        return self.get_full_name() or self.username
