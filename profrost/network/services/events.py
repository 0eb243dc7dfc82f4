"""Events, registration and attendance, annual plans.

The rules: capacity counts the role «участник» only; a person registers once; nobody registers
for a cancelled or finished event; who registers themselves or sends their staff does so while
self-registration is open and before the start, the event's organizers until its end; attendance
is marked after the start and only for registered participants.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.services import actor, follow_level
from profrost.registry.models import Employment, Person

from ..models import (
    Event,
    EventLevel,
    EventStatus,
    Membership,
    Participation,
    ParticipationRole,
    PlanLevel,
)
from .common import (
    current,
    jobs_within_reach,
    may_change,
    require_changeable,
    stored,
)
from .notices import registration_confirmed

EVENT_TARGET = (
    "level",
    "organizer_organization_id",
    "organizer_association_id",
    "region_id",
    "municipality_id",
    "organization_id",
)
PLAN_TARGET = ("level", "association_id", "region_id", "municipality_id", "organization_id")

# Events ----------------------------------------------------------------------------------------


def derive_reach(event):
    """The region, municipality and organization an event reaches, from its level and organizer:
    a school event reaches the organizing organization, a municipal one its municipality, the
    higher levels the region."""
    organization = event.organizer_organization
    association = event.organizer_association
    if organization is None and association is None:
        raise ValidationError(_("Укажите организатора: организацию или методическое объединение."))
    if event.level == EventLevel.SCHOOL:
        target = organization or association.organization
        if target is None:
            raise ValidationError(
                {
                    "organizer_organization": _(
                        "Мероприятие уровня организации проводит организация: укажите её."
                    )
                }
            )
        return target.municipality.region, target.municipality, target
    if event.level == EventLevel.MUNICIPAL:
        municipality = organization.municipality if organization else association.municipality
        if municipality is None:
            raise ValidationError(
                {
                    "organizer_organization": _(
                        "Для муниципального мероприятия укажите организацию-организатора "
                        "в муниципалитете."
                    )
                }
            )
        return municipality.region, municipality, None
    region = organization.municipality.region if organization else association.region
    return region, None, None


def participant_count(event):
    return event.participations.filter(role=ParticipationRole.PARTICIPANT).count()


@transaction.atomic
def save_event(event, *, by, m2m=None, changed=()):
    """Creates or updates an event; its reach follows from the level and the organizer, and
    who saves it must be able to change the result."""
    created = event.pk is None
    event.region, event.municipality, event.organization = derive_reach(event)
    if created:
        event.created_by = actor(by)
    elif event.capacity is not None:
        taken = participant_count(event)
        if taken > event.capacity:
            raise ValidationError(
                {
                    "capacity": _(
                        "Уже зарегистрировано участников: %(count)d. Мест не может быть меньше."
                    )
                    % {"count": taken}
                }
            )
    before = stored(event, EVENT_TARGET)
    event.full_clean()
    event.save()
    if before != current(event, EVENT_TARGET):
        require_changeable(
            event,
            by,
            Perm.MANAGE_EVENTS,
            _("Мероприятие с таким организатором и уровнем вне вашей зоны ответственности."),
        )
    for name, values in (m2m or {}).items():
        getattr(event, name).set(values)
    audit.log(
        by, f"network.event.{'created' if created else 'updated'}", event, fields=sorted(changed)
    )
    return event


@transaction.atomic
def cancel_event(event, *, by, reason=""):
    if event.status == EventStatus.HELD:
        raise ValidationError(_("Проведённое мероприятие нельзя отменить."))
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("Мероприятие уже отменено."))
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason.strip()
    event.save(update_fields=["status", "cancel_reason", "updated"])
    audit.log(by, "network.event.cancelled", event, reason=event.cancel_reason)
    return event


@transaction.atomic
def delete_event(event, *, by):
    if event.participations.filter(attended=True).exists():
        raise ValidationError(
            _("Мероприятие с отметками посещения нельзя удалить: его можно только отменить.")
        )
    audit.log(by, "network.event.deleted", event)
    event.delete()


# Registration ----------------------------------------------------------------------------------


def reach_people(event):
    """People currently working within the event's reach."""
    return jobs_within_reach(event).values("person_id")


def registrable_people(event, user):
    """Whom the user may register: the event's organizers anyone working within its reach and
    the members of the organizing association; everyone else the people in their own scope (a
    teacher: themselves)."""
    own = Person.objects.visible_to(user, Perm.MANAGE_EVENTS)
    if not may_change(event, user, Perm.MANAGE_EVENTS):
        return own
    members = Membership.objects.filter(
        association_id=event.organizer_association_id, left_on__isnull=True
    ).values("person_id")
    return Person.objects.filter(
        Q(pk__in=own.values("pk")) | Q(pk__in=reach_people(event)) | Q(pk__in=members)
    )


def main_job(person, on=None):
    return (
        Employment.objects.active(on)
        .filter(person=person)
        .order_by("-is_main", "-start_date", "-pk")
        .first()
    )


