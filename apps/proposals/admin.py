from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.proposals.models import Answer, Assignment, Congress, Cosignature, Delegate, Delegation, Proposal


class DelegationInline(admin.TabularInline):
    model = Delegation
    extra = 0


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "submission_opens", "submission_closes", "required_cosigners"]
    inlines = [DelegationInline]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["member", "congress", "delegation"]
    list_filter = ["congress"]
    list_select_related = ["member", "congress", "delegation"]
    raw_id_fields = ["member"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


class CosignatureInline(admin.TabularInline):
    model = Cosignature
    extra = 0
    raw_id_fields = ["delegate"]


@admin.register(Proposal)
class ProposalAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "congress", "category", "status", "result", "satisfaction"]
    list_filter = ["congress", "status", "category", "result"]
    search_fields = ["title", "subject"]
    list_select_related = ["congress"]
    raw_id_fields = ["proposer", "merged_into", "reviewed_by"]
    inlines = [CosignatureInline, AssignmentInline]


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "unit", "result", "rating", "answered_at"]
    list_select_related = ["proposal", "unit"]
