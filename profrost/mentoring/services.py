"""Every change of mentoring: programmes, pairs, completion, meetings. Atomic, validated with
Russian messages, audited. The HTML views and the API call the same functions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.dates import add_years, format_date
from profrost.core.roles import Perm
from profrost.core.services import Errors, assign, follow_level, full_clean, require
from profrost.core.text import count_phrase
from profrost.registry.models import ConsentState, Employment, Person, PositionCategory

from .models import (
    MentoringMeeting,
    MentoringPair,
    MentoringProgram,
    PairKind,
    PairStatus,
    ProgramLevel,
)
from .notices import pair_formed

PROGRAM_FIELDS = (
    "title",
    "level",
    "municipality",
    "organization",
    "starts_on",
    "ends_on",
    "goals",
    "coordinator",
    "document_number",
    "document_date",
    "allow_several_mentors",
)
PAIR_FIELDS = (
    "program",
    "organization",
    "mentor",
    "mentee",
    "kind",
    "starts_on",
    "planned_end_on",
    "goals",
    "ended_on",
    "result",
)
MEETING_FIELDS = ("held_on", "kind", "topic", "duration_minutes", "notes")
PAIR_FORMS = ("пара", "пары", "пар")


def _require_scope(obj, by):
    """The saved row must lie where `by` manages mentoring; forms offer nothing else, and the API
    gets a 403 (the transaction rolls back)."""
    require(
        type(obj).objects.changeable_by(by, Perm.MANAGE_MENTORING),
        obj,
        _("Недостаточно прав: это вне вашей зоны ответственности."),
    )


# Programmes -------------------------------------------------------------------------------------


def _save_program(program, data):
    changed = assign(program, data, PROGRAM_FIELDS)
    follow_level(program, program.level)
    errors = Errors()
    full_clean(program, errors)
    if program.pk and not errors.errors:
        _check_program_keeps_pairs(program, errors, changed)
    errors.raise_if_any()
    program.save()
    return changed


def _check_program_keeps_pairs(program, errors, changed):
    if program.level == ProgramLevel.ORGANIZATION:
        outside = program.pairs.exclude(organization_id=program.organization_id)
    else:
        outside = program.pairs.exclude(organization__municipality_id=program.municipality_id)
    outside = list(outside.select_related("mentor", "mentee")[:3])
    if outside:
        errors.add(
            "organization" if program.level == ProgramLevel.ORGANIZATION else "municipality",
            _("В программе есть пары других организаций: %(pairs)s.")
            % {"pairs": ", ".join(str(pair) for pair in outside)},
        )
    if "allow_several_mentors" in changed and not program.allow_several_mentors:
        mentees = program.pairs.active().values("mentee")
        several = (
            MentoringPair.objects.active()
            .filter(mentee__in=mentees)
            .order_by()
            .values("mentee")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        if several.exists():
            errors.add(
                "allow_several_mentors",
                _("У наставляемых этой программы уже есть по несколько действующих наставников."),
            )


@transaction.atomic
def create_program(*, by, data):
    program = MentoringProgram(created_by=by if by.is_authenticated else None)
    _save_program(program, data)
    _require_scope(program, by)
    audit.log(by, "mentoring.program.created", program)
    return program


@transaction.atomic
def update_program(program, *, by, data):
    program = MentoringProgram.objects.select_for_update().get(pk=program.pk)
    changed = _save_program(program, data)
    _require_scope(program, by)
    audit.log(by, "mentoring.program.updated", program, fields=sorted(changed))
    return program


@transaction.atomic
def delete_program(program, *, by):
    count = program.pairs.count()
    if count:
        raise ValidationError(
            _(
                "Программу «%(program)s» нельзя удалить: в ней %(pairs)s. "
                "Сначала удалите пары или перенесите их в другую программу."
            )
            % {"program": program, "pairs": count_phrase(count, PAIR_FORMS)}
        )
    audit.log(by, "mentoring.program.deleted", program)
    program.delete()


# Pairs ------------------------------------------------------------------------------------------


def _active_job(person_id, **lookups):
    return (
        Employment.objects.active()
        .filter(person_id=person_id, **lookups)
        .select_related("organization")
        .order_by("-is_main", "-start_date", "pk")
        .first()
    )


def _withdrawn(person_id):
    return Person.objects.filter(pk=person_id, consent_state=ConsentState.WITHDRAWN).exists()


def _mentee_organization(pair, by, errors):
    """The mentee's organization: the chosen one, where the mentee must work now, or else the
    mentee's current job in an organization where `by` manages mentoring, the main job first."""
    if pair.organization_id:
        if not _active_job(pair.mentee_id, organization_id=pair.organization_id):
            errors.add(
                "organization",
                _("Наставляемый не работает в организации «%(organization)s».")
                % {"organization": pair.organization},
            )
        return
    jobs = Employment.objects.visible_to(by, Perm.MANAGE_MENTORING).values("pk")
    job = _active_job(pair.mentee_id, pk__in=jobs)
    if job is None:
        errors.add(
            "mentee",
            _(
                "У наставляемого нет действующего места работы в организациях, где вы ведёте "
                "наставничество."
            ),
        )
        return
    pair.organization = job.organization


