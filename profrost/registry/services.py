"""State changes of the registry: atomic, validated, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.importers.references import reference_key
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere

from .models import Employment, Person, ReferenceSynonym

PERSON_FIELDS = (
    "last_name",
    "first_name",
    "middle_name",
    "birth_date",
    "snils",
    "email",
    "phone",
    "career_start",
    # What the federal register of documents on education needs (docs/frdo.md).
    "gender",
    "citizenship",
    "education_level",
    "diploma_last_name",
    "diploma_series",
    "diploma_number",
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


@transaction.atomic
def add_synonym(kind, text, target, *, by):
    """Keep `text` as another name of `target` (a position or a subject) for every import; the
    same text written again now names the new target. The system (no user) may, and whoever
    keeps the reference lists."""
    if by is not None and not has_perm_anywhere(by, Perm.MANAGE_REFERENCE):
        raise PermissionDenied(_("Синонимы справочников добавляет администратор региона."))
    found = ReferenceSynonym.objects.filter(kind=kind, key=reference_key(text)).first()
    synonym = found or ReferenceSynonym(kind=kind, created_by=by)
    synonym.synonym = text[:200]
    setattr(synonym, kind, target)
    synonym.full_clean()
    synonym.save()
    audit.log(
        by,
        "registry.synonym.changed" if found else "registry.synonym.created",
        synonym,
        kind=kind,
        target=str(target),
    )
    return synonym
