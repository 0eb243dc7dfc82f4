"""State changes of vacancies: atomic, validated by the model's rules, audited.

The HTML views and the API call these functions; who may call them over which vacancy is checked
by the caller through `Vacancy.objects.changeable_by(user, Perm.MANAGE_VACANCIES)`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit

from .models import Closure, Vacancy

EDITABLE_FIELDS = ("organization", "position", "subject", "hours", "opened_on", "contact", "notes")


def _only_editable(data):
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    return data


@transaction.atomic
def create_vacancy(*, by, **data):
    vacancy = Vacancy(**_only_editable(data))
    vacancy.full_clean()
    vacancy.save()
    audit.log(by, "staffing.vacancy.created", vacancy)
    return vacancy


@transaction.atomic
def update_vacancy(vacancy, *, by, **changes):
    for name, value in _only_editable(changes).items():
        setattr(vacancy, name, value)
    vacancy.full_clean()
    vacancy.save()
    audit.log(by, "staffing.vacancy.updated", vacancy, fields=sorted(changes))
    return vacancy


@transaction.atomic
def close_vacancy(vacancy, *, by, closed_on, closure, hired_person=None):
    """Closes an open vacancy by hiring (optionally naming the person hired) or cancelling."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if not vacancy.is_open:
        raise ValidationError(_("Вакансия уже закрыта."))
    vacancy.closed_on = closed_on
    vacancy.closure = closure
    vacancy.hired_person = hired_person if closure == Closure.HIRED else None
    vacancy.full_clean()
    vacancy.save(update_fields=["closed_on", "closure", "hired_person"])
    audit.log(
        by,
        "staffing.vacancy.closed",
        vacancy,
        closure=closure,
        closed_on=closed_on.isoformat(),
    )
    return vacancy


@transaction.atomic
def reopen_vacancy(vacancy, *, by):
    """The place is vacant again: the closing date, the way and the person hired are cleared."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.is_open:
        raise ValidationError(_("Вакансия и так открыта."))
    vacancy.closed_on = None
    vacancy.closure = ""
    vacancy.hired_person = None
    vacancy.save(update_fields=["closed_on", "closure", "hired_person"])
    audit.log(by, "staffing.vacancy.reopened", vacancy)
    return vacancy


@transaction.atomic
def delete_vacancy(vacancy, *, by):
    audit.log(by, "staffing.vacancy.deleted", vacancy)
    vacancy.delete()
