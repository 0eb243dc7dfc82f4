"""Individual educational routes (ИОМ), their items and checkpoints; see docs/routes.md."""

from .items import ActivityKind, Checkpoint, ItemStatus, RouteItem
from .routes import Route, RouteStatus

__all__ = ["ActivityKind", "Checkpoint", "ItemStatus", "Route", "RouteItem", "RouteStatus"]
