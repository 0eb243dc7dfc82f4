"""Every change of the regional methodical asset (seed 003 3.2.3.21) and of the assignment of
teachers to methodists: atomic, validated with Russian messages, audited as
`routes.methodist.<verb>`. The pages and the API call these same functions.

The cap (seed 003 6.2.5, 250 teachers by default) is a rule with an explicit way round: a teacher
is refused to a methodist whose active assignments have reached the cap unless the caller
confirms «сверх нормы» (`over_cap=True`); the audit entry then records `over_cap`. The automatic
balancing never goes over the cap.

Dates: an assignment is active while it has no end date. Starting, ending and excluding are
recorded as of today or a past day, never a future one, so that the load shown is the load now.
"""

from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.services import Errors
from profrost.core.text import count_phrase
from profrost.registry.models import Employment, Person, Region

from . import selectors
from .models import Methodist, MethodistAssignment

MANAGE = Perm.MANAGE_METHODISTS
METHODIST_FIELDS = (
    "person",
    "region",
    "municipality",
    "directions",
    "included_on",
    "document",
    "load_cap",
)
FIXED_FIELDS = ("person", "region")
TEACHER_FORMS = ("педагог", "педагога", "педагогов")
ALREADY_IN_ASSET = _lazy("Работник уже состоит в региональном методическом активе.")


def _check_manager(user, methodist):
    if not selectors.may_change(user, methodist):
        raise PermissionDenied(_("Недостаточно прав для изменения записи."))


def _not_in_future(errors, field, day, message):
    if day and day > timezone.localdate():
        errors.add(field, message)


# The register ----------------------------------------------------------------------------------


@transaction.atomic
def create_methodist(*, by, data):
    methodist = Methodist()
    _fill(methodist, data)
    errors = _validate(methodist, by=by, creating=True)
    errors.raise_if_any()
    try:
        with transaction.atomic():
            methodist.save()
    except IntegrityError as error:
        raise ValidationError({"person": [ALREADY_IN_ASSET]}) from error
    methodist.subjects.set(data.get("subjects", []))
    audit.log(by, "routes.methodist.created", methodist)
    return methodist


@transaction.atomic
def update_methodist(methodist, *, by, data):
    _check_manager(by, methodist)
    methodist = Methodist.objects.select_for_update().get(pk=methodist.pk)
    errors = Errors()
    for name in FIXED_FIELDS:
        if name in data and getattr(data[name], "pk", data[name]) != getattr(
            methodist, f"{name}_id"
        ):
            errors.add(
                name,
                _(
                    "Работника и регион методиста изменить нельзя: исключите его из актива и "
                    "добавьте нового."
                ),
            )
    errors.raise_if_any()
    changed = _fill(methodist, {k: v for k, v in data.items() if k not in FIXED_FIELDS})
    errors = _validate(methodist, by=by, creating=False)
    errors.raise_if_any()
    methodist.save()
    if "subjects" in data:
        before = set(methodist.subjects.values_list("pk", flat=True))
        after = {subject.pk for subject in data["subjects"]}
        if before != after:
            methodist.subjects.set(data["subjects"])
            changed.append("subjects")
    audit.log(by, "routes.methodist.updated", methodist, fields=sorted(changed))
    return methodist


def _fill(methodist, data):
    changed = []
    for name in METHODIST_FIELDS:
        if name in data and getattr(methodist, name, None) != data[name]:
            setattr(methodist, name, data[name])
            changed.append(name)
    return changed


def _validate(methodist, *, by, creating):
    errors = Errors()
    try:
        methodist.full_clean(exclude=["excluded_on"], validate_constraints=False)
    except ValidationError as error:
        errors.merge(error)
    if errors.errors:
        return errors
    if creating:
        _check_scope(by, methodist)
    _not_in_future(
        errors, "included_on", methodist.included_on, _("Дата включения не может быть в будущем.")
    )
    if methodist.municipality_id and methodist.municipality.region_id != methodist.region_id:
        errors.add("municipality", _("Муниципалитет не относится к региону методиста."))
    if creating:
        _check_new_person(methodist, errors)
    else:
        _check_assignments_fit(methodist, errors)
    return errors


def _check_scope(by, methodist):
    if not Region.objects.visible_to(by, MANAGE).filter(pk=methodist.region_id).exists():
        raise PermissionDenied(_("Вести реестр методического актива этого региона вы не можете."))
    if not Person.objects.visible_to(by, MANAGE).filter(pk=methodist.person_id).exists():
        raise PermissionDenied(_("Работник вне вашей зоны ответственности."))


def _check_new_person(methodist, errors):
    works_here = (
        Employment.objects.active()
        .filter(person=methodist.person_id, organization__municipality__region=methodist.region_id)
        .exists()
    )
    if not works_here:
        errors.add(
            "person", _("Работник должен работать в одной из организаций региона методиста.")
        )
    already = Methodist.objects.filter(
        person=methodist.person_id, region=methodist.region_id, excluded_on__isnull=True
    )
    if already.exists():
        errors.add("person", ALREADY_IN_ASSET)


