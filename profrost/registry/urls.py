from django.urls import path

from . import urls_import, views, views_synonyms

app_name = "registry"

urlpatterns = [
    path("synonyms/", views_synonyms.SynonymListView.as_view(), name="synonym_list"),
    path("synonyms/new/", views_synonyms.SynonymCreateView.as_view(), name="synonym_create"),
    path(
        "synonyms/<int:pk>/edit/",
        views_synonyms.SynonymUpdateView.as_view(),
        name="synonym_update",
    ),
    path(
        "synonyms/<int:pk>/delete/",
        views_synonyms.SynonymDeleteView.as_view(),
        name="synonym_delete",
    ),
    path("municipalities/", views.MunicipalityListView.as_view(), name="municipality_list"),
    path("municipalities/new/", views.MunicipalityCreateView.as_view(), name="municipality_create"),
    path(
        "municipalities/<int:pk>/",
        views.MunicipalityDetailView.as_view(),
        name="municipality_detail",
    ),
    path(
        "municipalities/<int:pk>/edit/",
        views.MunicipalityUpdateView.as_view(),
        name="municipality_update",
    ),
    path("organizations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organizations/new/", views.OrganizationCreateView.as_view(), name="organization_create"),
    path(
        "organizations/<int:pk>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path(
        "organizations/<int:pk>/edit/",
        views.OrganizationUpdateView.as_view(),
        name="organization_update",
    ),
    path(
        "organizations/<int:pk>/delete/",
        views.OrganizationDeleteView.as_view(),
        name="organization_delete",
    ),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/me/documents/", views.MyDocumentDataView.as_view(), name="my_document_data"),
    path("people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person_update"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path(
        "people/<int:person_pk>/employments/new/",
        views.EmploymentCreateView.as_view(),
        name="employment_create",
    ),
    path(
        "employments/<int:pk>/edit/", views.EmploymentUpdateView.as_view(), name="employment_update"
    ),
    path(
        "employments/<int:pk>/delete/",
        views.EmploymentDeleteView.as_view(),
        name="employment_delete",
    ),
    path(
        "people/<int:person_pk>/attestations/new/",
        views.AttestationCreateView.as_view(),
        name="attestation_create",
    ),
    path(
        "attestations/<int:pk>/edit/",
        views.AttestationUpdateView.as_view(),
        name="attestation_update",
    ),
    path(
        "attestations/<int:pk>/delete/",
        views.AttestationDeleteView.as_view(),
        name="attestation_delete",
    ),
    path("attestation/due/", views.AttestationDueListView.as_view(), name="attestation_due"),
]

urlpatterns += urls_import.urlpatterns
