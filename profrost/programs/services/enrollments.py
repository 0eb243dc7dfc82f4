"""Enrolments: applying to a cohort and the status flow, each move by whom it may be made.

applied → approved | rejected | withdrawn; approved → completed | withdrawn. Applying and
recalling an application are for who applies for the person (APPLY_ENROLMENTS over them);
approving and rejecting for who approves over the person (APPROVE_ENROLMENTS: the organization,
the municipality, the region); completion and withdrawal after approval for the provider side
(MANAGE_PROGRAMS over the program's region). Every move is locked on the cohort, so that places
are counted once, and leaves an EnrollmentTransition and an audit entry.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.services import Errors, actor, assign, full_clean, require
from profrost.registry.models import Employment, Person

from ..models import (
    HOLDS_PLACE,
    Cohort,
    DocumentKind,
    Enrollment,
    EnrollmentStatus,
    EnrollmentTransition,
    PostCourseSupport,
    Program,
    ProgramKind,
)
from .documents import issue, numbering_of
from .notices import enrollment_decided

S = EnrollmentStatus
PERSON, PROGRAM = "person", "program"
# A ПК program ends with an удостоверение, a ПП program with a диплом (the law on education).
DOCUMENT_OF = {ProgramKind.PK: DocumentKind.CERTIFICATE, ProgramKind.PP: DocumentKind.DIPLOMA}


@dataclass(frozen=True)
class Move:
    """A legal move: the permission it needs, over the person or over the program, and what
    the action is called in messages."""

    perm: str
    over: str
    verb: str
    action: str


TRANSITIONS = {
    S.APPLIED: {
        S.APPROVED: Move(
            Perm.APPROVE_ENROLMENTS, PERSON, "approved", gettext_lazy("одобрить заявку")
        ),
        S.REJECTED: Move(
            Perm.APPROVE_ENROLMENTS, PERSON, "rejected", gettext_lazy("отклонить заявку")
        ),
        S.WITHDRAWN: Move(
            Perm.APPLY_ENROLMENTS, PERSON, "withdrawn", gettext_lazy("отозвать заявку")
        ),
    },
    S.APPROVED: {
        S.COMPLETED: Move(
            Perm.MANAGE_PROGRAMS,
            PROGRAM,
            "completed",
            gettext_lazy("отметить завершение обучения"),
        ),
        S.WITHDRAWN: Move(
            Perm.MANAGE_PROGRAMS, PROGRAM, "withdrawn", gettext_lazy("отметить выбытие")
        ),
    },
}
# What each target is called when the current status does not allow it.
ACTIONS = {
    S.APPROVED: gettext_lazy("одобрить заявку"),
    S.REJECTED: gettext_lazy("отклонить заявку"),
    S.COMPLETED: gettext_lazy("отметить завершение обучения"),
    S.WITHDRAWN: gettext_lazy("отметить выбытие"),
}


def legal_move(status, target):
    """The move from `status` to `target`, or a ValidationError in Russian."""
    move = TRANSITIONS.get(status, {}).get(target)
    if move is None:
        raise ValidationError(
            _("Нельзя %(action)s: запись в статусе «%(status)s».")
            % {"action": ACTIONS[target], "status": EnrollmentStatus(status).label}
        )
    return move


def may_make(user, enrollment, move):
    if move.over == PERSON:
        people = Person.objects.visible_to(user, move.perm)
        return people.filter(pk=enrollment.person_id).exists()
    programs = Program.objects.changeable_by(user, move.perm)
    return programs.filter(pk=enrollment.cohort.program_id).exists()


class MoveRights:
    """Which moves a user may make on each of many enrolments, in three queries in all."""

    def __init__(self, user, enrollments):
        enrollments = list(enrollments)
        person_ids = {e.person_id for e in enrollments}
        program_ids = {e.cohort.program_id for e in enrollments}
        self.people = {
            perm: set(
                Person.objects.visible_to(user, perm)
                .filter(pk__in=person_ids)
                .values_list("pk", flat=True)
            )
            for perm in (Perm.APPLY_ENROLMENTS, Perm.APPROVE_ENROLMENTS)
        }
        self.programs = set(
            Program.objects.changeable_by(user, Perm.MANAGE_PROGRAMS)
            .filter(pk__in=program_ids)
            .values_list("pk", flat=True)
        )

    def allows(self, enrollment, move):
        if move.over == PERSON:
            return enrollment.person_id in self.people[move.perm]
        return enrollment.cohort.program_id in self.programs

    def targets(self, enrollment):
        """The statuses this user may move the enrolment to now."""
        moves = TRANSITIONS.get(enrollment.status, {})
        return [target for target, move in moves.items() if self.allows(enrollment, move)]


def allowed_targets(user, enrollment):
    return MoveRights(user, [enrollment]).targets(enrollment)


# Applying --------------------------------------------------------------------------------------


def _check_open(cohort, today):
    program = cohort.program
    if not program.is_active:
        raise ValidationError(_("Программа больше не действует: заявки на неё не принимаются."))
    if cohort.ends_on < today:
        raise ValidationError(
            _("Поток закончился %(date)s: подать заявку уже нельзя.")
            % {"date": format_date(cohort.ends_on)}
        )
    if cohort.applications_close_on and cohort.applications_close_on < today:
        raise ValidationError(
            _("Приём заявок на этот поток закрыт %(date)s.")
            % {"date": format_date(cohort.applications_close_on)}
        )


def _check_free(cohort, action):
    taken = cohort.enrollments.filter(status__in=HOLDS_PLACE).count()
    if taken >= cohort.capacity:
        raise ValidationError(
            _("Нельзя %(action)s: в потоке нет свободных мест (занято %(taken)s из %(capacity)s).")
            % {"action": action, "taken": taken, "capacity": cohort.capacity}
        )


def _organization_of(person):
    job = (
        Employment.objects.active()
        .filter(person=person)
        .order_by("-is_main", "-start_date", "pk")
        .first()
    )
    return job.organization_id if job else None


@transaction.atomic
def apply(cohort, person, *, by, note=""):
    """Applies `person` to `cohort` on behalf of `by` (the person themselves or their manager)."""
    require(
        Person.objects.visible_to(by, Perm.APPLY_ENROLMENTS),
        person,
        _("Недостаточно прав, чтобы подать заявку за этого работника."),
    )
    require(
        Cohort.objects.visible_to(by, Perm.VIEW_PROGRAMS), cohort, _("Этот поток вам недоступен.")
    )
    if person.consent_withdrawn and getattr(by, "person_id", None) != person.pk:
        raise ValidationError(
            _(
                "%(person)s отозвал(а) согласие на обработку персональных данных: заявку может "
                "подать только сам работник."
            )
            % {"person": person}
        )
    cohort = Cohort.objects.select_for_update().select_related("program").get(pk=cohort.pk)
    _check_open(cohort, timezone.localdate())
    existing = Enrollment.objects.filter(cohort=cohort, person=person).first()
    if existing is not None:
        raise ValidationError(
            _("%(person)s уже записан(а) на этот поток: «%(status)s».")
            % {"person": person, "status": existing.get_status_display()}
        )
    _check_free(cohort, _("подать заявку"))
    enrollment = Enrollment.objects.create(
        cohort=cohort,
        person=person,
        organization_id=_organization_of(person),
        applied_by=actor(by),
        note=note,
    )
    EnrollmentTransition.objects.create(
        enrollment=enrollment, from_status="", to_status=S.APPLIED, by=actor(by), note=note
    )
    audit.log(by, "programs.enrollment.applied", enrollment, cohort=cohort.pk, person=person.pk)
    return enrollment


# Moves -----------------------------------------------------------------------------------------


def _move(enrollment, target, *, by, note="", check=None):
    """Moves the enrolment to `target` if the status allows it and `by` may; `check(enrollment,
    cohort)` adds the move's own rules. Nothing is written when any of them refuses."""
    cohort = (
        Cohort.objects.select_for_update().select_related("program").get(pk=enrollment.cohort_id)
    )
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    enrollment.cohort = cohort
    move = legal_move(enrollment.status, target)
    if not may_make(by, enrollment, move):
        raise PermissionDenied(_("Недостаточно прав, чтобы %(action)s.") % {"action": move.action})
    if check is not None:
        check(enrollment, cohort)
    before = enrollment.status
    enrollment.status = target
    enrollment.save()
    EnrollmentTransition.objects.create(
        enrollment=enrollment, from_status=before, to_status=target, by=actor(by), note=note
    )
    audit.log(
        by, f"programs.enrollment.{move.verb}", enrollment, from_status=before, note=note[:200]
    )
    return enrollment


