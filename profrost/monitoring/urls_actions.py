from django.urls import path

from . import views_actions as views

urlpatterns = [
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
]
