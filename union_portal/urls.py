from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from apps.accounts.views import PortalLoginView, portal_logout
from apps.core.views import healthz

admin.site.site_header = _("工会门户管理后台")
admin.site.site_title = _("工会门户")

handler400 = "apps.core.views.bad_request"

urlpatterns = [
    path("", include("apps.core.urls")),
    path("healthz", healthz, name="healthz"),
    # The portal's login and logout (campus methods, second factor) before Django's own views of those names.
    path("accounts/login/", PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", portal_logout, name="logout"),
    path("accounts/", include("apps.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("members/", include("apps.people.urls")),
    path("activities/", include("apps.activities.urls")),
    path("welfare/", include("apps.welfare.urls")),
    path("proposals/", include("apps.proposals.urls")),
    path("purchases/", include("apps.purchases.urls")),
    path("reports/", include("apps.reports.urls")),
]
