"""Import of external diagnostic results; included into the diagnostics namespace."""

from django.urls import path

from ..views import imports

urlpatterns = [
    path("import/", imports.ResultsImportView.as_view(), name="results_import"),
    path(
        "import/template/",
        imports.ResultsTemplateView.as_view(),
        name="results_import_template",
    ),
    path("import/upload/", imports.ResultsUploadView.as_view(), name="results_import_upload"),
    path(
        "import/batch/<int:pk>/",
        imports.ResultsBatchView.as_view(),
        name="results_import_batch",
    ),
    path(
        "import/batch/<int:pk>/answers/",
        imports.ResultsAnswersView.as_view(),
        name="results_import_answers",
    ),
    path(
        "import/batch/<int:pk>/confirm/",
        imports.ResultsConfirmView.as_view(),
        name="results_import_confirm",
    ),
]
