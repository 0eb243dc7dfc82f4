from django.urls import path

from ..views import campaigns as views

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.CampaignUpdateView.as_view(), name="campaign_update"),
    path("campaigns/<int:pk>/delete/", views.CampaignDeleteView.as_view(), name="campaign_delete"),
    path("campaigns/<int:pk>/assign/", views.CampaignAssignView.as_view(), name="campaign_assign"),
    path("my/", views.MyDiagnosticsView.as_view(), name="my_diagnostics"),
    path("attempts/<int:pk>/", views.AttemptDetailView.as_view(), name="attempt_detail"),
    path(
        "attempts/<int:attempt_pk>/items/<int:item_pk>/answer/",
        views.AttemptAnswerView.as_view(),
        name="attempt_answer",
    ),
    path("attempts/<int:pk>/submit/", views.AttemptSubmitView.as_view(), name="attempt_submit"),
]
