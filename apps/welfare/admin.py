from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.welfare.models import (
    Distribution,
    DistributionRecipient,
    MutualAidClaim,
    Visit,
    VisitStandard,
    VisitType,
    WelfareBudget,
)


class VisitStandardInline(admin.TabularInline):
    model = VisitStandard
    extra = 0


@admin.register(VisitType)
class VisitTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "standard_amount", "once_only", "private", "five_must_visit", "is_active"]
    list_editable = ["standard_amount"]
    ordering = ["sort_order"]
    inlines = [VisitStandardInline]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["visited_on", "member", "visit_type", "cash_amount", "gift_value", "status"]
    list_filter = ["visit_type", "status"]
    search_fields = ["member__name", "member__employee_no"]
    raw_id_fields = ["member", "created_by", "decided_by"]
    date_hierarchy = "visited_on"


@admin.register(Distribution)
class DistributionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "distributed_on", "unit_value", "status", "progress_done", "progress_total"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["chosen_members", "created_by"]


@admin.register(DistributionRecipient)
class DistributionRecipientAdmin(SimpleHistoryAdmin):
    list_display = ["distribution", "member", "value"]
    raw_id_fields = ["member"]
    list_select_related = ["distribution", "member"]


@admin.register(MutualAidClaim)
class MutualAidClaimAdmin(SimpleHistoryAdmin):
    list_display = ["submitted_on", "member", "amount_requested", "status", "paid_on", "paid_amount"]
    list_filter = ["status"]
    raw_id_fields = ["member", "created_by", "decided_by"]


@admin.register(WelfareBudget)
class WelfareBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "visit_type", "amount"]
