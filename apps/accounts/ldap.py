"""LDAP sign-in (django-auth-ldap): the 工号 and password are checked by binding as the directory entry that
the configured search finds; the account is then the member's (apps.accounts.identity)."""

import ldap
from django.conf import settings
from django.dispatch import receiver
from django_auth_ldap.backend import LDAPBackend, ldap_error
from django_auth_ldap.config import LDAPSearch

from apps.accounts import identity
from apps.accounts.models import SignInMethod


class CampusLDAPBackend(LDAPBackend):
    @property
    def default_settings(self) -> dict:
        """Built from plain settings (the environment), read at each login so a test can change them."""
        timeout = settings.LDAP_TIMEOUT
        options = {ldap.OPT_NETWORK_TIMEOUT: timeout, ldap.OPT_TIMEOUT: timeout, ldap.OPT_REFERRALS: 0}
        if settings.LDAP_CA_CERT_FILE:
            options[ldap.OPT_X_TLS_CACERTFILE] = settings.LDAP_CA_CERT_FILE
            options[ldap.OPT_X_TLS_NEWCTX] = 0  # must come last: applies the TLS options above
        return {
            "USER_SEARCH": LDAPSearch(settings.LDAP_SEARCH_BASE, ldap.SCOPE_SUBTREE, settings.LDAP_SEARCH_FILTER),
            "CONNECTION_OPTIONS": options,
            "USER_ATTR_MAP": {},
        }

    def get_or_build_user(self, username: str, ldap_user):
        """The member's account, never one made from the bare name: an entry outside the roster is refused."""
        attrs = ldap_user.attrs or {}
        account = identity.campus_account_for(
            employee_no=username,
            method=SignInMethod.LDAP,
            name=identity.first_value(attrs.get(settings.LDAP_NAME_ATTRIBUTE)),
            department=identity.first_value(attrs.get(settings.LDAP_DEPARTMENT_ATTRIBUTE)),
            request=ldap_user._request,
        )
        if account is None:
            raise ldap_user.AuthenticationFailed("no member with this staff number")
        return account, False  # found or made by the roster's rules; django-auth-ldap must not overwrite it

    def ldap_to_django_username(self, username: str) -> str:
        return username  # the 工号 as typed (trimmed), not lower-cased: it is looked up in the roster

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not password:  # an empty password would be an anonymous bind: never a login
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(ldap_error, sender=CampusLDAPBackend)
def _directory_unavailable(sender, context, user, request, exception, **kwargs) -> None:
    """django-auth-ldap reports a directory it cannot reach only through this signal; the login page then
    says the campus sign-in is unavailable. The login itself has already failed (no fallback)."""
    identity.campus_unavailable(request, reason=exception)
