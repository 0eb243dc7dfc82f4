"""Reads of instruments: who sees them and who reads their items."""

from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope

from ..models import Instrument, ItemCompetence


def reads_instruments(user):
    """Instruments are for staff: a scope wider than the own record."""
    scope = resolve_scope(user, Perm.VIEW_DIAGNOSTICS)
    return bool(
        scope.everything or scope.region_ids or scope.municipality_ids or scope.organization_ids
    )


def visible_instruments(user):
    return Instrument.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS)


def competence_links(competence):
    """The ties of the items of every instrument to a competence."""
    return ItemCompetence.objects.filter(competence=competence)