@transaction.atomic
def approve(enrollment, *, by, note=""):
    def places(enrollment, cohort):
        _check_free(cohort, _("одобрить заявку"))

    enrollment = _move(enrollment, S.APPROVED, by=by, note=note, check=places)
    enrollment_decided(enrollment, approved=True)
    return enrollment


def _required_reason(reason, message):
    def check(enrollment, cohort):
        if not reason:
            raise ValidationError({"reason": message})

    return check


@transaction.atomic
def reject(enrollment, *, by, reason):
    reason = (reason or "").strip()
    check = _required_reason(reason, _("Укажите причину отклонения заявки."))
    enrollment = _move(enrollment, S.REJECTED, by=by, note=reason, check=check)
    enrollment_decided(enrollment, approved=False, reason=reason)
    return enrollment


@transaction.atomic
def withdraw(enrollment, *, by, reason=""):
    """An application is recalled (the reason optional); after approval the provider marks the
    learner as withdrawn, with the reason."""
    reason = (reason or "").strip()
    required = _required_reason(reason, _("Укажите причину выбытия."))

    def check(enrollment, cohort):
        if enrollment.status == S.APPROVED:
            required(enrollment, cohort)

    return _move(enrollment, S.WITHDRAWN, by=by, note=reason, check=check)


@transaction.atomic
def complete(enrollment, *, by, document_kind="", document_number="", completed_on=None):
    """Marks the training completed with its document; a ПК or ПП program needs the number of
    the удостоверение or диплом, typed or given by the provider's numbering."""

    def document(enrollment, cohort):
        program = cohort.program
        errors = Errors()
        number = (document_number or "").strip()
        numbering = numbering_of(program)
        if program.kind in DOCUMENT_OF and not number and numbering is None:
            errors.add(
                "document_number",
                _("Для программы вида «%(kind)s» укажите номер документа (%(document)s).")
                % {
                    "kind": program.get_kind_display(),
                    "document": DOCUMENT_OF[program.kind].label.split()[0].lower(),
                },
            )
        if completed_on is None:
            errors.add("completed_on", _("Укажите дату окончания обучения."))
        elif completed_on > timezone.localdate():
            errors.add("completed_on", _("Дата окончания обучения не может быть в будущем."))
        elif completed_on < cohort.starts_on:
            errors.add(
                "completed_on",
                _("Дата окончания обучения раньше начала потока (%(date)s).")
                % {"date": format_date(cohort.starts_on)},
            )
        errors.raise_if_any()
        enrollment.document_kind = document_kind or DOCUMENT_OF.get(
            program.kind, DocumentKind.OTHER
        )
        enrollment.completed_on = completed_on
        issue(enrollment, program, numbering, number)

    note = (document_number or "").strip()
    return _move(enrollment, S.COMPLETED, by=by, note=note, check=document)


