"""The methodical network API: associations, members, events with registration and attendance,
participations, plans; the same scope and rules as the pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.network.models import Association, Event, Membership, Participation
from tests import factories
from tests.network.factories import (
    AssociationFactory,
    EventFactory,
    ParticipationFactory,
    WorkPlanFactory,
    network_world,
)


@pytest.fixture
def net(two_orgs, region):
    return network_world(two_orgs, region)


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


# Associations ------------------------------------------------------------------------------


def test_api_associations_listed_by_scope(net):
    rmo_b = AssociationFactory(municipality=net["mun_b"], title="РМО Район Б")

    assert ids(client_for(net["teacher_a"]).get("/api/associations/")) == [net["rmo"].pk]
    assert ids(client_for(net["teacher_b"]).get("/api/associations/")) == [rmo_b.pk]
    assert (
        client_for(net["teacher_b"]).get(f"/api/associations/{net['rmo'].pk}/").status_code == 404
    )


def test_api_association_created_by_a_methodist_refused_to_a_teacher(net):
    data = {
        "title": "РМО учителей истории",
        "kind": "district_mo",
        "level": "municipality",
        "municipality": net["mun_a"].pk,
        "subject": factories.subject("История").pk,
        "head": net["person_a2"].pk,
    }

    created = client_for(net["methodist_a"]).post("/api/associations/", data, format="json")
    refused = client_for(net["teacher_a"]).post("/api/associations/", data, format="json")

    assert created.status_code == 201, created.content
    assert (created.json()["region"], created.json()["member_count"]) == (net["region"].pk, 1)
    assert refused.status_code == 403
    assert AuditEntry.objects.filter(action="network.association.created").count() == 1


def test_api_association_head_updates_colleague_403_outsider_404(net):
    url = f"/api/associations/{net['rmo'].pk}/"
    patch = {"description": "Заседания раз в четверть"}

    statuses = {
        name: client_for(net[name]).patch(url, patch, format="json").status_code
        for name in ("teacher_a", "teacher_a2", "teacher_b")
    }

    net["rmo"].refresh_from_db()
    assert statuses == {"teacher_a": 200, "teacher_a2": 403, "teacher_b": 404}
    assert net["rmo"].description == "Заседания раз в четверть"


def test_api_association_invalid_level_is_a_russian_400(net):
    response = client_for(net["methodist_a"]).post(
        "/api/associations/",
        {
            "title": "ШМО",
            "kind": "school_mo",
            "level": "municipality",
            "municipality": net["mun_a"].pk,
            "problem_area": "Чтение",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "level": [
            "Школьное методическое объединение (ШМО) создаётся на уровне «Уровень организации»."
        ]
    }


def test_api_membership_head_adds_a_colleague_not_a_stranger(net):
    client = client_for(net["teacher_a"])

    added = client.post(
        "/api/association-memberships/",
        {"association": net["rmo"].pk, "person": net["person_a2"].pk, "role": "deputy"},
        format="json",
    )
    stranger = client.post(
        "/api/association-memberships/",
        {"association": net["rmo"].pk, "person": net["person_b"].pk},
        format="json",
    )

    assert added.status_code == 201, added.content
    assert Membership.objects.get(person=net["person_a2"]).role == "deputy"
    assert stranger.status_code == 400
    assert stranger.json() == {"person": ["Работник вне охвата объединения или уже состоит в нём."]}


# Events ------------------------------------------------------------------------------------


def test_api_events_listed_by_scope_with_counts(net):
    ParticipationFactory(event=net["event_a"], person=net["person_a"])

    rows = client_for(net["teacher_a2"]).get("/api/events/").json()["results"]

    assert [(row["title"], row["participant_count"], row["free_places"]) for row in rows] == [
        ("Семинар Город А", 1, 1)
    ]
    assert client_for(net["teacher_b"]).get(f"/api/events/{net['event_a'].pk}/").status_code == 404


def test_api_event_register_then_duplicate_then_full(net):
    url = f"/api/events/{net['event_a'].pk}/register/"

    first = client_for(net["teacher_a"]).post(url)
    again = client_for(net["teacher_a"]).post(url)
    client_for(net["teacher_a2"]).post(url)
    third = factories.EmploymentFactory(organization=net["org_a"]).person
    full = client_for(factories.teacher_user(third)).post(url)

    assert first.status_code == 201, first.content
    assert first.json()["person_name"] == net["person_a"].full_name
    assert again.status_code == 400
    assert again.json() == {"detail": [f"{net['person_a']} уже в списке участников мероприятия."]}
    assert full.json() == {"detail": ["Свободных мест нет: все места (2) заняты."]}


def test_api_event_unregister(net):
    client = client_for(net["teacher_a"])
    client.post(f"/api/events/{net['event_a'].pk}/register/")

    response = client.post(f"/api/events/{net['event_a'].pk}/unregister/")

    assert response.status_code == 204
    assert not Participation.objects.exists()


def test_api_event_create_by_methodist_derives_the_reach(net):
    start = timezone.now() + timedelta(days=3)

    response = client_for(net["methodist_a"]).post(
        "/api/events/",
        {
            "title": "Вебинар по ФГОС",
            "kind": "webinar",
            "level": "municipal",
            "organizer_organization": net["service_a"].pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=1)).isoformat(),
            "link": "https://webinar.example.org/1",
            "competences": [],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["municipality"], response.json()["organization"]) == (
        net["mun_a"].pk,
        None,
    )


@pytest.fixture
def started(net):
    event = net["event_a"]
    ParticipationFactory(event=event, person=net["person_a"])
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    return event


def test_api_attendance_by_organizer_only_for_registered(net, started):
    url = f"/api/events/{started.pk}/attendance/"
    ok = client_for(net["methodist_a"]).post(
        url, {"marks": [{"person": net["person_a"].pk, "attended": True}]}, format="json"
    )
    unregistered = client_for(net["methodist_a"]).post(
        url, {"marks": [{"person": net["person_a2"].pk, "attended": True}]}, format="json"
    )
    teacher = client_for(net["teacher_a"]).post(
        url, {"marks": [{"person": net["person_a"].pk, "attended": True}]}, format="json"
    )

    started.refresh_from_db()
    assert (ok.status_code, ok.json()) == (200, {"changed": 1})
    assert unregistered.status_code == 400
    assert unregistered.json() == {
        "detail": [
            "Посещение отмечается только для зарегистрированных участников. "
            f"Не в списке: {net['person_a2'].full_name}."
        ]
    }
    assert teacher.status_code == 403
    assert started.status == "held"


def test_api_participations_school_admin_registers_own_staff_only(net):
    client = client_for(net["org_admin_a"])

    own = client.post(
        "/api/event-participations/",
        {"event": net["event_a"].pk, "person": net["person_a2"].pk},
        format="json",
    )
    foreign = client.post(
        "/api/event-participations/",
        {"event": net["event_a"].pk, "person": net["person_b"].pk},
        format="json",
    )

    assert own.status_code == 201, own.content
    assert foreign.status_code == 400
    assert foreign.json() == {"person": ["Работник не найден."]}


def test_api_participations_teacher_sees_own_only(net):
    mine = ParticipationFactory(event=net["event_a"], person=net["person_a"])
    ParticipationFactory(event=net["event_a"], person=net["person_a2"])

    assert ids(client_for(net["teacher_a"]).get("/api/event-participations/")) == [mine.pk]
    assert len(ids(client_for(net["methodist_a"]).get("/api/event-participations/"))) == 2


def test_api_events_query_count_does_not_grow_with_rows(net):
    client = client_for(net["methodist_a"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/events/").status_code == 200
        return len(queries)

    few = count_queries()
    for _ in range(4):
        event = EventFactory(organizer_organization=net["service_a"])
        event.competences.add(factories.CompetenceFactory())
        ParticipationFactory(event=event, person=factories.EmploymentFactory().person)
    many = count_queries()

    assert few == many


# Plans -------------------------------------------------------------------------------------


def test_api_work_plans_with_fulfilment(net):
    plan = WorkPlanFactory(municipality=net["mun_a"])
    EventFactory(plan=plan, organizer_organization=net["service_a"], status="held")
    EventFactory(plan=plan, organizer_organization=net["service_a"])

    rows = client_for(net["teacher_a"]).get("/api/work-plans/").json()["results"]

    assert [(r["id"], r["event_count"], r["held_count"], r["fulfilment"]) for r in rows] == [
        (plan.pk, 2, 1, 50)
    ]
    assert client_for(net["teacher_b"]).get(f"/api/work-plans/{plan.pk}/").status_code == 404


def test_api_horizontal_proposals_for_who_changes_the_association(net):
    url = f"/api/associations/{net['rmo'].pk}/horizontal-proposals/"

    assert client_for(net["teacher_a"]).get(url).json() == []
    assert client_for(net["teacher_a2"]).get(url).status_code == 403
    assert Association.objects.count() == 1
