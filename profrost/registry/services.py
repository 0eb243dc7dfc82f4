"""State changes of the registry: atomic, validated, audited."""

from django.db import transaction

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
    person = Person(**{key: person_data.get(key) for key in PERSON_FIELDS})
    person.full_clean()
    person.save()
    subjects = employment_data.pop("subjects", [])
    employment = Employment(person=person, **employment_data)
    employment.full_clean()
    employment.save()
    employment.subjects.set(subjects)
    audit.log(by, "registry.person.created", person, organization=employment.organization_id)
    return person
