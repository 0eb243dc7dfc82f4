"""Reads of routes, every count and mean computed in the database: who sees and who may change a
route, the lists and the tutor's checkpoints (`routes`); the change of competences before and
after a route and the ranking of programs by it (`effect`)."""

from .effect import (
    MIN_PEOPLE_MEASURED,
    addressed_competences,
    before_after,
    program_effect,
)
from .routes import (
    RUNNING,
    UPCOMING_DAYS,
    access,
    checkpoints_visible_to,
    is_own,
    is_tutor,
    items_visible_to,
    main_job_of,
    may_manage,
    overdue_checkpoints,
    own_routes,
    route_history,
    route_items,
    routes_for_list,
    routes_visible_to,
    tutor_checkpoints,
)
from .tasks import agreement_tasks, own_checkpoint_tasks, own_item_tasks, tutor_tasks

__all__ = [
    "MIN_PEOPLE_MEASURED",
    "RUNNING",
    "UPCOMING_DAYS",
    "access",
    "agreement_tasks",
    "addressed_competences",
    "before_after",
    "checkpoints_visible_to",
    "is_own",
    "is_tutor",
    "items_visible_to",
    "main_job_of",
    "may_manage",
    "overdue_checkpoints",
    "own_checkpoint_tasks",
    "own_item_tasks",
    "own_routes",
    "program_effect",
    "route_history",
    "route_items",
    "routes_for_list",
    "routes_visible_to",
    "tutor_checkpoints",
    "tutor_tasks",
]
