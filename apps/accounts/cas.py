"""CAS sign-in (django-cas-ng): the service ticket is validated against the campus server, whose user (or
the attribute named by CAS_EMPLOYEE_NO_ATTRIBUTE) is the 工号; the account is the member's."""

import requests
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_cas_ng import views as cas_views
from django_cas_ng.backends import CASBackend
from django_cas_ng.utils import get_cas_client

from apps.accounts import identity
from apps.accounts.models import SignInMethod

BACKEND_PATH = "apps.accounts.cas.CampusCASBackend"


class CampusCASBackend(CASBackend):
    def authenticate(self, request, ticket: str, service: str):
        """Only a CAS ticket reaches this backend (a password login does not bind to these arguments)."""
        client = get_cas_client(service_url=service, request=request)
        try:
            username, attributes, _pgtiou = client.verify_ticket(ticket)
        except (requests.RequestException, ValueError) as exc:  # unreachable server or a garbled answer
            identity.campus_unavailable(request, reason=exc)
            return None
        if not username:  # a ticket the server did not accept (expired, used, for another service)
            return None
        attributes = attributes or {}
        employee_no = username
        if settings.CAS_EMPLOYEE_NO_ATTRIBUTE:
            employee_no = identity.first_value(attributes.get(settings.CAS_EMPLOYEE_NO_ATTRIBUTE))
        account = identity.campus_account_for(
            employee_no=employee_no,
            method=SignInMethod.CAS,
            name=identity.first_value(attributes.get(settings.CAS_NAME_ATTRIBUTE)),
            department=identity.first_value(attributes.get(settings.CAS_DEPARTMENT_ATTRIBUTE)),
            request=request,
        )
        if account is None or not self.user_can_authenticate(account):
            return None
        if request is not None:
            request.session["cas_attributes"] = {key: identity.first_value(v) for key, v in attributes.items()}
        return account


def _safe_next(request, value: str | None) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


class CampusCASLoginView(cas_views.LoginView):
    """django-cas-ng's login, with a next= that leaves the portal dropped (not a 500) and a refusal shown
    as a page that says why and whom to contact (not a bare 403, nor a loop back to the CAS server)."""

    def get(self, request):
        given = request.GET.get(REDIRECT_FIELD_NAME)
        if given and not _safe_next(request, given):
            return HttpResponseRedirect(reverse("accounts:cas_login"))
        try:
            return super().get(request)
        except PermissionDenied:
            message = identity.refusal_of(request) or _(
                "统一身份认证未能确认您的身份（票据无效或已过期），请重新登录。"
            )
            context = {"message": message, "retry_url": reverse("accounts:cas_login")}
            return render(request, "registration/signin_refused.html", context, status=403)


class CampusCASLogoutView(cas_views.LogoutView):
    """Ends the portal session, then the CAS session (CAS_LOGOUT_COMPLETELY), back to the login page."""

    def get(self, request):
        request.GET = request.GET.copy()
        request.GET[REDIRECT_FIELD_NAME] = reverse("login")
        return super().get(request)