# Post-course support ---------------------------------------------------------------------------

SUPPORT_FIELDS = ("date", "form", "description", "result", "by")


def _require_support_rights(enrollment, by):
    may = Enrollment.objects.visible_to(by, Perm.APPROVE_ENROLMENTS).filter(pk=enrollment.pk)
    if not may.exists():
        raise PermissionDenied(
            _("Посткурсовое сопровождение записывают методисты и руководители работника.")
        )


def _save_support(support, data):
    changed = assign(support, data, SUPPORT_FIELDS)
    errors = Errors()
    full_clean(support, errors, exclude=["enrollment"])
    enrollment = support.enrollment
    if enrollment.status != S.COMPLETED:
        errors.add(
            None,
            _("Посткурсовое сопровождение записывается только после завершения обучения."),
        )
    elif support.date and enrollment.completed_on and support.date < enrollment.completed_on:
        errors.add(
            "date",
            _("Дата сопровождения раньше окончания обучения (%(date)s).")
            % {"date": format_date(enrollment.completed_on)},
        )
    if support.date and support.date > timezone.localdate():
        errors.add("date", _("Дата сопровождения не может быть в будущем."))
    errors.raise_if_any()
    support.save()
    return changed


@transaction.atomic
def add_support(enrollment, *, by, data):
    _require_support_rights(enrollment, by)
    support = PostCourseSupport(enrollment=enrollment)
    _save_support(support, data)
    audit.log(by, "programs.postcoursesupport.created", support)
    return support


@transaction.atomic
def update_support(support, *, by, data):
    _require_support_rights(support.enrollment, by)
    changed = _save_support(support, data)
    audit.log(by, "programs.postcoursesupport.updated", support, fields=sorted(changed))
    return support


@transaction.atomic
def delete_support(support, *, by):
    _require_support_rights(support.enrollment, by)
    audit.log(by, "programs.postcoursesupport.deleted", support)
    support.delete()