def _check_assignments_fit(methodist, errors):
    """Edits keep the active assignments valid: inside the area, after the inclusion date."""
    active = methodist.assignments.filter(ends_on__isnull=True)
    inside = selectors.teaching_jobs().filter(selectors.area_q(methodist)).values("person_id")
    outside = active.exclude(person__in=inside).count()
    if outside:
        errors.add(
            "municipality",
            _(
                "За методистом закреплены педагоги, не работающие в этом муниципалитете "
                "(%(count)s): сначала завершите их закрепления."
            )
            % {"count": outside},
        )
    earliest = methodist.assignments.order_by("starts_on").values_list("starts_on", flat=True)
    first = earliest.first()
    if first and methodist.included_on and methodist.included_on > first:
        errors.add(
            "included_on",
            _("Закрепления за методистом начинаются раньше: %(day)s.")
            % {"day": format_date(first)},
        )


@transaction.atomic
def exclude_methodist(methodist, *, by, excluded_on=None):
    """Excludes the methodist from the asset; their active assignments end on the same day."""
    _check_manager(by, methodist)
    methodist = Methodist.objects.select_for_update().get(pk=methodist.pk)
    excluded_on = excluded_on or timezone.localdate()
    errors = Errors()
    if methodist.excluded_on:
        errors.add(None, _("Методист уже исключён из актива."))
        errors.raise_if_any()
    _not_in_future(
        errors, "excluded_on", excluded_on, _("Дата исключения не может быть в будущем.")
    )
    if excluded_on < methodist.included_on:
        errors.add(
            "excluded_on",
            _("Дата исключения раньше включения в актив (%(day)s).")
            % {"day": format_date(methodist.included_on)},
        )
    active = methodist.assignments.filter(ends_on__isnull=True)
    latest = active.order_by("-starts_on").values_list("starts_on", flat=True).first()
    if latest and excluded_on < latest:
        errors.add(
            "excluded_on",
            _("Последнее действующее закрепление начато %(day)s: исключить раньше нельзя.")
            % {"day": format_date(latest)},
        )
    errors.raise_if_any()
    ended = active.update(ends_on=excluded_on)
    methodist.excluded_on = excluded_on
    methodist.save(update_fields=["excluded_on"])
    audit.log(
        by,
        "routes.methodist.excluded",
        methodist,
        excluded_on=excluded_on.isoformat(),
        assignments_ended=ended,
    )
    return methodist


@transaction.atomic
def delete_methodist(methodist, *, by):
    _check_manager(by, methodist)
    if methodist.assignments.exists():
        raise ValidationError(
            _(
                "За методистом были закреплены педагоги: запись нужна для истории. "
                "Исключите методиста из актива вместо удаления."
            )
        )
    audit.log(by, "routes.methodist.deleted", methodist)
    methodist.delete()


# Assignments -----------------------------------------------------------------------------------


@transaction.atomic
def assign_teacher(methodist, person, *, by, starts_on=None, over_cap=False):
    """Assigns the teacher to the methodist; a current assignment to another methodist ends on
    the day the new one starts."""
    _check_manager(by, methodist)
    if not Person.objects.visible_to(by, MANAGE).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Педагог вне вашей зоны ответственности."))
    methodist = (
        Methodist.objects.select_for_update(of=("self",))
        .select_related("municipality")
        .get(pk=methodist.pk)
    )
    starts_on = starts_on or timezone.localdate()
    errors = Errors()
    _check_assignment(methodist, person, starts_on, errors)
    errors.raise_if_any()
    current = (
        MethodistAssignment.objects.select_for_update(of=("self",))
        .filter(person=person, ends_on__isnull=True)
        .select_related("methodist__person")
        .first()
    )
    if current is not None:
        _check_current(current, methodist, starts_on, errors)
    _check_cap(methodist, over_cap, errors)
    errors.raise_if_any()
    if current is not None:
        current.ends_on = starts_on
        current.save(update_fields=["ends_on"])
    try:
        with transaction.atomic():
            assignment = MethodistAssignment.objects.create(
                methodist=methodist, person=person, starts_on=starts_on
            )
    except IntegrityError as error:
        raise ValidationError(
            {"person": [_("Педагога только что закрепили за другим методистом.")]}
        ) from error
    audit.log(
        by,
        "routes.methodist.assigned",
        assignment,
        methodist=methodist.pk,
        person=person.pk,
        previous=current.pk if current else None,
        over_cap=over_cap and _load(methodist) > methodist.load_cap,
    )
    return assignment


