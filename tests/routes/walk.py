"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of routes: a route of the
person in `objects` with an item and a checkpoint, and the objects of the methodical asset
(tests/routes/walk_methodists.py) when that part is there."""

import importlib
import importlib.util

from profrost.routes.models import Checkpoint, Route, RouteItem
from tests import factories
from tests.routes.factories import CheckpointFactory, RouteFactory, RouteItemFactory, deficit


def extend(objects, user):
    person = objects["person"]
    competence = factories.CompetenceFactory(code="WALK.ROUTE")
    route = RouteFactory(person=person, title=f"ИОМ {person.last_name}")
    item = RouteItemFactory(route=route, covers=[deficit(person, competence)])
    checkpoint = CheckpointFactory(item=item)
    objects.update(
        {
            Route: route,
            RouteItem: item,
            Checkpoint: checkpoint,
            "route": route,
            "route_item": item,
        }
    )
    if importlib.util.find_spec("tests.routes.walk_methodists"):
        importlib.import_module("tests.routes.walk_methodists").extend(objects, user)
