from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.purchases.models import Area, Attachment, Product, Purchase, PurchaseLine, Supplier, Task, TaskShare


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["province", "county", "is_paired"]
    list_filter = ["is_paired"]


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "via_832", "is_active"]
    list_filter = ["via_832", "is_active", "area"]
    search_fields = ["name"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "supplier", "certification_no", "is_active"]
    list_filter = ["supplier"]
    search_fields = ["name", "certification_no"]


class TaskShareInline(admin.TabularInline):
    model = TaskShare
    extra = 0


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["year", "amount", "per_head"]
    inlines = [TaskShareInline]


class LineInline(admin.TabularInline):
    model = PurchaseLine
    extra = 0
    readonly_fields = ["amount"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0


@admin.register(Purchase)
class PurchaseAdmin(SimpleHistoryAdmin):
    """Read-mostly: totals are kept by the services, so purchases are entered in the portal."""

    list_display = ["purchased_on", "supplier", "purpose", "total", "invoice_no", "order_no"]
    list_filter = ["purpose", "task"]
    search_fields = ["invoice_no", "order_no", "supplier__name"]
    readonly_fields = ["total"]
    inlines = [LineInline, AttachmentInline]