def _check_assignment(methodist, person, starts_on, errors):
    if methodist.excluded_on:
        errors.add("methodist", _("Методист исключён из актива: закреплять за ним нельзя."))
    if person.pk == methodist.person_id:
        errors.add("person", _("Методист не может быть закреплён сам за собой."))
    _not_in_future(errors, "starts_on", starts_on, _("Дата закрепления не может быть в будущем."))
    if starts_on < methodist.included_on:
        errors.add(
            "starts_on",
            _("Дата закрепления раньше включения методиста в актив (%(day)s).")
            % {"day": format_date(methodist.included_on)},
        )
    in_area = selectors.teaching_jobs().filter(selectors.area_q(methodist), person=person)
    if not in_area.exists():
        where = (
            _("в муниципалитете «%(name)s»") % {"name": methodist.municipality}
            if methodist.municipality_id
            else _("в регионе методиста")
        )
        errors.add(
            "person",
            _("У педагога нет действующего места работы на педагогической должности %(where)s.")
            % {"where": where},
        )


def _check_current(current, methodist, starts_on, errors):
    if current.methodist_id == methodist.pk:
        errors.add("person", _("Педагог уже закреплён за этим методистом."))
    elif starts_on < current.starts_on:
        errors.add(
            "starts_on",
            _(
                "Педагог закреплён за методистом %(methodist)s с %(day)s: новое закрепление "
                "не может начаться раньше."
            )
            % {"methodist": current.methodist, "day": format_date(current.starts_on)},
        )


def _load(methodist):
    return methodist.assignments.filter(ends_on__isnull=True).count()


def _check_cap(methodist, over_cap, errors):
    load = _load(methodist)
    if load >= methodist.load_cap and not over_cap:
        errors.add(
            "over_cap",
            _(
                "У методиста уже %(load)s при предельной нагрузке %(cap)s. Чтобы закрепить "
                "педагога сверх нормы, подтвердите это явно."
            )
            % {"load": count_phrase(load, TEACHER_FORMS), "cap": methodist.load_cap},
        )


@transaction.atomic
def end_assignment(assignment, *, by, ends_on=None):
    assignment = (
        MethodistAssignment.objects.select_for_update(of=("self",))
        .select_related("methodist")
        .get(pk=assignment.pk)
    )
    _check_manager(by, assignment.methodist)
    ends_on = ends_on or timezone.localdate()
    errors = Errors()
    if assignment.ends_on:
        errors.add(None, _("Закрепление уже завершено."))
        errors.raise_if_any()
    _not_in_future(errors, "ends_on", ends_on, _("Дата окончания не может быть в будущем."))
    if ends_on < assignment.starts_on:
        errors.add(
            "ends_on",
            _("Дата окончания раньше начала закрепления (%(day)s).")
            % {"day": format_date(assignment.starts_on)},
        )
    errors.raise_if_any()
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    audit.log(by, "routes.methodist.assignment_ended", assignment, ends_on=ends_on.isoformat())
    return assignment


# The balancing ---------------------------------------------------------------------------------


STALE = _("С момента расчёта закрепления изменились. Проверьте новое предложение и примените его.")


@transaction.atomic
def apply_balancing(placements, *, by, starts_on=None):
    """Creates the proposed assignments in one transaction, after checking again that each
    teacher is still without a methodist and no methodist goes over the cap."""
    starts_on = starts_on or timezone.localdate()
    placements = list(placements)
    counts = Counter(p.methodist_id for p in placements)
    methodists = {
        m.pk: m
        for m in selectors.with_load(
            Methodist.objects.changeable_by(by, MANAGE)
            .select_for_update()
            .filter(pk__in=list(counts), excluded_on__isnull=True)
        )
    }
    teacher_ids = [p.teacher_id for p in placements]
    unassigned = set(
        selectors.unassigned_teachers(by).filter(pk__in=teacher_ids).values_list("pk", flat=True)
    )
    if (
        len(methodists) != len(counts)
        or len(set(teacher_ids)) != len(teacher_ids)
        or unassigned != set(teacher_ids)
        or any(m.load + counts[pk] > m.load_cap for pk, m in methodists.items())
        or any(m.included_on > starts_on for m in methodists.values())
        or not _all_in_area(placements, methodists)
    ):
        raise ValidationError(STALE)
    created = MethodistAssignment.objects.bulk_create(
        MethodistAssignment(
            methodist_id=p.methodist_id, person_id=p.teacher_id, starts_on=starts_on
        )
        for p in placements
    )
    for pk in sorted(counts):
        methodist = methodists[pk]
        audit.log(
            by,
            "routes.methodist.balanced",
            methodist,
            assigned=counts[pk],
            load=methodist.load + counts[pk],
            starts_on=starts_on.isoformat(),
        )
    return created


def _all_in_area(placements, methodists):
    """Every teacher has a current teaching job in the area of the methodist proposed."""
    jobs = selectors.teaching_jobs().filter(person__in=[p.teacher_id for p in placements])
    places = set()
    for row in jobs.values_list(
        "person_id", "organization__municipality_id", "organization__municipality__region_id"
    ):
        person_id, municipality_id, region_id = row
        places.update({(person_id, "m", municipality_id), (person_id, "r", region_id)})
    for placement in placements:
        methodist = methodists[placement.methodist_id]
        place = (
            (placement.teacher_id, "m", methodist.municipality_id)
            if methodist.municipality_id
            else (placement.teacher_id, "r", methodist.region_id)
        )
        if place not in places:
            return False
    return True
