"""Endpoints of individual educational routes (ИОМ): routes, their items and checkpoints.

Reads go through `profrost.routes.selectors.routes_visible_to(user)`, the union of the routes the
user manages (MANAGE_ROUTES) and follows (FOLLOW_OWN_ROUTE: their own, tutored and assigned
routes), as the pages do. Every write calls `profrost.routes.services`, which validates with the
pages' Russian messages and audits (`routes.<model>.<verb>`): a route is created by
`build_route` from the person's deficits (POST /api/routes/), its status moves by actions
(agree, start, complete, cancel), the person marks items (POST .../progress/) and checkpoints.
"""

from .items import RouteCheckpointViewSet, RouteItemViewSet
from .routes import RouteViewSet


def register(router):
    router.register("routes", RouteViewSet, basename="route")
    router.register("route-items", RouteItemViewSet, basename="route-item")
    router.register("route-checkpoints", RouteCheckpointViewSet, basename="route-checkpoint")
