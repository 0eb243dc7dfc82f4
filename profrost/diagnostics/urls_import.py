"""Import of external diagnostic results; included into the diagnostics namespace."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("import/", views_import.ResultsImportView.as_view(), name="results_import"),
    path(
        "import/template/",
        views_import.ResultsTemplateView.as_view(),
        name="results_import_template",
    ),
    path("import/upload/", views_import.ResultsUploadView.as_view(), name="results_import_upload"),
    path(
        "import/batch/<int:pk>/",
        views_import.ResultsBatchView.as_view(),
        name="results_import_batch",
    ),
    path(
        "import/batch/<int:pk>/answers/",
        views_import.ResultsAnswersView.as_view(),
        name="results_import_answers",
    ),
    path(
        "import/batch/<int:pk>/confirm/",
        views_import.ResultsConfirmView.as_view(),
        name="results_import_confirm",
    ),
]
