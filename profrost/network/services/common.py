from django.core.exceptions import ValidationError

from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope


def may_change(obj, user, perm):
    return type(obj).objects.changeable_by(user, perm).filter(pk=obj.pk).exists()


def require_changeable(obj, user, perm, message):
    """After a save inside the transaction: the row must lie inside what the user may change
    (the model's change_filter is the one rule); otherwise the transaction rolls back."""
    if not may_change(obj, user, perm):
        raise ValidationError(message)


def stored(obj, fields):
    """The values of `fields` as stored, before this save; None for a new row."""
    if obj.pk is None:
        return None
    return type(obj).objects.filter(pk=obj.pk).values_list(*fields).first()


def current(obj, fields):
    return tuple(getattr(obj, field) for field in fields)


def is_manager(user, perm):
    """Holds `perm` over a region, a municipality or an organization, not only over the own
    person record."""
    scope = resolve_scope(user, perm)
    return bool(
        scope.everything or scope.region_ids or scope.municipality_ids or scope.organization_ids
    )


def target_fields(level, region=None, municipality=None, organization=None):
    """The region, municipality and organization stored for a target of `level`: the lower ones
    empty, the higher ones filled from the lower."""
    if level == "organization" and organization is not None:
        municipality = organization.municipality
    if level in ("organization", "municipality") and municipality is not None:
        region = municipality.region
    if level == "region":
        municipality = organization = None
    if level == "municipality":
        organization = None
    return region, municipality, organization


def target_of(obj):
    """The (region, municipality, organization) set on a row, None for the empty ones."""
    return tuple(
        getattr(obj, name) if getattr(obj, f"{name}_id") else None
        for name in ("region", "municipality", "organization")
    )


def heads_an_association(user, perm):
    from ..models import Association

    return Association.objects.changeable_by(user, perm).exists()


def may_create_events(user):
    """Managers, and the heads of associations for the events of their associations."""
    return is_manager(user, Perm.MANAGE_EVENTS) or heads_an_association(user, Perm.MANAGE_EVENTS)


def may_create_plans(user):
    """Managers, and the heads of associations for the plans of their associations."""
    return may_create_events(user)
