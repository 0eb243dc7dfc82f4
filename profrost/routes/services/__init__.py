"""State changes of routes: building from the deficit map, items and checkpoints, the status
flow, the person's progress and evidence, and the re-diagnosis after completion.

Every function is atomic, checks who acts (PermissionDenied) and what the route's status allows
(ValidationError with a Russian message), and leaves an audit entry `routes.<model>.<verb>`;
entries of items and checkpoints carry `route` so that the route's history finds them.
"""

from .common import (
    EVIDENCE_EXTENSIONS,
    MAX_EVIDENCE_SIZE,
    check_draft,
    check_manage,
    check_progress,
)
from .flow import (
    MOVES,
    agree_route,
    allowed_moves,
    cancel_route,
    check_move,
    complete_route,
    note_addressed_deficits,
    offer_rediagnosis,
    rediagnosis_instrument,
    start_route,
    unaddressed_deficits,
)
from .items import (
    add_checkpoint,
    add_item,
    delete_checkpoint,
    delete_item,
    mark_checkpoint,
    move_item,
    update_checkpoint,
    update_item,
)
from .progress import save_evidence, set_item_status, validate_evidence_file
from .routes import build_route, default_checkpoints, delete_route, set_deficit_note, update_route

__all__ = [
    "EVIDENCE_EXTENSIONS",
    "MAX_EVIDENCE_SIZE",
    "MOVES",
    "add_checkpoint",
    "add_item",
    "agree_route",
    "allowed_moves",
    "build_route",
    "cancel_route",
    "check_draft",
    "check_manage",
    "check_move",
    "check_progress",
    "complete_route",
    "default_checkpoints",
    "delete_checkpoint",
    "delete_item",
    "delete_route",
    "mark_checkpoint",
    "move_item",
    "note_addressed_deficits",
    "offer_rediagnosis",
    "rediagnosis_instrument",
    "save_evidence",
    "set_deficit_note",
    "set_item_status",
    "start_route",
    "unaddressed_deficits",
    "update_checkpoint",
    "update_item",
    "update_route",
    "validate_evidence_file",
]
