"""Import pages; included into the registry namespace by profrost/registry/urls.py."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("import/", views_import.ImportStartView.as_view(), name="import_start"),
    path(
        "import/template/<slug:kind>/",
        views_import.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path("import/batch/<int:pk>/", views_import.ImportPreviewView.as_view(), name="import_preview"),
    path(
        "import/batch/<int:pk>/confirm/",
        views_import.ImportConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "import/batch/<int:pk>/answers/",
        views_import.ImportAnswersView.as_view(),
        name="import_answers",
    ),
    path("import/<slug:kind>/", views_import.ImportUploadView.as_view(), name="import_upload"),
]
