from django.shortcuts import render

from apps.core import permissions


@permissions.action_required("purchases.view")
def index(request):
    return render(request, "core/placeholder.html")
