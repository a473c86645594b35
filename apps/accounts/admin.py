from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from apps.accounts import second_factor
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
    actions = ["reset_second_factor"]

    @admin.action(description=_("重置两步验证（下次登录时重新绑定）"))
    def reset_second_factor(self, request, queryset) -> None:
        for account in queryset:
            second_factor.second_factor_reset(account=account, by=request.user, note=_("管理后台"))
        self.message_user(request, _("已重置 %(count)d 个账号的两步验证。") % {"count": len(queryset)})


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
