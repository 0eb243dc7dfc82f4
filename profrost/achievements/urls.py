from django.urls import path

from . import views, views_portfolio, views_records

app_name = "achievements"

urlpatterns = [
    path("competitions/", views.CompetitionListView.as_view(), name="competition_list"),
    path("competitions/new/", views.CompetitionCreateView.as_view(), name="competition_create"),
    path(
        "competitions/<int:pk>/", views.CompetitionDetailView.as_view(), name="competition_detail"
    ),
    path(
        "competitions/<int:pk>/edit/",
        views.CompetitionUpdateView.as_view(),
        name="competition_update",
    ),
    path(
        "competitions/<int:pk>/delete/",
        views.CompetitionDeleteView.as_view(),
        name="competition_delete",
    ),
    path("participations/", views.ParticipationListView.as_view(), name="participation_list"),
    path(
        "participations/new/",
        views.ParticipationCreateView.as_view(),
        name="participation_create",
    ),
    path(
        "participations/<int:pk>/",
        views.ParticipationDetailView.as_view(),
        name="participation_detail",
    ),
    path(
        "participations/<int:pk>/edit/",
        views.ParticipationUpdateView.as_view(),
        name="participation_update",
    ),
    path(
        "participations/<int:pk>/delete/",
        views.ParticipationDeleteView.as_view(),
        name="participation_delete",
    ),
    path("publications/", views_records.PublicationListView.as_view(), name="publication_list"),
    path(
        "publications/new/",
        views_records.PublicationCreateView.as_view(),
        name="publication_create",
    ),
    path(
        "publications/<int:pk>/",
        views_records.PublicationDetailView.as_view(),
        name="publication_detail",
    ),
    path(
        "publications/<int:pk>/edit/",
        views_records.PublicationUpdateView.as_view(),
        name="publication_update",
    ),
    path(
        "publications/<int:pk>/delete/",
        views_records.PublicationDeleteView.as_view(),
        name="publication_delete",
    ),
    path("experts/", views_records.ExpertListView.as_view(), name="expert_list"),
    path(
        "expert-activities/new/",
        views_records.ExpertActivityCreateView.as_view(),
        name="expert_activity_create",
    ),
    path(
        "expert-activities/<int:pk>/",
        views_records.ExpertActivityDetailView.as_view(),
        name="expert_activity_detail",
    ),
    path(
        "expert-activities/<int:pk>/edit/",
        views_records.ExpertActivityUpdateView.as_view(),
        name="expert_activity_update",
    ),
    path(
        "expert-activities/<int:pk>/delete/",
        views_records.ExpertActivityDeleteView.as_view(),
        name="expert_activity_delete",
    ),
    path(
        "people/<int:person_pk>/portfolio/",
        views_portfolio.PortfolioView.as_view(),
        name="portfolio",
    ),
    path(
        "people/<int:person_pk>/portfolio/print/",
        views_portfolio.PortfolioPrintView.as_view(),
        name="portfolio_print",
    ),
    path("my/portfolio/", views_portfolio.MyPortfolioView.as_view(), name="my_portfolio"),
]
