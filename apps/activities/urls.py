from django.urls import path

from apps.activities import views

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    path("list/", views.ActivityListView.as_view(), name="activity_list"),
    path("calendar/", views.activity_calendar, name="calendar"),
    path("new/", views.activity_create, name="activity_create"),
    path("<uuid:activity_uuid>/", views.activity_detail, name="activity_detail"),
    path("<uuid:activity_uuid>/edit/", views.activity_edit, name="activity_edit"),
    path("<uuid:activity_uuid>/status/", views.activity_status, name="activity_status"),
    path("<uuid:activity_uuid>/signup/", views.activity_signup, name="activity_signup"),
    path("<uuid:activity_uuid>/signups/", views.activity_signups, name="activity_signups"),
    path("<uuid:activity_uuid>/attendance/", views.activity_attendance, name="activity_attendance"),
    path("<uuid:activity_uuid>/files/", views.file_upload, name="file_upload"),
    path("files/<uuid:file_uuid>/", views.file_download, name="file_download"),
    path("files/<uuid:file_uuid>/delete/", views.file_delete, name="file_delete"),
    path("signups/<uuid:signup_uuid>/cancel/", views.signup_cancel, name="signup_cancel"),
    path("plan/", views.plan, name="plan"),
    path("plan/new/", views.plan_item_create, name="plan_item_create"),
    path("plan/<uuid:item_uuid>/edit/", views.plan_item_edit, name="plan_item_edit"),
    path("plan/<uuid:item_uuid>/delete/", views.plan_item_delete, name="plan_item_delete"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/<int:category_id>/", views.category_edit, name="category_edit"),
]
