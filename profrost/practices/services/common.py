"""What every service of the app shares: collected field errors, assigning form or API data to a
row, and the check that a saved row lies inside the user's change scope."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import format_date


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


def set_many(obj, data, fields):
    """Sets the many-to-many fields present in `data`; returns the names of those given."""
    given = [name for name in fields if name in data and data[name] is not None]
    for name in given:
        getattr(obj, name).set(data[name])
    return given


def full_clean(obj, errors, exclude=()):
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as error:
        errors.merge(error)


def require(queryset, obj, message=None):
    """`obj` must be among the rows of `queryset` (a `changeable_by` of the user): forms offer
    nothing else, and the API gets a 403 (the transaction rolls back)."""
    if not queryset.filter(pk=obj.pk).exists():
        raise PermissionDenied(
            message or _("Недостаточно прав: это вне вашей зоны ответственности.")
        )


def check_day(day, field, errors, *, not_before=None, not_before_label=""):
    """A date of a fact: not in the future and not before an earlier fact."""
    if day is None:
        return
    if day > timezone.localdate():
        errors.add(field, _("Дата не может быть в будущем."))
    elif not_before and day < not_before:
        errors.add(
            field,
            _("Дата не может быть раньше %(label)s (%(day)s).")
            % {"label": not_before_label, "day": format_date(not_before)},
        )


def actor(user):
    return user if getattr(user, "is_authenticated", False) else None
