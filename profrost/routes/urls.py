from django.urls import path

from .views import items, routes

app_name = "routes"

urlpatterns = [
    path("", routes.RouteListView.as_view(), name="route_list"),
    path("build/<int:person_pk>/", routes.RouteBuildView.as_view(), name="route_build"),
    path("my/", routes.MyRouteView.as_view(), name="my_route"),
    path("checkpoints/", routes.TutorCheckpointsView.as_view(), name="tutor_checkpoints"),
    path("program-effect/", routes.ProgramEffectView.as_view(), name="program_effect"),
    path("<int:pk>/", routes.RouteDetailView.as_view(), name="route_detail"),
    path("<int:pk>/edit/", routes.RouteUpdateView.as_view(), name="route_update"),
    path("<int:pk>/delete/", routes.RouteDeleteView.as_view(), name="route_delete"),
    path("<int:pk>/agree/", routes.RouteMoveView.as_view(action="agree"), name="route_agree"),
    path("<int:pk>/start/", routes.RouteMoveView.as_view(action="start"), name="route_start"),
    path(
        "<int:pk>/complete/",
        routes.RouteMoveView.as_view(action="complete"),
        name="route_complete",
    ),
    path("<int:pk>/cancel/", routes.RouteCancelView.as_view(), name="route_cancel"),
    path(
        "<int:pk>/deficit-note/",
        routes.RouteDeficitNoteView.as_view(),
        name="route_deficit_note",
    ),
    path(
        "<int:pk>/rediagnosis/",
        routes.RouteRediagnosisView.as_view(),
        name="route_rediagnosis",
    ),
    path("<int:pk>/docx/", routes.RouteDocxView.as_view(), name="route_docx"),
    path("<int:route_pk>/items/new/", items.ItemCreateView.as_view(), name="item_create"),
    path("items/<int:pk>/edit/", items.ItemUpdateView.as_view(), name="item_update"),
    path("items/<int:pk>/delete/", items.ItemDeleteView.as_view(), name="item_delete"),
    path("items/<int:pk>/move/", items.ItemMoveView.as_view(), name="item_move"),
    path("items/<int:pk>/progress/", items.ItemProgressView.as_view(), name="item_progress"),
    path("items/<int:pk>/evidence/", items.ItemEvidenceView.as_view(), name="item_evidence"),
    path(
        "items/<int:route_item_pk>/checkpoints/new/",
        items.CheckpointCreateView.as_view(),
        name="checkpoint_create",
    ),
    path(
        "checkpoints/<int:pk>/edit/",
        items.CheckpointUpdateView.as_view(),
        name="checkpoint_update",
    ),
    path(
        "checkpoints/<int:pk>/delete/",
        items.CheckpointDeleteView.as_view(),
        name="checkpoint_delete",
    ),
    path(
        "checkpoints/<int:pk>/done/",
        items.CheckpointDoneView.as_view(),
        name="checkpoint_done",
    ),
]
