"""Instrument pages; included into the diagnostics namespace by `urls/__init__.py`."""

from django.urls import path

from ..views import instruments as views

urlpatterns = [
    path("instruments/", views.InstrumentListView.as_view(), name="instrument_list"),
    path("instruments/new/", views.InstrumentCreateView.as_view(), name="instrument_create"),
    path("instruments/import/", views.InstrumentImportView.as_view(), name="instrument_import"),
    path(
        "instruments/import/template/",
        views.InstrumentTemplateView.as_view(),
        name="instrument_import_template",
    ),
    path("instruments/<int:pk>/", views.InstrumentDetailView.as_view(), name="instrument_detail"),
    path(
        "instruments/<int:pk>/edit/",
        views.InstrumentUpdateView.as_view(),
        name="instrument_update",
    ),
    path(
        "instruments/<int:pk>/delete/",
        views.InstrumentDeleteView.as_view(),
        name="instrument_delete",
    ),
    path("instruments/<int:pk>/copy/", views.InstrumentCopyView.as_view(), name="instrument_copy"),
    path(
        "instruments/<int:pk>/publish/",
        views.InstrumentStatusView.as_view(action="publish"),
        name="instrument_publish",
    ),
    path(
        "instruments/<int:pk>/archive/",
        views.InstrumentStatusView.as_view(action="archive"),
        name="instrument_archive",
    ),
    path(
        "instruments/<int:pk>/export/",
        views.InstrumentExportView.as_view(),
        name="instrument_export",
    ),
    path(
        "instruments/<int:instrument_pk>/items/new/",
        views.ItemCreateView.as_view(),
        name="item_create",
    ),
    path("instruments/items/<int:pk>/edit/", views.ItemUpdateView.as_view(), name="item_update"),
    path("instruments/items/<int:pk>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("instruments/items/<int:pk>/move/", views.ItemMoveView.as_view(), name="item_move"),
]
