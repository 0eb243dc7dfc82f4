"""URLs of the regional methodical asset, under /routes/methodists/ (namespace "routes")."""

from django.urls import path

from . import methodists_views as views

urlpatterns = [
    path("methodists/", views.MethodistListView.as_view(), name="methodist_list"),
    path("methodists/new/", views.MethodistCreateView.as_view(), name="methodist_create"),
    path(
        "methodists/unassigned/",
        views.UnassignedTeachersView.as_view(),
        name="unassigned_teachers",
    ),
    path("methodists/balancing/", views.BalancingView.as_view(), name="methodist_balancing"),
    path(
        "methodists/assignments/new/",
        views.AssignmentCreateView.as_view(),
        name="methodist_assignment_create",
    ),
    path(
        "methodists/assignments/<int:pk>/end/",
        views.AssignmentEndView.as_view(),
        name="methodist_assignment_end",
    ),
    path("methodists/<int:pk>/", views.MethodistDetailView.as_view(), name="methodist_detail"),
    path("methodists/<int:pk>/edit/", views.MethodistUpdateView.as_view(), name="methodist_update"),
    path(
        "methodists/<int:pk>/exclude/",
        views.MethodistExcludeView.as_view(),
        name="methodist_exclude",
    ),
    path(
        "methodists/<int:pk>/delete/",
        views.MethodistDeleteView.as_view(),
        name="methodist_delete",
    ),
    path(
        "methodists/<int:methodist_pk>/assign/",
        views.AssignmentCreateView.as_view(),
        name="methodist_assign",
    ),
]
