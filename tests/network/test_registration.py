"""Registration and attendance: capacity, the closed, past, cancelled and duplicate cases, who
registers whom, and attendance only after the start and only for registered participants."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from profrost.core.models import AuditEntry
from profrost.network import services
from profrost.network.models import Event, EventStatus, Participation, ParticipationRole
from tests import factories
from tests.network.factories import EventFactory, MembershipFactory, in_days


def test_register_teacher_registers_themselves_with_the_snapshot_of_their_job(net):
    participation = services.register(net["event_a"], net["person_a"], by=net["teacher_a"])

    job = net["person_a"].employments.get()
    assert (participation.role, participation.organization, participation.position) == (
        ParticipationRole.PARTICIPANT,
        net["org_a"],
        job.position,
    )
    assert AuditEntry.objects.filter(action="network.participation.created").count() == 1


def test_register_capacity_refuses_the_participant_over_it(net):
    event = net["event_a"]  # two places
    services.register(event, net["person_a"], by=net["teacher_a"])
    services.register(event, net["person_a2"], by=net["teacher_a2"])
    third = factories.EmploymentFactory(organization=net["org_a"]).person

    with pytest.raises(ValidationError) as error:
        services.register(event, third, by=net["methodist_a"])

    assert error.value.messages == ["Свободных мест нет: все места (2) заняты."]
    assert event.participations.count() == 2


def test_register_capacity_counts_only_the_role_participant(net):
    event = net["event_a"]
    services.register(event, net["person_a"], by=net["methodist_a"], role="speaker")
    services.register(event, net["person_a2"], by=net["methodist_a"], role="expert")
    one = factories.EmploymentFactory(organization=net["org_a"]).person
    two = factories.EmploymentFactory(organization=net["org_a"]).person

    services.register(event, one, by=net["methodist_a"])
    services.register(event, two, by=net["methodist_a"])

    roles = sorted(event.participations.values_list("role", flat=True))
    assert roles == ["expert", "participant", "participant", "speaker"]
    assert services.participant_count(event) == 2


def test_register_closed_registration_refuses_the_teacher(net):
    event = net["event_a"]
    event.registration_open = False
    event.save()

    with pytest.raises(ValidationError) as error:
        services.register(event, net["person_a"], by=net["teacher_a"])

    assert error.value.messages == ["Регистрация на мероприятие закрыта."]


def test_register_closed_registration_lets_the_organizer_register(net):
    event = net["event_a"]
    event.registration_open = False
    event.save()

    participation = services.register(event, net["person_a"], by=net["methodist_a"])

    assert participation.event == event


def test_register_started_event_refuses_the_teacher_but_not_the_organizer(net):
    event = net["event_a"]
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.ends_at = timezone.now() + timedelta(hours=2)
    event.save()

    with pytest.raises(ValidationError) as error:
        services.register(event, net["person_a"], by=net["teacher_a"])
    organizer_registered = services.register(event, net["person_a2"], by=net["methodist_a"])

    assert error.value.messages == ["Мероприятие уже началось: регистрация закрыта."]
    assert organizer_registered.person == net["person_a2"]


def test_register_past_event_refuses_everyone(net):
    event = net["event_a"]
    event.starts_at, event.ends_at = in_days(-3), in_days(-3) + timedelta(hours=2)
    event.save()

    with pytest.raises(ValidationError) as error:
        services.register(event, net["person_a"], by=net["methodist_a"])

    assert error.value.messages == ["Мероприятие уже прошло: регистрация закрыта."]


def test_register_cancelled_event_refuses(net):
    event = services.cancel_event(net["event_a"], by=net["methodist_a"], reason="Карантин")

    with pytest.raises(ValidationError) as error:
        services.register(event, net["person_a"], by=net["teacher_a"])

    assert error.value.messages == ["Мероприятие отменено: регистрация невозможна."]


def test_register_duplicate_refuses(net):
    services.register(net["event_a"], net["person_a"], by=net["teacher_a"])

    with pytest.raises(ValidationError) as error:
        services.register(net["event_a"], net["person_a"], by=net["methodist_a"])

    assert error.value.messages == [f"{net['person_a']} уже в списке участников мероприятия."]
    assert net["event_a"].participations.count() == 1


def test_register_teacher_cannot_register_a_colleague(net):
    with pytest.raises(PermissionDenied):
        services.register(net["event_a"], net["person_a2"], by=net["teacher_a"])

    assert net["event_a"].participations.count() == 0


def test_register_school_admin_sends_own_staff_as_participants_only(net):
    admin = net["org_admin_a"]

    services.register(net["event_a"], net["person_a2"], by=admin)
    with pytest.raises(PermissionDenied):
        services.register(net["event_a"], net["person_a"], by=admin, role="speaker")
    with pytest.raises(PermissionDenied):
        services.register(net["event_a"], net["person_b"], by=admin)

    assert list(net["event_a"].participations.values_list("person", flat=True)) == [
        net["person_a2"].pk
    ]


def test_register_head_of_association_registers_members_of_its_event(net):
    rmo = net["rmo"]
    member_b = net["person_b"]  # a member working in another municipality
    MembershipFactory(association=rmo, person=member_b)
    event = EventFactory(
        organizer_organization=None,
        organizer_association=rmo,
        municipality=rmo.municipality,
        region=rmo.region,
    )

    services.register(event, member_b, by=net["teacher_a"], role="speaker")

    assert event.participations.get().role == "speaker"


def test_unregister_teacher_before_the_start(net):
    participation = services.register(net["event_a"], net["person_a"], by=net["teacher_a"])

    services.unregister(participation, by=net["teacher_a"])

    assert net["event_a"].participations.count() == 0


def test_unregister_teacher_after_the_start_refused(net):
    participation = services.register(net["event_a"], net["person_a"], by=net["teacher_a"])
    Event.objects.filter(pk=net["event_a"].pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )
    participation = Participation.objects.get(pk=participation.pk)

    with pytest.raises(ValidationError) as error:
        services.unregister(participation, by=net["teacher_a"])

    assert error.value.messages == ["Мероприятие уже началось: отменить регистрацию нельзя."]


def test_unregister_someone_else_refused_for_a_teacher(net):
    participation = services.register(net["event_a"], net["person_a2"], by=net["teacher_a2"])

    with pytest.raises(PermissionDenied):
        services.unregister(participation, by=net["teacher_a"])


# Attendance --------------------------------------------------------------------------------


@pytest.fixture
def started(net):
    """Event A began an hour ago with teachers A and A2 registered."""
    event = net["event_a"]
    services.register(event, net["person_a"], by=net["teacher_a"])
    services.register(event, net["person_a2"], by=net["teacher_a2"])
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.ends_at = timezone.now() + timedelta(hours=1)
    event.save()
    return event


def test_mark_attendance_marks_registered_and_makes_the_event_held(net, started):
    changed = services.mark_attendance(
        started, {net["person_a"].pk: True, net["person_a2"].pk: False}, by=net["methodist_a"]
    )

    started.refresh_from_db()
    marks = dict(started.participations.values_list("person__last_name", "attended"))
    assert changed == 2
    assert marks == {"Альфина": True, "Аверина": False}
    assert started.status == EventStatus.HELD


def test_mark_attendance_only_for_registered_participants(net, started):
    stranger = factories.EmploymentFactory(
        organization=net["org_a"], person__last_name="Незаписанная"
    ).person

    with pytest.raises(ValidationError) as error:
        services.mark_attendance(
            started, {net["person_a"].pk: True, stranger.pk: True}, by=net["methodist_a"]
        )

    assert error.value.messages == [
        "Посещение отмечается только для зарегистрированных участников. "
        f"Не в списке: {stranger.full_name}."
    ]
    assert not Participation.objects.filter(attended=True).exists()


def test_mark_attendance_before_the_start_refused(net):
    services.register(net["event_a"], net["person_a"], by=net["teacher_a"])

    with pytest.raises(ValidationError) as error:
        services.mark_attendance(net["event_a"], {net["person_a"].pk: True}, by=net["methodist_a"])

    assert error.value.messages == ["Посещение отмечается после начала мероприятия."]


def test_mark_attendance_by_a_teacher_refused(net, started):
    with pytest.raises(PermissionDenied):
        services.mark_attendance(started, {net["person_a"].pk: True}, by=net["teacher_a"])


def test_mark_attendance_attended_participant_cannot_be_removed(net, started):
    services.mark_attendance(started, {net["person_a"].pk: True}, by=net["methodist_a"])
    participation = started.participations.get(person=net["person_a"])

    with pytest.raises(ValidationError) as error:
        services.unregister(participation, by=net["methodist_a"])

    assert error.value.messages == ["Посещение уже отмечено: участника нельзя исключить из списка."]


def test_delete_event_with_attendance_refused(net, started):
    services.mark_attendance(started, {net["person_a"].pk: True}, by=net["methodist_a"])

    with pytest.raises(ValidationError):
        services.delete_event(started, by=net["methodist_a"])

    assert started.participations.count() == 2


def test_attendance_page_saves_the_checked_boxes(net, started, client):
    client.force_login(net["methodist_a"])

    response = client.post(
        f"/network/events/{started.pk}/attendance/",
        {"listed": [net["person_a"].pk, net["person_a2"].pk], "present": [net["person_a2"].pk]},
    )

    marks = dict(started.participations.values_list("person__last_name", "attended"))
    assert response.status_code == 302
    assert marks == {"Альфина": False, "Аверина": True}


def test_register_page_registers_the_teacher_and_shows_it(net, client):
    client.force_login(net["teacher_a"])

    response = client.post(f"/network/events/{net['event_a'].pk}/register/", follow=True)

    assert net["event_a"].participations.get().person == net["person_a"]
    assert "Вы зарегистрированы" in response.content.decode()


def test_register_page_shows_the_reason_when_full(net, client):
    event = net["event_a"]
    event.capacity = 1
    event.save()
    services.register(event, net["person_a2"], by=net["teacher_a2"])
    client.force_login(net["teacher_a"])

    page = client.get(f"/network/events/{event.pk}/").content.decode()
    response = client.post(f"/network/events/{event.pk}/register/", follow=True)

    assert "Свободных мест нет." in page
    assert "Зарегистрироваться" not in page
    assert "Свободных мест нет: все места (1) заняты." in response.content.decode()
