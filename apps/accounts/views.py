from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from apps.accounts import cas, second_factor, selectors
from apps.accounts.forms import (
    PortalAuthenticationForm,
    SecondFactorCodeForm,
    SecondFactorEnrolForm,
    SecondFactorResetForm,
)
from apps.accounts.models import User
from apps.core import flows
from apps.core.permissions import action_required


def _next_url(request) -> str:
    value = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return ""


class PortalLoginView(auth_views.LoginView):
    """The login page offers the methods in AUTH_METHODS; with CAS alone it goes straight to the CAS server."""

    form_class = PortalAuthenticationForm

    def get(self, request, *args, **kwargs):
        if settings.AUTH_METHODS == ["cas"] and not request.user.is_authenticated:
            return HttpResponseRedirect(self._cas_login_url())
        return super().get(request, *args, **kwargs)

    def _cas_login_url(self) -> str:
        next_url = _next_url(self.request)
        query = f"?{urlencode({'next': next_url})}" if next_url else ""
        return reverse("accounts:cas_login") + query

    def get_context_data(self, **kwargs):
        methods = settings.AUTH_METHODS
        return super().get_context_data(
            **kwargs,
            cas_login_url=self._cas_login_url() if "cas" in methods else "",
            password_login="local" in methods or "ldap" in methods,
            local_login="local" in methods,
        )


@require_POST
def portal_logout(request):
    """Logout; a CAS sign-in also ends its CAS session (single logout)."""
    if request.session.get(BACKEND_SESSION_KEY) == cas.BACKEND_PATH:
        return cas.CampusCASLogoutView.as_view()(request)
    return auth_views.LogoutView.as_view()(request)


@login_required
def otp_enrol(request):
    user = request.user
    if second_factor.second_factor_enrolled(user):
        return redirect("accounts:otp_verify" if not user.is_verified() else "core:home")
    device = second_factor.pending_totp_device(user)
    form = SecondFactorEnrolForm(request.POST or None)
    if form.is_valid():
        codes = second_factor.second_factor_enrol(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            context = {"codes": codes, "next": _next_url(request) or reverse("core:home")}
            return render(request, "registration/otp_recovery_codes.html", context)
        form.add_error("token", _("验证码不正确，请核对手机时间后输入最新的验证码。"))
    context = {
        "form": form,
        "qr_code": second_factor.qr_code_data_uri(device),
        "secret": second_factor.totp_secret_text(device),
        "next": _next_url(request),
    }
    return render(request, "registration/otp_enrol.html", context)


@login_required
def otp_verify(request):
    user = request.user
    if not second_factor.second_factor_enrolled(user):
        return redirect("accounts:otp_enrol")
    credentials = {"username": user.get_username()}
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    if form.is_valid():
        device = second_factor.second_factor_match(user=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if device.persistent_id.startswith("otp_static"):
                left = second_factor.recovery_codes_left(user)
                messages.warning(request, _("已使用一个恢复码，还剩 %(left)d 个。") % {"left": left})
            return HttpResponseRedirect(_next_url(request) or reverse("core:home"))
        # A wrong code counts as a failed login for django-axes: the same lockout as a wrong password.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            logout(request)
        form.add_error("token", _("验证码不正确或已使用过。"))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)})


@action_required("accounts.view_refused_signins")
def refused_signin_list(request):
    context = {"refusals": selectors.refused_signins_outside_roster()[:200]}
    return render(request, "accounts/refused_signin_list.html", context)


@action_required("accounts.reset_second_factor")
def second_factor_list(request):
    accounts = selectors.second_factor_accounts()
    return render(request, "accounts/second_factor_list.html", {"accounts": accounts, "form": SecondFactorResetForm()})


@require_POST
@action_required("accounts.reset_second_factor")
def second_factor_reset_view(request, username: str):
    account = get_object_or_404(User, username=username)
    form = SecondFactorResetForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        second_factor.second_factor_reset(account=account, by=request.user, note=note)
    except ValidationError as error:
        flows.flash_errors(request, error)
    else:
        messages.success(
            request, _("已重置 %(name)s 的两步验证，其下次登录时需重新绑定。") % {"name": account.display_name}
        )
    return redirect("accounts:second_factor_list")
