from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from profrost.core import lookups, views_pages
from profrost.home import home

# The admin is entered through the site's login, with its lockout and second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views_pages.healthz, name="healthz"),
    path("accounts/", include("profrost.accounts.urls_invitation")),
    path("accounts/", include("profrost.accounts.urls_sso")),
    path("accounts/", include("allauth.urls")),
    path("audit/", views_pages.AuditListView.as_view(), name="audit"),
    path("lookup/<str:name>/", lookups.lookup_view, name="lookup"),
    path("jobs/<int:pk>/", views_pages.job_status, name="job_status"),
    path("jobs/<int:pk>/file/", views_pages.job_file, name="job_file"),
    path("registry/people/accounts/", include("profrost.accounts.urls")),
    path("registry/", include("profrost.registry.urls")),
    path("competences/", include("profrost.competences.urls")),
    path("diagnostics/", include("profrost.diagnostics.urls")),
    path("programs/", include("profrost.programs.urls")),
    path("routes/methodists/", include("profrost.methodists.urls")),
    path("routes/", include("profrost.routes.urls")),
    path("network/", include("profrost.network.urls")),
    path("mentoring/", include("profrost.mentoring.urls")),
    path("achievements/", include("profrost.achievements.urls")),
    path("practices/", include("profrost.practices.urls")),
    path("staffing/", include("profrost.staffing.urls")),
    path("monitoring/", include("profrost.monitoring.urls")),
    path("requests/", include("profrost.datarequests.urls")),
    path("notifications/", include("profrost.notifications.urls")),
    path("consents/", include("profrost.consents.urls")),
    path("api/", include("profrost.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "profrost.core.views_errors.bad_request"
handler403 = "profrost.core.views_errors.permission_denied"
handler404 = "profrost.core.views_errors.page_not_found"
handler500 = "profrost.core.views_errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
