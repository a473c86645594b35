from django.urls import path

from apps.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/union/", views.union_settings, name="union_settings"),
    path("imports/<slug:kind>/", views.import_upload, name="import_upload"),
    path("imports/batch/<uuid:batch_uuid>/", views.import_preview, name="import_preview"),
]
