"""State changes of the registry: atomic, validated, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit

from .models import Employment, Person

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "snils",
    "email",
    "phone",
    "career_start",
)


@transaction.atomic
def create_person(*, by, person_data, employment_data):
    """A person and the first employment that places them inside an organization's scope."""
    person = Person(**{key: person_data[key] for key in PERSON_FIELDS if key in person_data})
    person.full_clean()
    person.save()
    subjects = employment_data.pop("subjects", [])
    employment = Employment(person=person, **employment_data)
    employment.full_clean()
    employment.save()
    employment.subjects.set(subjects)
    audit.log(by, "registry.person.created", person, organization=employment.organization_id)
    return person


@transaction.atomic
def delete_employment(employment, *, by):
    """The last employment keeps a person inside some organization's scope: end it instead."""
    if not Employment.objects.filter(person_id=employment.person_id).exclude(pk=employment.pk):
        raise ValidationError(
            _(
                "Нельзя удалить единственное место работы: работник пропадёт из реестра. "
                "Укажите дату окончания работы."
            )
        )
    audit.log(by, "registry.employment.deleted", employment)
    employment.delete()
