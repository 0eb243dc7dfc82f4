from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("periods/", views.PeriodListView.as_view(), name="period_list"),
    path("periods/new/", views.PeriodCreateView.as_view(), name="period_create"),
    path("periods/<int:pk>/", views.PeriodDetailView.as_view(), name="period_detail"),
    path("periods/<int:pk>/compute/", views.PeriodComputeView.as_view(), name="period_compute"),
    path("periods/<int:pk>/delete/", views.PeriodDeleteView.as_view(), name="period_delete"),
    # The analysis pages
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("periods/<int:period_pk>/ranking/", views.RankingView.as_view(), name="ranking"),
    path("periods/<int:period_pk>/drill/", views.DrillView.as_view(), name="drill"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("targets/", views.TargetListView.as_view(), name="target_list"),
    path("targets/new/", views.TargetCreateView.as_view(), name="target_create"),
    path("targets/<int:pk>/edit/", views.TargetUpdateView.as_view(), name="target_update"),
    path("targets/<int:pk>/delete/", views.TargetDeleteView.as_view(), name="target_delete"),
    # Recommendations and decisions
    path(
        "recommendations/",
        views.RecommendationListView.as_view(),
        name="recommendation_list",
    ),
    path(
        "recommendations/new/",
        views.RecommendationCreateView.as_view(),
        name="recommendation_create",
    ),
    path(
        "recommendations/rules/",
        views.RecommendationRulesView.as_view(),
        name="recommendation_rules",
    ),
    path(
        "recommendations/<int:pk>/",
        views.RecommendationDetailView.as_view(),
        name="recommendation_detail",
    ),
    path(
        "recommendations/<int:pk>/edit/",
        views.RecommendationUpdateView.as_view(),
        name="recommendation_update",
    ),
    path(
        "recommendations/<int:pk>/answer/",
        views.RecommendationAnswerView.as_view(),
        name="recommendation_answer",
    ),
    path(
        "recommendations/<int:pk>/accept/",
        views.RecommendationReviewView.as_view(action="accept"),
        name="recommendation_accept",
    ),
    path(
        "recommendations/<int:pk>/return/",
        views.RecommendationReviewView.as_view(action="return"),
        name="recommendation_return",
    ),
    path(
        "recommendations/<int:pk>/close/",
        views.RecommendationReviewView.as_view(action="close"),
        name="recommendation_close",
    ),
    path("periods/<int:pk>/apply-rules/", views.ApplyRulesView.as_view(), name="apply_rules"),
    path("decisions/", views.DecisionListView.as_view(), name="decision_list"),
    path("decisions/new/", views.DecisionCreateView.as_view(), name="decision_create"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.DecisionUpdateView.as_view(), name="decision_update"),
    path(
        "decisions/<int:pk>/status/",
        views.DecisionStatusView.as_view(),
        name="decision_status",
    ),
    # The analytical report
    path("periods/<int:period_pk>/report/", views.report_docx, name="report_docx"),
]
