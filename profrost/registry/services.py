"""State changes of the registry: atomic, validated, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.importers.references import reference_key
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere

from .models import Employment, Person, ReferenceSynonym
from .selectors import namesakes

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
def create_person(*, by, person_data, employment_data, namesake_confirmed=False):
    """A person and the first employment that places them inside an organization's scope. A
    person with the same ФИО and birth date is refused unless the user confirmed that this is
    another person (`namesake_confirmed`)."""
    person = Person(**{key: person_data[key] for key in PERSON_FIELDS if key in person_data})
    person.full_clean()
    if not namesake_confirmed:
        check_namesakes(person, by)
    person.save()
    subjects = employment_data.pop("subjects", [])
    employment = Employment(person=person, **employment_data)
    employment.full_clean()
    employment.save()
    employment.subjects.set(subjects)
    audit.log(by, "registry.person.created", person, organization=employment.organization_id)
    return person


def check_namesakes(person, by):
    found = namesakes(person.last_name, person.first_name, person.middle_name, person.birth_date)
    if found:
        raise ValidationError({"namesake": namesake_message(found[0], by)})


def namesake_message(found, user):
    """Names the person the user typed in, and where to go on: their card, when the user sees it;
    otherwise the staff import, which finds them and adds the job (docs/import.md)."""
    values = {"person": found.full_name, "born": format_date(found.birth_date)}
    if Person.objects.visible_to(user).filter(pk=found.pk).exists():
        text = _(
            "Работник %(person)s, %(born)s г. р., уже есть в реестре. Если это тот же человек, "
            "добавьте ему место работы на его карточке; если другой — подтвердите, что это "
            "другой человек."
        )
    else:
        text = _(
            "Работник %(person)s, %(born)s г. р., уже есть в реестре в другой организации. "
            "Если это тот же человек, загрузите его в файле сотрудников: импорт найдёт его и "
            "добавит место работы; если другой — подтвердите, что это другой человек."
        )
    return text % values


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
