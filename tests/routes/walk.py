"""What the project-wide URL walk (tests/core/test_url_walk.py) needs of routes: a route of the
person in `objects` with an item and a checkpoint."""

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
