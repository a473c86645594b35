from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="member_list"),
    path("new/", views.member_create, name="member_create"),
    path("search/", views.member_search, name="member_search"),
    path("<uuid:member_uuid>/", views.member_detail, name="member_detail"),
    path("<uuid:member_uuid>/edit/", views.member_edit, name="member_edit"),
]
