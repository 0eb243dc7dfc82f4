"""Events: who sees and changes them, the reach from level and organizer, the pages, the
calendar's month boundaries, the filters, and the list's query count."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from profrost.core.roles import Perm
from profrost.network import selectors, services
from profrost.network.models import Event, EventStatus
from tests import factories
from tests.network.factories import EventFactory, ParticipationFactory, school_association


def visible(user):
    return set(Event.objects.visible_to(user, Perm.VIEW_NETWORK))


def changeable(user):
    return set(Event.objects.changeable_by(user, Perm.MANAGE_EVENTS))


def local(*args):
    return timezone.make_aware(datetime(*args))


# Scope -------------------------------------------------------------------------------------


def test_event_municipal_one_is_seen_by_the_teachers_of_the_municipality_only(net):
    assert net["event_a"] in visible(net["teacher_a"])
    assert net["event_a"] not in visible(net["teacher_b"])
    assert visible(net["org_admin_a"]) == {net["event_a"]}


def test_event_teacher_sees_a_foreign_event_they_take_part_in(net):
    ParticipationFactory(event=net["event_b"], person=net["person_a"])

    assert net["event_b"] in visible(net["teacher_a"])
    assert net["event_b"] in visible(net["org_admin_a"])
    assert net["event_b"] not in visible(net["teacher_a2"])


def test_event_regional_one_is_seen_across_the_region(net):
    regional = EventFactory(level="regional", organizer_organization=net["org_b"])

    assert regional in visible(net["teacher_a"])
    assert regional not in changeable(net["org_admin_a"])
    assert regional in changeable(net["regional_admin"])


def test_event_school_one_is_seen_by_its_school_only(net):
    school = EventFactory(level="school", organizer_organization=net["org_a"])

    assert school in visible(net["teacher_a"])
    assert school not in visible(net["teacher_b"])
    assert school in changeable(net["org_admin_a"])
    assert school in changeable(net["methodist_a"])


def test_event_change_organizer_association_head_manager_and_nobody_else(net):
    rmo_event = EventFactory(
        organizer_organization=None,
        organizer_association=net["rmo"],
        municipality=net["mun_a"],
        region=net["region"],
    )

    assert changeable(net["teacher_a"]) == {rmo_event}
    assert changeable(net["teacher_a2"]) == set()
    assert changeable(net["methodist_a"]) == {net["event_a"], rmo_event}
    assert changeable(net["org_admin_a"]) == set()


def test_event_pages_trio_organizer_colleague_outsider(net, client):
    url = f"/network/events/{net['event_a'].pk}/edit/"
    statuses = {}
    for name in ("methodist_a", "teacher_a", "teacher_b"):
        client.force_login(net[name])
        statuses[name] = client.get(url).status_code

    assert statuses == {"methodist_a": 200, "teacher_a": 403, "teacher_b": 404}


# Reach and saving --------------------------------------------------------------------------


def event_form(organizer, **extra):
    start = timezone.localtime() + timedelta(days=5)
    return {
        "title": "Семинар по читательской грамотности",
        "kind": "seminar",
        "level": "municipal",
        "organizer_organization": organizer.pk,
        "starts_at": start.strftime("%d.%m.%Y 15:00"),
        "ends_at": start.strftime("%d.%m.%Y 17:00"),
        "place": "Школа № 1, кабинет 12",
        "capacity": "25",
        "hours": "2",
        "registration_open": "on",
        **extra,
    }


def test_event_create_page_derives_the_reach_from_the_organizer(net, client):
    client.force_login(net["methodist_a"])

    response = client.post("/network/events/new/", event_form(net["service_a"]))

    event = Event.objects.get(title="Семинар по читательской грамотности")
    assert response.status_code == 302
    assert (event.region, event.municipality, event.organization, event.status) == (
        net["region"],
        net["mun_a"],
        None,
        EventStatus.PLANNED,
    )
    assert timezone.localtime(event.starts_at).strftime("%H:%M") == "15:00"


def test_event_create_page_needs_a_place_or_a_link(net, client):
    client.force_login(net["methodist_a"])

    response = client.post("/network/events/new/", event_form(net["service_a"], place=""))

    assert "Укажите место проведения или ссылку на трансляцию." in response.content.decode()
    assert not Event.objects.filter(title="Семинар по читательской грамотности").exists()


def test_event_create_page_refuses_an_end_before_the_start(net, client):
    client.force_login(net["methodist_a"])
    data = event_form(net["service_a"])
    data["ends_at"] = data["starts_at"].replace("15:00", "14:00")

    response = client.post("/network/events/new/", data)

    assert "Окончание не может быть раньше начала." in response.content.decode()


def test_event_head_of_rmo_creates_an_event_of_the_rmo(net, client):
    client.force_login(net["teacher_a"])
    data = event_form(net["service_a"], organizer_association=net["rmo"].pk)
    del data["organizer_organization"]

    response = client.post("/network/events/new/", data)

    event = Event.objects.get(title="Семинар по читательской грамотности")
    assert response.status_code == 302
    assert (event.organizer_association, event.municipality) == (net["rmo"], net["mun_a"])
    assert event in changeable(net["teacher_a"])


def test_event_teacher_without_an_association_cannot_create(net, client):
    client.force_login(net["teacher_a2"])

    assert client.get("/network/events/new/").status_code == 403


def test_event_school_level_needs_an_organization(net):
    shmo = school_association(net["org_a"])
    event = Event(
        title="Заседание",
        kind="meeting",
        level="school",
        organizer_association=net["rmo"],
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=1),
        place="Кабинет 5",
    )

    with pytest.raises(ValidationError) as error:
        services.save_event(event, by=net["methodist_a"])
    event.organizer_association = shmo
    saved = services.save_event(event, by=net["methodist_a"])

    assert error.value.message_dict == {
        "organizer_organization": [
            "Мероприятие уровня организации проводит организация: укажите её."
        ]
    }
    assert (saved.organization, saved.municipality) == (net["org_a"], net["mun_a"])


def test_event_capacity_cannot_drop_below_the_registered(net):
    event = net["event_a"]
    services.register(event, net["person_a"], by=net["teacher_a"])
    services.register(event, net["person_a2"], by=net["teacher_a2"])
    event.capacity = 1

    with pytest.raises(ValidationError) as error:
        services.save_event(event, by=net["methodist_a"])

    assert error.value.message_dict == {
        "capacity": ["Уже зарегистрировано участников: 2. Мест не может быть меньше."]
    }


def test_event_cancel_page_cancels_with_the_reason(net, client):
    client.force_login(net["methodist_a"])

    client.post(f"/network/events/{net['event_a'].pk}/cancel/", {"reason": "Карантин"})

    net["event_a"].refresh_from_db()
    assert (net["event_a"].status, net["event_a"].cancel_reason) == ("cancelled", "Карантин")


# The calendar ------------------------------------------------------------------------------


def test_calendar_month_includes_events_by_local_time_at_the_boundaries(net):
    org = net["service_a"]
    last_evening = EventFactory(
        organizer_organization=org,
        starts_at=local(2026, 1, 31, 23, 30),
        ends_at=local(2026, 1, 31, 23, 50),
    )
    first_night = EventFactory(
        organizer_organization=org,
        starts_at=local(2026, 2, 1, 0, 10),
        ends_at=local(2026, 2, 1, 1, 0),
    )
    spanning = EventFactory(
        organizer_organization=org,
        starts_at=local(2026, 1, 30, 10),
        ends_at=local(2026, 2, 2, 18),
    )
    queryset = Event.objects.all()

    january = set(selectors.month_events(queryset, 2026, 1))
    february = set(selectors.month_events(queryset, 2026, 2))

    assert january == {last_evening, spanning}
    assert february == {first_night, spanning}


def test_calendar_grid_starts_on_monday_and_places_events_on_their_days(net):
    event = EventFactory(
        organizer_organization=net["service_a"],
        starts_at=local(2026, 2, 27, 16),
        ends_at=local(2026, 3, 2, 12),
    )

    weeks = selectors.month_grid([event], 2026, 3)

    days_with_event = [
        cell["day"].isoformat() for week in weeks for cell in week if event in cell["events"]
    ]
    assert weeks[0][0]["day"].isoformat() == "2026-02-23"
    assert weeks[-1][-1]["day"].isoformat() == "2026-04-05"
    assert days_with_event == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]


def test_calendar_page_shows_the_month_with_previous_and_next(net, client):
    EventFactory(
        title="Февральский семинар",
        organizer_organization=net["service_a"],
        starts_at=local(2026, 2, 10, 15),
        ends_at=local(2026, 2, 10, 17),
    )
    client.force_login(net["teacher_a"])

    page = client.get("/network/calendar/", {"month": "2026-02"}).content.decode()
    january = client.get("/network/calendar/", {"month": "2026-01"}).content.decode()

    assert "Февраль 2026" in page
    assert "Февральский семинар" in page
    assert "month=2026-01" in page
    assert "month=2026-03" in page
    assert "Февральский семинар" not in january


# The list ----------------------------------------------------------------------------------


def test_event_list_free_places_filter(net, client):
    services.register(net["event_a"], net["person_a"], by=net["teacher_a"])
    services.register(net["event_a"], net["person_a2"], by=net["teacher_a2"])
    open_one = EventFactory(title="Вебинар без ограничения", organizer_organization=net["org_a"])
    client.force_login(net["methodist_a"])

    free = client.get("/network/events/", {"free_places": "true"}).context["object_list"]
    full = client.get("/network/events/", {"free_places": "false"}).context["object_list"]

    assert [event.title for event in free] == [open_one.title]
    assert [(event.title, event.free_places) for event in full] == [("Семинар Город А", 0)]


def test_event_list_query_count_does_not_grow_with_rows(net, client):
    client.force_login(net["methodist_a"])

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/network/events/").status_code == 200
        return len(queries)

    few = count_queries()
    for _number in range(6):
        event = EventFactory(
            organizer_organization=net["service_a"], organizer_association=net["rmo"]
        )
        ParticipationFactory(event=event, person=factories.EmploymentFactory().person)
    many = count_queries()

    assert few == many


def test_calendar_query_count_does_not_grow_with_rows(net, client):
    client.force_login(net["teacher_a"])
    month = timezone.localdate().strftime("%Y-%m")

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/network/calendar/", {"month": month}).status_code == 200
        return len(queries)

    few = count_queries()
    for days in range(4):
        EventFactory(
            organizer_organization=net["service_a"],
            starts_at=timezone.now().replace(day=1) + timedelta(days=days, hours=1),
            ends_at=timezone.now().replace(day=1) + timedelta(days=days, hours=3),
        )
    many = count_queries()

    assert few == many
