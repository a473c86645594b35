from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User


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
