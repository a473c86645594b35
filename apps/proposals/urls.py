from django.urls import path

from apps.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.index, name="index"),
]
