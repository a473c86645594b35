from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.reports.models import AnnualReport, ReportVersion


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    fields = ["number", "status", "requested_by", "requested_at", "duration_ms", "size", "file", "error"]
    readonly_fields = fields
    can_delete = False


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "signing_unit", "updated_at"]
    inlines = [ReportVersionInline]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "status", "requested_by", "requested_at", "duration_ms", "size"]
    list_filter = ["status"]
    readonly_fields = ["frozen"]
