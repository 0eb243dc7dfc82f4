from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from profrost.core import views_pages

urlpatterns = [
    path("", views_pages.home, name="home"),
    path("healthz", views_pages.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views_pages.AuditListView.as_view(), name="audit"),
    path("jobs/<int:pk>/", views_pages.job_status, name="job_status"),
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
