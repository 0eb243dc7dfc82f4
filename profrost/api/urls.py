from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import (
    achievements,
    datarequests,
    diagnostics,
    mentoring,
    methodists,
    network,
    practices,
    programs,
    routes,
    staffing,
    tokens,
    views,
)

app_name = "api"

# Path converters rather than regexes: typed ids in the schema, and the URL walk test reads them.
router = DefaultRouter(use_regex_path=False)
# ?format=json does the same; suffixed routes would only double the schema.
router.include_format_suffixes = False
router.register("regions", views.RegionViewSet, basename="region")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("employments", views.EmploymentViewSet, basename="employment")
router.register("attestations", views.AttestationViewSet, basename="attestation")
router.register("positions", views.PositionViewSet, basename="position")
router.register("subjects", views.SubjectViewSet, basename="subject")

# Each area keeps its viewsets in profrost/api/<area>.py with a `register(router)` function.
AREAS = (
    diagnostics,
    programs,
    routes,
    methodists,
    network,
    mentoring,
    achievements,
    practices,
    staffing,
    datarequests,
)
for area in AREAS:
    area.register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP runs no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("token/", tokens.TokenView.as_view(), name="token"),
    path("me/", views.MeView.as_view(), name="me"),
    path("", include(router.urls)),
]
