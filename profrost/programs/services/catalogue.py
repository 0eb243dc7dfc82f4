"""The catalogue: programs with their competence links, and cohorts."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import Errors, assign, full_clean, require
from profrost.core.text import count_phrase

from ..models import HOLDS_PLACE, Cohort, Program, ProgramCompetence

PROGRAM_FIELDS = (
    "title",
    "kind",
    "hours",
    "form",
    "provider",
    "provider_name",
    "federal_registry",
    "registry_number",
    "quality_management",
    "registry_url",
    "dpp_type",
    "activity_area",
    "speciality_group",
    "qualification",
    "region",
    "description",
    "url",
    "is_active",
)
COHORT_FIELDS = (
    "title",
    "starts_on",
    "ends_on",
    "capacity",
    "place",
    "link",
    "applications_close_on",
)
COHORT_FORMS = ("поток", "потока", "потоков")
PLACE_FORMS = ("место", "места", "мест")


def _require_manager(by):
    if resolve_scope(by, Perm.MANAGE_PROGRAMS).empty:
        raise PermissionDenied(_("Каталог программ ведёт региональный уровень (ЦНППМ, ИРО)."))


def _require_changeable(program, by):
    """The saved program must lie in a region where `by` keeps the catalogue; the transaction
    rolls back otherwise."""
    require(
        Program.objects.changeable_by(by, Perm.MANAGE_PROGRAMS),
        program,
        _("Недостаточно прав: программа из каталога другого региона."),
    )


def _default_region(program, by, errors):
    """A program belongs to a region; who keeps the catalogue of one region needs not say so."""
    if program.region_id is not None:
        return
    scope = resolve_scope(by, Perm.MANAGE_PROGRAMS)
    if scope.everything:
        return  # a program common to all regions
    if len(scope.region_ids) == 1:
        program.region_id = next(iter(scope.region_ids))
    else:
        errors.add("region", _("Укажите регион, в каталог которого входит программа."))


def check_links(links, errors, field="competences"):
    """Competence links as (competence, weight): each competence once, weights above zero."""
    seen = set()
    for competence, weight in links:
        if competence.pk in seen:
            errors.add(
                field,
                _("Компетенция %(code)s указана дважды.") % {"code": competence.code},
            )
        seen.add(competence.pk)
        if weight is not None and Decimal(weight) <= 0:
            errors.add(
                field,
                _("Вес компетенции %(code)s должен быть больше нуля.") % {"code": competence.code},
            )


def set_links(program, links):
    """Makes the program's competence links exactly `links`; True when anything changed."""
    wanted = {competence.pk: Decimal(weight or 1) for competence, weight in links}
    stored = {link.competence_id: link for link in program.links.all()}
    changed = False
    for competence_id, link in stored.items():
        if competence_id not in wanted:
            link.delete()
            changed = True
        elif link.weight != wanted[competence_id]:
            link.weight = wanted[competence_id]
            link.save(update_fields=["weight"])
            changed = True
    new = [
        ProgramCompetence(program=program, competence_id=competence_id, weight=weight)
        for competence_id, weight in wanted.items()
        if competence_id not in stored
    ]
    ProgramCompetence.objects.bulk_create(new)
    return changed or bool(new)


def registry_number_taken(program):
    number = program.registry_number
    return (
        bool(number)
        and Program.objects.filter(registry_number=number).exclude(pk=program.pk).exists()
    )


def _set_audience(program, data):
    changed = []
    for name in ("positions", "subjects"):
        if name not in data:
            continue
        wanted = {item.pk for item in data[name]}
        if wanted != set(getattr(program, name).values_list("pk", flat=True)):
            getattr(program, name).set(wanted)
            changed.append(name)
    return changed


def _save_program(program, data, links, by):
    changed = assign(program, data, PROGRAM_FIELDS)
    program.registry_number = (program.registry_number or "").strip()
    errors = Errors()
    _default_region(program, by, errors)
    # The number's uniqueness is checked here, so that its message stands at the field.
    full_clean(program, errors, exclude=["positions", "subjects"], validate_constraints=False)
    if registry_number_taken(program):
        errors.add(
            "registry_number",
            _("Программа с номером %(number)s уже есть в каталоге.")
            % {"number": program.registry_number},
        )
    if links is not None:
        check_links(links, errors)
    errors.raise_if_any()
    program.save()
    changed += _set_audience(program, data)
    if links is not None and set_links(program, links):
        changed.append("competences")
    _require_changeable(program, by)
    return changed


@transaction.atomic
def create_program(*, by, data, links=()):
    """A program of the catalogue; `links` are (competence, weight) pairs."""
    _require_manager(by)
    program = Program()
    _save_program(program, data, list(links), by)
    audit.log(by, "programs.program.created", program)
    return program


@transaction.atomic
def update_program(program, *, by, data, links=None):
    """Changes the given fields; `links`, when given, replace the competence links."""
    _require_changeable(program, by)
    program = Program.objects.select_for_update().get(pk=program.pk)
    changed = _save_program(program, data, None if links is None else list(links), by)
    audit.log(by, "programs.program.updated", program, fields=sorted(changed))
    return program


@transaction.atomic
def delete_program(program, *, by):
    _require_changeable(program, by)
    count = program.cohorts.count()
    if count:
        raise ValidationError(
            _("Программу «%(program)s» нельзя удалить: у неё %(cohorts)s. Сначала удалите потоки.")
            % {"program": program, "cohorts": count_phrase(count, COHORT_FORMS)}
        )
    audit.log(by, "programs.program.deleted", program)
    try:
        program.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "Программу «%(program)s» нельзя удалить: на неё ссылаются маршруты или заявки. "
                "Снимите отметку «Действует», чтобы убрать её из выбора."
            )
            % {"program": program}
        ) from error


# Cohorts ---------------------------------------------------------------------------------------


def taken_places(cohort):
    return cohort.enrollments.filter(status__in=HOLDS_PLACE).count()


def _save_cohort(cohort, data):
    changed = assign(cohort, data, COHORT_FIELDS)
    errors = Errors()
    # The dates rule is the model's clean(); its database twin would repeat it in English words.
    full_clean(cohort, errors, validate_constraints=False)
    if cohort.pk and "capacity" in changed and cohort.capacity:
        taken = taken_places(cohort)
        if cohort.capacity < taken:
            errors.add(
                "capacity",
                _("Мест не может быть меньше, чем уже занято: %(taken)s.")
                % {"taken": count_phrase(taken, PLACE_FORMS)},
            )
    errors.raise_if_any()
    cohort.save()
    return changed


@transaction.atomic
def create_cohort(program, *, by, data):
    _require_changeable(program, by)
    cohort = Cohort(program=program)
    _save_cohort(cohort, data)
    audit.log(by, "programs.cohort.created", cohort)
    return cohort


@transaction.atomic
def update_cohort(cohort, *, by, data):
    _require_changeable(cohort.program, by)
    # Approvals count the places under this lock too.
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    changed = _save_cohort(cohort, data)
    audit.log(by, "programs.cohort.updated", cohort, fields=sorted(changed))
    return cohort


@transaction.atomic
def delete_cohort(cohort, *, by):
    _require_changeable(cohort.program, by)
    count = cohort.enrollments.count()
    if count:
        raise ValidationError(
            _("Поток нельзя удалить: на него уже есть записи (%(count)s).") % {"count": count}
        )
    audit.log(by, "programs.cohort.deleted", cohort)
    cohort.delete()
