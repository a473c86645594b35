from django.urls import path

from apps.purchases import views

app_name = "purchases"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/", views.PurchaseListView.as_view(), name="purchase_list"),
    path("new/", views.purchase_create, name="purchase_create"),
    path("products/options/", views.product_options, name="product_options"),
    path("suppliers/options/", views.supplier_options, name="supplier_options"),
    path("<uuid:purchase_uuid>/", views.purchase_detail, name="purchase_detail"),
    path("<uuid:purchase_uuid>/edit/", views.purchase_edit, name="purchase_edit"),
    path("<uuid:purchase_uuid>/delete/", views.purchase_delete, name="purchase_delete"),
    path("<uuid:purchase_uuid>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "<uuid:purchase_uuid>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"
    ),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("suppliers/", views.SupplierListView.as_view(), name="supplier_list"),
    path("suppliers/new/", views.simple_form, {"kind": "supplier"}, name="supplier_create"),
    path("suppliers/<int:pk>/edit/", views.simple_form, {"kind": "supplier"}, name="supplier_edit"),
    path("products/", views.ProductListView.as_view(), name="product_list"),
    path("products/new/", views.simple_form, {"kind": "product"}, name="product_create"),
    path("products/<int:pk>/edit/", views.simple_form, {"kind": "product"}, name="product_edit"),
    path("areas/", views.AreaListView.as_view(), name="area_list"),
    path("areas/new/", views.simple_form, {"kind": "area"}, name="area_create"),
    path("areas/<int:pk>/edit/", views.simple_form, {"kind": "area"}, name="area_edit"),
]