@transaction.atomic
def register(event, person, *, by, role=ParticipationRole.PARTICIPANT, topic="", now=None):
    now = now or timezone.now()
    # Locks the event row (on PostgreSQL) so that two registrations cannot take the last place.
    event = Event.objects.select_for_update().get(pk=event.pk)
    organizer = may_change(event, by, Perm.MANAGE_EVENTS)
    if not registrable_people(event, by).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Регистрировать этого работника вы не можете."))
    if role != ParticipationRole.PARTICIPANT and not organizer:
        raise PermissionDenied(
            _("Выступающих, организаторов и экспертов назначают организаторы мероприятия.")
        )
    if event.is_cancelled:
        raise ValidationError(_("Мероприятие отменено: регистрация невозможна."))
    if event.has_ended(now):
        raise ValidationError(_("Мероприятие уже прошло: регистрация закрыта."))
    if not organizer:
        if not event.registration_open:
            raise ValidationError(_("Регистрация на мероприятие закрыта."))
        if event.has_started(now):
            raise ValidationError(_("Мероприятие уже началось: регистрация закрыта."))
    if Participation.objects.filter(event=event, person=person).exists():
        raise ValidationError(
            _("%(person)s уже в списке участников мероприятия.") % {"person": person}
        )
    if (
        role == ParticipationRole.PARTICIPANT
        and event.capacity is not None
        and participant_count(event) >= event.capacity
    ):
        raise ValidationError(
            _("Свободных мест нет: все места (%(capacity)d) заняты.") % {"capacity": event.capacity}
        )
    job = main_job(person, timezone.localdate(now))
    participation = Participation.objects.create(
        event=event,
        person=person,
        role=role,
        topic=topic.strip(),
        organization_id=job.organization_id if job else None,
        position_id=job.position_id if job else None,
        registered_at=now,
        registered_by=actor(by),
    )
    audit.log(by, "network.participation.created", participation, role=role)
    registration_confirmed(participation, event)
    return participation


@transaction.atomic
def unregister(participation, *, by, now=None):
    now = now or timezone.now()
    event = participation.event
    if participation.attended:
        raise ValidationError(_("Посещение уже отмечено: участника нельзя исключить из списка."))
    if not may_change(event, by, Perm.MANAGE_EVENTS):
        own = Person.objects.visible_to(by, Perm.MANAGE_EVENTS)
        if not own.filter(pk=participation.person_id).exists():
            raise PermissionDenied(_("Отменить эту регистрацию вы не можете."))
        if event.has_started(now):
            raise ValidationError(_("Мероприятие уже началось: отменить регистрацию нельзя."))
    audit.log(by, "network.participation.deleted", participation)
    participation.delete()


@transaction.atomic
def mark_attendance(event, marks, *, by, now=None):
    """`marks`: person id → attended or not. Only registered participants are marked; the first
    marking makes a planned event held."""
    now = now or timezone.now()
    if not may_change(event, by, Perm.MANAGE_EVENTS):
        raise PermissionDenied(_("Отмечать посещение могут организаторы мероприятия."))
    if event.is_cancelled:
        raise ValidationError(_("Мероприятие отменено: посещение не отмечается."))
    if not event.has_started(now):
        raise ValidationError(_("Посещение отмечается после начала мероприятия."))
    participations = {p.person_id: p for p in event.participations.all()}
    unknown = set(marks) - set(participations)
    if unknown:
        names = ", ".join(
            person.full_name for person in Person.objects.filter(pk__in=unknown).order_by("pk")
        )
        raise ValidationError(
            _(
                "Посещение отмечается только для зарегистрированных участников. "
                "Не в списке: %(names)s."
            )
            % {"names": names or ", ".join(str(pk) for pk in sorted(unknown))}
        )
    changed = []
    for person_id, attended in marks.items():
        participation = participations[person_id]
        if participation.attended != bool(attended):
            participation.attended = bool(attended)
            changed.append(participation)
    Participation.objects.bulk_update(changed, ["attended"])
    if event.status == EventStatus.PLANNED:
        event.status = EventStatus.HELD
        event.save(update_fields=["status", "updated"])
    audit.log(
        by,
        "network.event.attendance_marked",
        event,
        attended=sum(1 for value in marks.values() if value),
        absent=sum(1 for value in marks.values() if not value),
    )
    return len(changed)


# Plans -----------------------------------------------------------------------------------------


@transaction.atomic
def save_plan(plan, *, by, changed=()):
    created = plan.pk is None
    if plan.level == PlanLevel.ASSOCIATION and plan.association_id:
        association = plan.association
        plan.region_id = association.region_id
        plan.municipality_id = association.municipality_id
        plan.organization_id = association.organization_id
    elif plan.level != PlanLevel.ASSOCIATION:
        plan.association = None
        follow_level(plan, plan.level)
    if created:
        plan.created_by = actor(by)
    before = stored(plan, PLAN_TARGET)
    plan.full_clean()
    plan.save()
    if before != current(plan, PLAN_TARGET):
        require_changeable(
            plan,
            by,
            Perm.MANAGE_EVENTS,
            _("План с таким владельцем вне вашей зоны ответственности."),
        )
    verb = "created" if created else "updated"
    audit.log(by, f"network.workplan.{verb}", plan, fields=sorted(changed))
    return plan


@transaction.atomic
def delete_plan(plan, *, by):
    audit.log(by, "network.workplan.deleted", plan)
    plan.events.update(plan=None)
    plan.delete()
