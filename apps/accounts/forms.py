from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.accounts import identity


class PortalAuthenticationForm(AuthenticationForm):
    """The password login (local accounts and LDAP): a campus refusal says why, not "wrong password"."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if "ldap" in settings.AUTH_METHODS:
            local_too = "local" in settings.AUTH_METHODS
            self.fields["username"].label = _("工号或门户账号") if local_too else _("工号")
            self.fields["password"].label = _("密码") if local_too else _("统一身份认证密码")

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            refusal = identity.refusal_of(self.request)
            if refusal:
                raise ValidationError(refusal, code="campus_refused") from None
            raise


class SecondFactorCodeForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=32,
        help_text=_("身份验证器应用中显示的 6 位数字；手机不在身边时可输入一个恢复码。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


class SecondFactorEnrolForm(forms.Form):
    token = forms.CharField(
        label=_("验证码"),
        max_length=8,
        help_text=_("扫描二维码后，输入应用中显示的 6 位数字。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class SecondFactorResetForm(forms.Form):
    note = forms.CharField(label=_("原因"), max_length=200, required=False)
