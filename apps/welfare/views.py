from django.shortcuts import render

from apps.core import permissions


@permissions.action_required("welfare.view_own")
def index(request):
    return render(request, "core/placeholder.html")
