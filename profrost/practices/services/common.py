"""What every service of the app shares: many-to-many data, the check that a saved row lies
inside the user's change scope, the dates of facts. Collected field errors and assigning form
or API data to a row are `profrost.core.services`."""

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import format_date


def set_many(obj, data, fields):
    """Sets the many-to-many fields present in `data`; returns the names of those given."""
    given = [name for name in fields if name in data and data[name] is not None]
    for name in given:
        getattr(obj, name).set(data[name])
    return given


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
