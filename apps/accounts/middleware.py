from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse

from apps.accounts.second_factor import second_factor_enrolled, second_factor_required


class SecondFactorMiddleware:
    """A user whose role needs the second factor reaches nothing but the second-factor pages (and logout)
    until the code is given: whichever method signed them in (local, CAS or LDAP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if second_factor_required(user) and not user.is_verified() and not self._exempt(request.path_info):
            page = "accounts:otp_verify" if second_factor_enrolled(user) else "accounts:otp_enrol"
            return HttpResponseRedirect(f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("accounts:otp_verify"),
            reverse("accounts:otp_enrol"),
            reverse("logout"),
            reverse("set_language"),
            reverse("healthz"),
            settings.STATIC_URL,
        )
        return path.startswith(allowed)
