from django.urls import path

from . import views, views_items

app_name = "routes"

urlpatterns = [
    path("", views.RouteListView.as_view(), name="route_list"),
    path("build/<int:person_pk>/", views.RouteBuildView.as_view(), name="route_build"),
    path("my/", views.MyRouteView.as_view(), name="my_route"),
    path("checkpoints/", views.TutorCheckpointsView.as_view(), name="tutor_checkpoints"),
    path("program-effect/", views.ProgramEffectView.as_view(), name="program_effect"),
    path("<int:pk>/", views.RouteDetailView.as_view(), name="route_detail"),
    path("<int:pk>/edit/", views.RouteUpdateView.as_view(), name="route_update"),
    path("<int:pk>/delete/", views.RouteDeleteView.as_view(), name="route_delete"),
    path("<int:pk>/agree/", views.RouteMoveView.as_view(action="agree"), name="route_agree"),
    path("<int:pk>/start/", views.RouteMoveView.as_view(action="start"), name="route_start"),
    path(
        "<int:pk>/complete/",
        views.RouteMoveView.as_view(action="complete"),
        name="route_complete",
    ),
    path("<int:pk>/cancel/", views.RouteCancelView.as_view(), name="route_cancel"),
    path(
        "<int:pk>/deficit-note/",
        views.RouteDeficitNoteView.as_view(),
        name="route_deficit_note",
    ),
    path(
        "<int:pk>/rediagnosis/",
        views.RouteRediagnosisView.as_view(),
        name="route_rediagnosis",
    ),
    path("<int:pk>/docx/", views.RouteDocxView.as_view(), name="route_docx"),
    path("<int:route_pk>/items/new/", views_items.ItemCreateView.as_view(), name="item_create"),
    path("items/<int:pk>/edit/", views_items.ItemUpdateView.as_view(), name="item_update"),
    path("items/<int:pk>/delete/", views_items.ItemDeleteView.as_view(), name="item_delete"),
    path("items/<int:pk>/move/", views_items.ItemMoveView.as_view(), name="item_move"),
    path("items/<int:pk>/progress/", views_items.ItemProgressView.as_view(), name="item_progress"),
    path("items/<int:pk>/evidence/", views_items.ItemEvidenceView.as_view(), name="item_evidence"),
    path(
        "items/<int:route_item_pk>/checkpoints/new/",
        views_items.CheckpointCreateView.as_view(),
        name="checkpoint_create",
    ),
    path(
        "checkpoints/<int:pk>/edit/",
        views_items.CheckpointUpdateView.as_view(),
        name="checkpoint_update",
    ),
    path(
        "checkpoints/<int:pk>/delete/",
        views_items.CheckpointDeleteView.as_view(),
        name="checkpoint_delete",
    ),
    path(
        "checkpoints/<int:pk>/done/",
        views_items.CheckpointDoneView.as_view(),
        name="checkpoint_done",
    ),
]
