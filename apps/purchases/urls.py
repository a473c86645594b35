from django.urls import path

from apps.purchases import views

app_name = "purchases"

urlpatterns = [
    path("", views.index, name="index"),
]
