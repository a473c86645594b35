from django.urls import path

from apps.welfare import views

app_name = "welfare"

urlpatterns = [
    path("", views.index, name="index"),
]
