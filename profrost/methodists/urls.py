"""URLs of the regional methodical asset, under /routes/methodists/ (namespace "methodists")."""

from django.urls import path

from . import views

app_name = "methodists"

urlpatterns = [
    path("", views.MethodistListView.as_view(), name="methodist_list"),
    path("new/", views.MethodistCreateView.as_view(), name="methodist_create"),
    path(
        "unassigned/",
        views.UnassignedTeachersView.as_view(),
        name="unassigned_teachers",
    ),
    path("balancing/", views.BalancingView.as_view(), name="methodist_balancing"),
    path(
        "assignments/new/",
        views.AssignmentCreateView.as_view(),
        name="methodist_assignment_create",
    ),
    path(
        "assignments/<int:pk>/end/",
        views.AssignmentEndView.as_view(),
        name="methodist_assignment_end",
    ),
    path("<int:pk>/", views.MethodistDetailView.as_view(), name="methodist_detail"),
    path("<int:pk>/edit/", views.MethodistUpdateView.as_view(), name="methodist_update"),
    path(
        "<int:pk>/exclude/",
        views.MethodistExcludeView.as_view(),
        name="methodist_exclude",
    ),
    path(
        "<int:pk>/delete/",
        views.MethodistDeleteView.as_view(),
        name="methodist_delete",
    ),
    path(
        "<int:methodist_pk>/assign/",
        views.AssignmentCreateView.as_view(),
        name="methodist_assign",
    ),
]
