from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.people.models import BranchUnion, InterestGroup, InterestGroupMembership, Member, UnionGroup, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "branch", "sort_order"]
    list_filter = ["kind", "branch"]
    search_fields = ["name"]


@admin.register(BranchUnion)
class BranchUnionAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


@admin.register(UnionGroup)
class UnionGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "branch"]
    search_fields = ["name"]
    list_filter = ["branch"]


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ["employee_no", "name", "unit", "branch", "status", "joined_on"]
    list_filter = ["status", "branch", "unit"]
    search_fields = ["employee_no", "name"]
    list_select_related = ["unit", "branch"]


class InterestGroupMembershipInline(admin.TabularInline):
    model = InterestGroupMembership
    autocomplete_fields = ["member"]
    extra = 0


@admin.register(InterestGroup)
class InterestGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "leader"]
    search_fields = ["name"]
    autocomplete_fields = ["leader"]
    inlines = [InterestGroupMembershipInline]
