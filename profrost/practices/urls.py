from django.urls import path

from .views import documents, practices, projects, public

app_name = "practices"

urlpatterns = [
    # Practices and their expertise
    path("", practices.PracticeListView.as_view(), name="practice_list"),
    path("new/", practices.PracticeCreateView.as_view(), name="practice_create"),
    path("<int:pk>/", practices.PracticeDetailView.as_view(), name="practice_detail"),
    path("<int:pk>/edit/", practices.PracticeUpdateView.as_view(), name="practice_update"),
    path("<int:pk>/delete/", practices.PracticeDeleteView.as_view(), name="practice_delete"),
    path("<int:pk>/file/", practices.PracticeFileView.as_view(), name="practice_file"),
    path("<int:pk>/experts/", practices.AssignExpertsView.as_view(), name="practice_experts"),
    path("<int:pk>/include/", practices.IncludeView.as_view(), name="practice_include"),
    path("<int:pk>/reject/", practices.RejectView.as_view(), name="practice_reject"),
    path(
        "<int:practice_pk>/disseminations/new/",
        practices.DisseminationCreateView.as_view(),
        name="dissemination_create",
    ),
    path(
        "disseminations/<int:pk>/edit/",
        practices.DisseminationUpdateView.as_view(),
        name="dissemination_update",
    ),
    path(
        "disseminations/<int:pk>/delete/",
        practices.DisseminationDeleteView.as_view(),
        name="dissemination_delete",
    ),
    path("reviews/<int:pk>/", practices.ReviewView.as_view(), name="review_form"),
    path(
        "reviews/<int:pk>/withdraw/",
        practices.WithdrawReviewView.as_view(),
        name="review_withdraw",
    ),
    path("my-reviews/", practices.MyReviewsView.as_view(), name="my_reviews"),
    # The public bank: no login (core.middleware.PUBLIC_PREFIXES)
    path("public/", public.PublicBankView.as_view(), name="public_bank"),
    path("public/<int:pk>/", public.PublicPracticeView.as_view(), name="public_detail"),
    path("public/<int:pk>/file/", public.PublicFileView.as_view(), name="public_file"),
    # Innovation projects and their reports
    path("projects/", projects.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", projects.ProjectCreateView.as_view(), name="project_create"),
    path("projects/<int:pk>/", projects.ProjectDetailView.as_view(), name="project_detail"),
    path("projects/<int:pk>/edit/", projects.ProjectUpdateView.as_view(), name="project_update"),
    path("projects/<int:pk>/delete/", projects.ProjectDeleteView.as_view(), name="project_delete"),
    path("projects/<int:pk>/file/", projects.ProjectFileView.as_view(), name="project_file"),
    path(
        "projects/<int:project_pk>/reports/new/",
        projects.ReportCreateView.as_view(),
        name="report_create",
    ),
    path("reports/<int:pk>/edit/", projects.ReportUpdateView.as_view(), name="report_update"),
    path("reports/<int:pk>/delete/", projects.ReportDeleteView.as_view(), name="report_delete"),
    path("reports/<int:pk>/file/", projects.ReportFileView.as_view(), name="report_file"),
    # Methodical materials and documents
    path("documents/", documents.DocumentListView.as_view(), name="document_list"),
    path("documents/new/", documents.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/", documents.DocumentDetailView.as_view(), name="document_detail"),
    path(
        "documents/<int:pk>/edit/", documents.DocumentUpdateView.as_view(), name="document_update"
    ),
    path(
        "documents/<int:pk>/delete/",
        documents.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path("documents/<int:pk>/file/", documents.DocumentFileView.as_view(), name="document_file"),
]