def _check_people(pair, errors, changed):
    for field in ("mentor", "mentee"):
        person_id = getattr(pair, f"{field}_id")
        if field in changed and person_id and _withdrawn(person_id):
            errors.add(
                field,
                _("Работник отозвал согласие на обработку персональных данных: пара не создаётся."),
            )
    if {"mentor", "kind"} & changed and pair.mentor_id:
        if not _active_job(pair.mentor_id):
            errors.add("mentor", _("У наставника нет действующего места работы."))
        elif pair.kind == PairKind.MANAGER_TEACHER and not _active_job(
            pair.mentor_id, position__category=PositionCategory.MANAGEMENT
        ):
            errors.add(
                "mentor",
                _(
                    "В форме «руководитель – педагог» наставник должен занимать руководящую "
                    "должность."
                ),
            )
    young_form = pair.kind == PairKind.MENTOR_YOUNG and pair.mentee_id and pair.starts_on
    if young_form and {"mentee", "kind", "starts_on"} & changed:
        mentee = Person.objects.get(pk=pair.mentee_id)
        if not mentee.is_young_specialist(pair.starts_on):
            errors.add(
                "kind",
                _(
                    "Форма «наставник – молодой специалист» — для педагогов до 35 лет в первые "
                    "три года работы; %(person)s к ним не относится."
                )
                % {"person": mentee},
            )


def _check_program(pair, errors):
    program = pair.program
    if program is None or not pair.organization_id:
        return
    if not program.covers(pair.organization):
        errors.add(
            "program",
            _("Программа «%(program)s» не охватывает организацию «%(organization)s».")
            % {"program": program, "organization": pair.organization},
        )
    if pair.starts_on and not program.starts_on <= pair.starts_on <= program.ends_on:
        errors.add(
            "starts_on",
            _("Начало наставничества должно приходиться на срок программы (%(start)s – %(end)s).")
            % {"start": format_date(program.starts_on), "end": format_date(program.ends_on)},
        )


def _check_one_mentor(pair, errors):
    """One active mentor per mentee, unless the programmes of all the mentee's active pairs
    allow several."""
    if pair.status != PairStatus.ACTIVE or not pair.mentee_id:
        return
    # Serializes concurrent assignments to one mentee (a row lock on PostgreSQL).
    Person.objects.select_for_update().filter(pk=pair.mentee_id).first()
    others = list(
        MentoringPair.objects.active()
        .filter(mentee_id=pair.mentee_id)
        .exclude(pk=pair.pk)
        .select_related("mentor", "program")
        .order_by("starts_on", "pk")
    )
    if not others:
        return
    if any(other.mentor_id == pair.mentor_id for other in others):
        errors.add("mentor", _("Эта пара наставника и наставляемого уже действует."))
        return
    several = [pair.program, *(other.program for other in others)]
    if all(program is not None and program.allow_several_mentors for program in several):
        return
    other = others[0]
    errors.add(
        "mentee",
        _(
            "У наставляемого уже есть действующий наставник: %(mentor)s (с %(start)s). "
            "Второго наставника можно назначить только в программе, где допускается несколько "
            "наставников."
        )
        % {"mentor": other.mentor, "start": format_date(other.starts_on)},
    )


def _check_deficits(pair, deficits, errors):
    foreign = [deficit for deficit in deficits if deficit.person_id != pair.mentee_id]
    if foreign:
        errors.add("deficits", _("Можно выбрать только дефициты наставляемого."))


def _save_pair(pair, data, *, by, creating):
    changed = set(assign(pair, data, PAIR_FIELDS))
    if creating:
        changed |= {"mentor", "mentee", "kind", "starts_on", "organization"}
    errors = Errors()
    if pair.mentee_id and (creating or {"mentee", "organization"} & changed):
        _mentee_organization(pair, by, errors)
    if pair.is_active or creating:
        _check_people(pair, errors, changed)
    _check_program(pair, errors)
    # The constraints repeat clean() and _check_one_mentor, whose messages say more.
    full_clean(
        pair,
        errors,
        exclude=[] if pair.organization_id else ["organization"],
        validate_constraints=False,
    )
    if not errors.has("mentee") and not errors.has("mentor"):
        _check_one_mentor(pair, errors)
    deficits = data.get("deficits")
    if deficits is not None:
        _check_deficits(pair, deficits, errors)
    errors.raise_if_any()
    pair.save()
    if deficits is not None:
        before = set(pair.deficits.values_list("pk", flat=True))
        pair.deficits.set(deficits)
        if before != {deficit.pk for deficit in deficits}:
            changed.add("deficits")
    return sorted(changed)


