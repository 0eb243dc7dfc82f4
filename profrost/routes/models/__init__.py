"""Individual educational routes (ИОМ), their items and checkpoints; see docs/routes.md."""

from .items import ActivityKind, Checkpoint, ItemStatus, RouteItem
from .routes import OPEN_STATUSES, Route, RouteStatus

__all__ = [
    "OPEN_STATUSES",
    "ActivityKind",
    "Checkpoint",
    "ItemStatus",
    "Route",
    "RouteItem",
    "RouteStatus",
]
