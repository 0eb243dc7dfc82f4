"""What the services of every app share: field errors collected so that a form shows all of
them at once, and form or API data assigned to a row."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _


class Errors:
    """Collects field errors so that a form shows all of them at once."""

    def __init__(self):
        self.errors = {}

    def add(self, field, message):
        self.errors.setdefault(field or NON_FIELD_ERRORS, []).append(message)

    def merge(self, error):
        for field, messages in error.update_error_dict({}).items():
            for message in messages:
                self.add(field, message)

    def has(self, field):
        return field in self.errors

    def __bool__(self):
        return bool(self.errors)

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def assign(obj, data, fields):
    """Sets the given fields present in `data`; returns the names of those that changed. A file
    field takes an upload, False to clear it, or None to keep it."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        field = obj._meta.get_field(name)
        value = data[name]
        if isinstance(field, models.FileField):
            before = getattr(obj, name).name
            field.save_form_data(obj, value)
            if getattr(obj, name).name != before or hasattr(value, "read"):
                changed.append(name)
            continue
        if field.is_relation:
            before, after = getattr(obj, field.attname), getattr(value, "pk", value)
        else:
            before, after = getattr(obj, name), value
        setattr(obj, name, value)
        if before != after:
            changed.append(name)
    return changed


def full_clean(obj, errors, exclude=(), validate_constraints=True):
    """The model's own validation, its messages added to `errors`."""
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=validate_constraints)
    except ValidationError as error:
        errors.merge(error)


def actor(user):
    """The user to record as the author of a row: None for an anonymous or missing one."""
    return user if getattr(user, "is_authenticated", False) else None


# The place of a row that belongs to a region, a municipality or an organization by its level.
PLACES = ("region", "municipality", "organization")


def place_for(level, region=None, municipality=None, organization=None):
    """The region, municipality and organization stored for a row of `level`: the lower ones
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


def place_of(obj):
    """The (region, municipality, organization) set on a row, None for the empty ones."""
    return tuple(getattr(obj, name) if getattr(obj, f"{name}_id") else None for name in PLACES)


def follow_level(obj, level):
    """Sets the row's region, municipality and organization as `place_for` its level."""
    obj.region, obj.municipality, obj.organization = place_for(level, *place_of(obj))


def require(queryset, obj, message=None):
    """`obj` (a row or its pk) must be among the rows of `queryset`, a `changeable_by` or
    `visible_to` of the user: forms offer nothing else, and the API gets a 403 (a transaction
    rolls back)."""
    if not queryset.filter(pk=getattr(obj, "pk", obj)).exists():
        raise PermissionDenied(
            message or _("Недостаточно прав: это вне вашей зоны ответственности.")
        )


def refusal(check, *args, denied):
    """Why `check(*args)` refuses, for a page to say instead of offering the action: `denied`
    for a PermissionDenied, the service's own words for a ValidationError, "" when it allows."""
    try:
        check(*args)
    except PermissionDenied:
        return denied
    except ValidationError as error:
        return error.messages[0]
    return ""
