from django.urls import path

from apps.people import views

app_name = "people"

urlpatterns = [
    path("", views.MemberListView.as_view(), name="member_list"),
    path("new/", views.member_create, name="member_create"),
    path("search/", views.member_search, name="member_search"),
    path("<uuid:member_uuid>/", views.member_detail, name="member_detail"),
    path("<uuid:member_uuid>/edit/", views.member_edit, name="member_edit"),
    path("interest-groups/", views.interest_group_list, name="interest_group_list"),
    path("interest-groups/<int:pk>/", views.interest_group_detail, name="interest_group_detail"),
    path(
        "interest-groups/<int:pk>/remove/<uuid:member_uuid>/",
        views.interest_group_member_remove,
        name="interest_group_member_remove",
    ),
    *[
        route
        for kind, plural in (("unit", "units"), ("branch", "branches"))
        for route in (
            path(f"{plural}/", views.organisation_list, {"kind": kind}, name=f"{kind}_list"),
            path(f"{plural}/new/", views.organisation_create, {"kind": kind}, name=f"{kind}_create"),
            path(f"{plural}/<int:pk>/", views.organisation_detail, {"kind": kind}, name=f"{kind}_detail"),
            path(f"{plural}/<int:pk>/edit/", views.organisation_edit, {"kind": kind}, name=f"{kind}_edit"),
            path(
                f"{plural}/<int:pk>/active/", views.organisation_set_active, {"kind": kind}, name=f"{kind}_set_active"
            ),
        )
    ],
]
