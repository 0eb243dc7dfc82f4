from django.core.exceptions import ValidationError

from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Employment


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


def jobs_within_reach(obj):
    """Current jobs where a row of the network acts: its organization, else its municipality,
    else its region."""
    jobs = Employment.objects.active()
    if obj.organization_id:
        return jobs.filter(organization_id=obj.organization_id)
    if obj.municipality_id:
        return jobs.filter(organization__municipality_id=obj.municipality_id)
    return jobs.filter(organization__municipality__region_id=obj.region_id)


def heads_an_association(user, perm):
    from ..models import Association

    return Association.objects.changeable_by(user, perm).exists()


def may_create_events(user):
    """Managers, and the heads of associations for the events of their associations."""
    return is_manager(user, Perm.MANAGE_EVENTS) or heads_an_association(user, Perm.MANAGE_EVENTS)


def may_create_plans(user):
    """Managers, and the heads of associations for the plans of their associations."""
    return may_create_events(user)
