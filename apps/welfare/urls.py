from django.urls import path

from apps.welfare import views

app_name = "welfare"

urlpatterns = [
    path("", views.index, name="index"),
    path("types/", views.type_list, name="type_list"),
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<uuid:visit_uuid>/", views.visit_detail, name="visit_detail"),
    path("visits/<uuid:visit_uuid>/attachment/", views.visit_attachment, name="visit_attachment"),
    path("visits/<uuid:visit_uuid>/<str:decision>/", views.visit_decide, name="visit_decide"),
    path("history/", views.my_history, name="my_history"),
    path("history/<uuid:member_uuid>/", views.member_history, name="member_history"),
    path("distributions/", views.DistributionListView.as_view(), name="distribution_list"),
    path("distributions/new/", views.distribution_create, name="distribution_create"),
    path("distributions/birthday/", views.distribution_birthday, name="distribution_birthday"),
    path("distributions/<uuid:distribution_uuid>/", views.DistributionDetailView.as_view(), name="distribution_detail"),
    path("distributions/<uuid:distribution_uuid>/progress/", views.distribution_progress, name="distribution_progress"),
    path("distributions/<uuid:distribution_uuid>/confirm/", views.distribution_confirm, name="distribution_confirm"),
    path("distributions/<uuid:distribution_uuid>/delete/", views.distribution_delete, name="distribution_delete"),
    path("mutual-aid/members/", views.EnrolmentListView.as_view(), name="enrolment_list"),
    path("mutual-aid/enrol/", views.enrol, name="enrol"),
    path("mutual-aid/claims/", views.ClaimListView.as_view(), name="claim_list"),
    path("mutual-aid/claims/new/", views.claim_create, name="claim_create"),
    path("mutual-aid/claims/<uuid:claim_uuid>/", views.claim_detail, name="claim_detail"),
    path("mutual-aid/claims/<uuid:claim_uuid>/<str:step>/", views.claim_step, name="claim_step"),
    path("budget/", views.budget_list, name="budget_list"),
    path("budget/set/", views.budget_set, name="budget_set"),
]