@transaction.atomic
def create_pair(*, by, data):
    pair = MentoringPair(created_by=by if by.is_authenticated else None)
    _save_pair(pair, data, by=by, creating=True)
    _require_scope(pair, by)
    audit.log(by, "mentoring.pair.created", pair)
    pair_formed(pair)
    return pair


@transaction.atomic
def update_pair(pair, *, by, data):
    pair = MentoringPair.objects.select_for_update().get(pk=pair.pk)
    if pair.is_active:
        data = {key: value for key, value in data.items() if key not in ("ended_on", "result")}
    changed = _save_pair(pair, data, by=by, creating=False)
    _require_scope(pair, by)
    audit.log(by, "mentoring.pair.updated", pair, fields=changed)
    if pair.is_active and {"mentor", "mentee"} & set(changed):
        pair_formed(pair)
    return pair


def _end_pair(pair, status, ended_on, text, by, action):
    pair = MentoringPair.objects.select_for_update().get(pk=pair.pk)
    if not pair.is_active:
        raise ValidationError(_("Наставничество уже завершено или прекращено."))
    pair.status, pair.ended_on, pair.result = status, ended_on, (text or "").strip()
    errors = Errors()
    full_clean(pair, errors, validate_constraints=False)
    last = pair.meetings.order_by("-held_on").values_list("held_on", flat=True).first()
    if ended_on and last and last > ended_on and not errors.has("ended_on"):
        errors.add(
            "ended_on",
            _("После этой даты записаны встречи (последняя — %(day)s).")
            % {"day": format_date(last)},
        )
    errors.raise_if_any()
    pair.save()
    audit.log(by, action, pair)
    return pair


@transaction.atomic
def complete_pair(pair, *, by, ended_on, result):
    """Completes the pair with its results."""
    return _end_pair(pair, PairStatus.COMPLETED, ended_on, result, by, "mentoring.pair.completed")


@transaction.atomic
def terminate_pair(pair, *, by, ended_on, reason):
    """Ends the pair early; the reason is kept as its result."""
    return _end_pair(pair, PairStatus.TERMINATED, ended_on, reason, by, "mentoring.pair.terminated")


@transaction.atomic
def delete_pair(pair, *, by):
    audit.log(by, "mentoring.pair.deleted", pair)
    pair.delete()


# Meetings ---------------------------------------------------------------------------------------


def _require_active(pair):
    """The pair as it is now (locked against a concurrent completion), if still active."""
    pair = MentoringPair.objects.select_for_update().get(pk=pair.pk)
    if not pair.is_active:
        raise ValidationError(
            _("Наставничество завершено: встречи больше не добавляются и не меняются.")
        )
    return pair


def _save_meeting(meeting, data):
    changed = assign(meeting, data, MEETING_FIELDS)
    if isinstance(meeting.topic, str):
        meeting.topic = " ".join(meeting.topic.split())
    errors = Errors()
    full_clean(meeting, errors, exclude=["pair"])
    errors.raise_if_any()
    meeting.save()
    return changed


@transaction.atomic
def add_meeting(pair, *, by, data):
    pair = _require_active(pair)
    meeting = MentoringMeeting(pair=pair, created_by=by if by.is_authenticated else None)
    _save_meeting(meeting, data)
    audit.log(by, "mentoring.meeting.created", meeting, pair=pair.pk)
    return meeting


@transaction.atomic
def update_meeting(meeting, *, by, data):
    meeting.pair = _require_active(meeting.pair)
    changed = _save_meeting(meeting, data)
    audit.log(by, "mentoring.meeting.updated", meeting, pair=meeting.pair_id, fields=changed)
    return meeting


@transaction.atomic
def delete_meeting(meeting, *, by):
    _require_active(meeting.pair)
    audit.log(by, "mentoring.meeting.deleted", meeting, pair=meeting.pair_id)
    meeting.delete()


def default_planned_end(starts_on, program=None):
    """A pair runs for a year, or to the end of its programme if that comes first."""
    end = add_years(starts_on, 1)
    if program is not None and program.ends_on >= starts_on:
        end = min(end, program.ends_on)
    return end
