from django.urls import path

from apps.accounts import cas, views

app_name = "accounts"

urlpatterns = [
    path("cas/login/", cas.CampusCASLoginView.as_view(), name="cas_login"),
    path("second-factor/", views.otp_verify, name="otp_verify"),
    path("second-factor/enrol/", views.otp_enrol, name="otp_enrol"),
    path("second-factor/accounts/", views.second_factor_list, name="second_factor_list"),
    path("second-factor/accounts/<str:username>/reset/", views.second_factor_reset_view, name="second_factor_reset"),
    path("refused/", views.refused_signin_list, name="refused_signin_list"),
]
