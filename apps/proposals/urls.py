from django.urls import path

from apps.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.RegisterView.as_view(), name="index"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.proposal_create, name="proposal_create"),
    path("similar/", views.similar, name="similar"),
    path("review/", views.ReviewListView.as_view(), name="review_list"),
    path("assigned/", views.AssignedListView.as_view(), name="assigned_list"),
    path("statistics/", views.statistics, name="statistics"),
    path("congresses/", views.congress_list, name="congress_list"),
    path("congresses/new/", views.congress_create, name="congress_create"),
    path("congresses/<uuid:congress_uuid>/", views.congress_detail, name="congress_detail"),
    path("congresses/<uuid:congress_uuid>/edit/", views.congress_edit, name="congress_edit"),
    path("congresses/<uuid:congress_uuid>/pdf/", views.congress_pdf, name="congress_pdf"),
    path(
        "congresses/<uuid:congress_uuid>/pdf/<uuid:book_uuid>/status/",
        views.congress_book_status,
        name="congress_book_status",
    ),
    path(
        "congresses/<uuid:congress_uuid>/pdf/<uuid:book_uuid>/download/",
        views.congress_book_download,
        name="congress_book_download",
    ),
    path("congresses/<uuid:congress_uuid>/back-entry/", views.back_entry, name="back_entry"),
    path(
        "congresses/<uuid:congress_uuid>/delegates/<int:delegate_id>/remove/",
        views.delegate_remove,
        name="delegate_remove",
    ),
    path("<uuid:proposal_uuid>/", views.proposal_detail, name="proposal_detail"),
    path(
        "<uuid:proposal_uuid>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<uuid:proposal_uuid>/answers/<int:answer_id>/file/", views.answer_file_download, name="answer_file_download"),
    path("<uuid:proposal_uuid>/edit/", views.proposal_edit, name="proposal_edit"),
    path("<uuid:proposal_uuid>/submit/", views.proposal_submit, name="proposal_submit"),
    path("<uuid:proposal_uuid>/cosign/", views.proposal_cosign, name="proposal_cosign"),
    path("<uuid:proposal_uuid>/review/", views.proposal_review, name="proposal_review"),
    path("<uuid:proposal_uuid>/answer/", views.proposal_answer, name="proposal_answer"),
    path("<uuid:proposal_uuid>/rate/", views.proposal_rate, name="proposal_rate"),
    path("<uuid:proposal_uuid>/pdf/", views.proposal_pdf, name="proposal_pdf"),
]
