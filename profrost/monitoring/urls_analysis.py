"""The analysis pages; appended to the app's urlpatterns in urls.py."""

from django.urls import path

from . import views_analysis as views

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("periods/<int:period_pk>/ranking/", views.RankingView.as_view(), name="ranking"),
    path("periods/<int:period_pk>/drill/", views.DrillView.as_view(), name="drill"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("targets/", views.TargetListView.as_view(), name="target_list"),
    path("targets/new/", views.TargetCreateView.as_view(), name="target_create"),
    path("targets/<int:pk>/edit/", views.TargetUpdateView.as_view(), name="target_update"),
    path("targets/<int:pk>/delete/", views.TargetDeleteView.as_view(), name="target_delete"),
]
