from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.activities.models import Activity, ActivityFile, Category, HostUnit, PlanItem, SignUp


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order", "is_active"]


@admin.register(PlanItem)
class PlanItemAdmin(SimpleHistoryAdmin):
    list_display = ["year", "month", "title", "category", "budget"]
    list_filter = ["year", "category"]
    search_fields = ["title"]
    filter_horizontal = ["host_units"]


class HostUnitInline(admin.TabularInline):
    model = HostUnit
    extra = 1


class ActivityFileInline(admin.TabularInline):
    model = ActivityFile
    extra = 0
    fields = readonly_fields = ["original_name", "kind", "uploaded_at"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "year", "category", "start", "status", "organising_branch", "is_notable"]
    list_filter = ["year", "status", "category", "is_notable"]
    search_fields = ["title"]
    raw_id_fields = ["plan_item", "created_by"]
    inlines = [HostUnitInline, ActivityFileInline]


@admin.register(SignUp)
class SignUpAdmin(SimpleHistoryAdmin):
    list_display = ["activity", "member", "status", "attended", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["activity", "member"]
