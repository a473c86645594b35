"""What the accounts app declares to the portal: who sees refused campus identities and resets second factors."""

from django.utils.translation import gettext_lazy as _

from apps.core import registry
from apps.core.roles import Role

ROLE_ACTIONS = {
    Role.OFFICER: {"accounts.view_refused_signins"},
    Role.ADMIN: {"accounts.view_refused_signins", "accounts.reset_second_factor"},
}


def register() -> None:
    registry.register_role_actions(ROLE_ACTIONS)
    registry.register_shortcuts(
        registry.Shortcut(
            _("未能登录的统一身份"),
            _("统一身份认证通过但不在会员名册中的工号"),
            "accounts:refused_signin_list",
            "accounts.view_refused_signins",
            "person-x",
            order=90,
        ),
        registry.Shortcut(
            _("两步验证"),
            _("查看绑定情况，为丢失手机的账号重置"),
            "accounts:second_factor_list",
            "accounts.reset_second_factor",
            "shield-lock",
            order=91,
        ),
    )
