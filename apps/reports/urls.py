from django.urls import path

from apps.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:year>/", views.report_detail, name="report_detail"),
    path("<int:year>/edit/", views.report_edit, name="report_edit"),
    path("<int:year>/preview/", views.report_preview, name="report_preview"),
    path("<int:year>/generate/", views.version_generate, name="version_generate"),
    path("<int:year>/versions/", views.version_table, name="version_table"),
    path("<int:year>/compare/", views.version_compare, name="version_compare"),
    path("versions/<uuid:version_uuid>/download/", views.version_download, name="version_download"),
    path("versions/<uuid:version_uuid>/docx/", views.version_docx, name="version_docx"),
    path("versions/<uuid:version_uuid>/retry/", views.version_retry, name="version_retry"),
]
