"""What every service of the programs area shares: field assignment and error collection."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


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

    def __bool__(self):
        return bool(self.errors)

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def assign(obj, data, fields):
    """Sets the given fields present in `data`; returns the names of those whose value changed."""
    changed = []
    for name in fields:
        if name not in data:
            continue
        field = obj._meta.get_field(name)
        value = data[name]
        if field.is_relation:
            before, after = getattr(obj, field.attname), getattr(value, "pk", value)
        else:
            before, after = getattr(obj, name), value
        setattr(obj, name, value)
        if before != after:
            changed.append(name)
    return changed


def full_clean(obj, errors, exclude=(), validate_constraints=True):
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=validate_constraints)
    except ValidationError as error:
        errors.merge(error)


def actor(user):
    return user if getattr(user, "is_authenticated", False) else None
