"""Login accounts and the role each one plays; what a role may do is decided in apps.core.permissions."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.roles import Role

__all__ = ["AccountEvent", "RefusedSignIn", "Role", "SignInMethod", "User"]


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

        if access.is_declared(perm) and not (obj is None and self.is_staff and _names_a_model_permission(perm)):
            return access.has_perm(self, perm, obj)
        return super().has_perm(perm, obj)

    @property
    def display_name(self) -> str:
        if self.member_id:
            return self.member.name
        return self.get_full_name() or self.username


class SignInMethod(models.TextChoices):
    LOCAL = "local", _("门户账号")
    CAS = "cas", _("统一身份认证（CAS）")
    LDAP = "ldap", _("校园目录（LDAP）")


class RefusedSignIn(models.Model):
    """A campus identity that the campus server accepted but the roster does not know: the officer's list of
    people to add to the roster (or to tell whom to contact). One row per identity and method."""

    identity = models.CharField(_("工号"), max_length=150)
    method = models.CharField(_("登录方式"), max_length=10, choices=SignInMethod.choices)
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    department = models.CharField(_("部门"), max_length=200, blank=True)
    attempts = models.PositiveIntegerField(_("尝试次数"), default=1)
    first_at = models.DateTimeField(_("首次时间"), auto_now_add=True)
    last_at = models.DateTimeField(_("最近时间"))

    class Meta:
        verbose_name = _("被拒绝的统一身份")
        verbose_name_plural = _("被拒绝的统一身份")
        ordering = ["-last_at"]
        constraints = [
            models.UniqueConstraint(fields=["identity", "method"], name="refused_signin_once_per_method"),
            models.CheckConstraint(condition=Q(attempts__gte=1), name="refused_signin_attempts_positive"),
        ]
        indexes = [models.Index(fields=["-last_at"], name="refused_signin_recent")]

    def __str__(self) -> str:
        return f"{self.identity}（{self.get_method_display()}）"


class AccountEvent(models.Model):
    """The audit trail of an account's sign-in set-up: second factor enrolled, reset, recovery code used."""

    class Kind(models.TextChoices):
        CAMPUS_ACCOUNT_CREATED = "campus_created", _("首次统一身份登录，创建账号")
        SECOND_FACTOR_ENROLLED = "otp_enrolled", _("启用两步验证")
        SECOND_FACTOR_RESET = "otp_reset", _("管理员重置两步验证")
        RECOVERY_CODE_USED = "recovery_used", _("使用恢复码登录")

    account = models.ForeignKey(User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=Kind.choices)
    by = models.ForeignKey(
        User, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("账号事件")
        verbose_name_plural = _("账号事件")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["account", "-at"], name="account_event_recent")]

    def __str__(self) -> str:
        return f"{self.account} {self.get_kind_display()}"


def _names_a_model_permission(perm: str) -> bool:
    """ "proposals.view_proposal" is both a portal permission (about one proposal) and the admin site's model
    permission; asked without a record by the admin site (staff accounts only), the admin's meaning applies."""
    app_label, _, codename = perm.partition(".")
    action, _, model_name = codename.partition("_")
    if action not in ("view", "add", "change", "delete"):
        return False
    try:
        from django.apps import apps

        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True
