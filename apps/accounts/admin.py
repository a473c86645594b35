from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import AccountEvent, RefusedSignIn, User


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "display_name", "role", "branch", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["member", "branch", "unit"]
    autocomplete_fields = ["member", "branch", "unit"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("门户角色"), {"fields": ["role", "member", "branch", "unit"]}),
    ]


@admin.register(RefusedSignIn)
class RefusedSignInAdmin(admin.ModelAdmin):
    list_display = ["identity", "method", "name", "department", "attempts", "last_at"]
    list_filter = ["method"]
    search_fields = ["identity", "name"]
    readonly_fields = ["identity", "method", "name", "department", "attempts", "first_at", "last_at"]


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by the services, never edited."""

    list_display = ["at", "account", "kind", "by", "note"]
    list_filter = ["kind"]
    list_select_related = ["account", "by"]
    search_fields = ["account__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
