from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.mentoring.models import MentoringMeeting, MentoringPair, MentoringProgram, PairStatus
from tests import factories
from tests.mentoring.factories import (
    MeetingFactory,
    PairFactory,
    ProgramFactory,
    deficit,
    school_world,
    teacher,
    today,
    young_teacher,
)


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def iso(offset=0):
    return (today() + timedelta(days=offset)).isoformat()


@pytest.fixture
def school(two_orgs):
    return school_world(two_orgs)


@pytest.fixture
def pairs(school):
    """A pair of organization A (in a programme, with a meeting) and one of organization B."""
    program = ProgramFactory(organization=school["org"])
    pair_a = PairFactory(
        program=program,
        organization=school["org"],
        mentor=school["mentor"],
        mentee=school["mentee"],
    )
    pair_b = PairFactory(
        organization=school["org_b"], program=ProgramFactory(organization=school["org_b"])
    )
    return {
        "program_a": program,
        "pair_a": pair_a,
        "meeting_a": MeetingFactory(pair=pair_a),
        "pair_b": pair_b,
        "program_b": pair_b.program,
        "meeting_b": MeetingFactory(pair=pair_b),
    }


# Reads ------------------------------------------------------------------------------------------


def test_api_org_admin_lists_only_own_mentoring(school, pairs):
    client = client_for(school["admin"])

    assert ids(client.get("/api/mentoring-pairs/")) == [pairs["pair_a"].pk]
    assert ids(client.get("/api/mentoring-programs/")) == [pairs["program_a"].pk]
    assert ids(client.get("/api/mentoring-meetings/")) == [pairs["meeting_a"].pk]


@pytest.mark.parametrize(
    ("resource", "key"),
    [
        ("mentoring-pairs", "pair_b"),
        ("mentoring-programs", "program_b"),
        ("mentoring-meetings", "meeting_b"),
    ],
)
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_api_other_organizations_objects_not_found(school, pairs, resource, key, method):
    obj = pairs[key]

    response = getattr(client_for(school["admin"]), method)(
        f"/api/{resource}/{obj.pk}/", {}, format="json"
    )

    assert response.status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("verb", ["complete", "terminate"])
def test_api_actions_on_another_organizations_pair_not_found(school, pairs, verb):
    client = client_for(school["admin"])
    url = f"/api/mentoring-pairs/{pairs['pair_b'].pk}/{verb}/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"ended_on": iso(), "text": "x"}, format="json").status_code == 404


def test_api_pair_carries_names_deficits_and_meeting_count(school, pairs):
    own = deficit(school["mentee"], school["org"])
    pairs["pair_a"].deficits.add(own)

    data = client_for(school["admin"]).get(f"/api/mentoring-pairs/{pairs['pair_a'].pk}/").json()

    assert (data["mentor_name"], data["mentee_name"], data["deficits"], data["meeting_count"]) == (
        school["mentor"].full_name,
        school["mentee"].full_name,
        [own.pk],
        1,
    )
    assert (data["status"], data["organization"]) == ("active", school["org"].pk)


def test_api_teacher_sees_the_pairs_they_are_in(school, pairs):
    assert ids(client_for(school["mentor_user"]).get("/api/mentoring-pairs/")) == [
        pairs["pair_a"].pk
    ]
    assert ids(client_for(school["mentee_user"]).get("/api/mentoring-pairs/")) == [
        pairs["pair_a"].pk
    ]
    colleague = factories.teacher_user(teacher(school["org"]))
    assert ids(client_for(colleague).get("/api/mentoring-pairs/")) == []


def test_api_pair_list_query_count_does_not_grow(school, pairs):
    pairs["pair_a"].deficits.add(deficit(school["mentee"], school["org"]))
    client = client_for(school["admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/mentoring-pairs/")
    for _ in range(3):
        pair = PairFactory(organization=school["org"], program=pairs["program_a"])
        pair.deficits.add(deficit(pair.mentee, school["org"]))
    with CaptureQueriesContext(connection) as many:
        client.get("/api/mentoring-pairs/")

    assert len(many) == len(few)


# Pairs: writes ------------------------------------------------------------------------------------


def pair_payload(school, **overrides):
    payload = {
        "mentor": school["mentor"].pk,
        "mentee": school["mentee"].pk,
        "kind": "mentor_young",
        "starts_on": iso(-3),
        "planned_end_on": iso(300),
        "goals": "Адаптация",
    }
    return {**payload, **overrides}


def test_api_create_pair_by_the_organization_admin(school):
    own = deficit(school["mentee"], school["org"])

    response = client_for(school["admin"]).post(
        "/api/mentoring-pairs/", pair_payload(school, deficits=[own.pk]), format="json"
    )

    assert response.status_code == 201, response.content
    pair = MentoringPair.objects.get()
    assert response.json()["id"] == pair.pk
    assert (pair.organization, list(pair.deficits.all())) == (school["org"], [own])
    assert AuditEntry.objects.filter(action="mentoring.pair.created").count() == 1


def test_api_create_second_mentor_refused_with_the_russian_message(school, pairs):
    other = teacher(school["org"])

    response = client_for(school["admin"]).post(
        "/api/mentoring-pairs/", pair_payload(school, mentor=other.pk), format="json"
    )

    assert response.status_code == 400
    assert response.json()["mentee"][0].startswith("У наставляемого уже есть действующий наставник")


def test_api_create_pair_foreign_deficit_refused(school):
    foreign = deficit(school["mentor"], school["org"])

    response = client_for(school["admin"]).post(
        "/api/mentoring-pairs/", pair_payload(school, deficits=[foreign.pk]), format="json"
    )

    assert response.json() == {"deficits": ["Можно выбрать только дефициты наставляемого."]}


def test_api_create_pair_with_people_of_another_organization_refused(school):
    payload = pair_payload(
        school, mentor=teacher(school["org_b"]).pk, mentee=young_teacher(school["org_b"]).pk
    )

    response = client_for(school["admin"]).post("/api/mentoring-pairs/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"mentor", "mentee"}
    assert MentoringPair.objects.count() == 0


def test_api_create_pair_by_a_teacher_forbidden(school):
    response = client_for(school["mentor_user"]).post(
        "/api/mentoring-pairs/", pair_payload(school), format="json"
    )

    assert response.status_code == 403


def test_api_update_pair_by_its_mentor_forbidden(school, pairs):
    url = f"/api/mentoring-pairs/{pairs['pair_a'].pk}/"

    response = client_for(school["mentor_user"]).patch(url, {"goals": "x"}, format="json")

    assert response.status_code == 403


def test_api_complete_pair_by_its_mentor(school, pairs):
    url = f"/api/mentoring-pairs/{pairs['pair_a'].pk}/complete/"

    response = client_for(school["mentor_user"]).post(
        url, {"ended_on": iso(), "text": "Провела открытый урок"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["result"]) == (
        "completed",
        "Провела открытый урок",
    )


def test_api_complete_pair_by_the_mentee_forbidden(school, pairs):
    url = f"/api/mentoring-pairs/{pairs['pair_a'].pk}/complete/"

    response = client_for(school["mentee_user"]).post(
        url, {"ended_on": iso(), "text": "Итоги"}, format="json"
    )

    assert response.status_code == 403


def test_api_terminate_pair_by_its_mentor_forbidden_and_by_the_admin_done(school, pairs):
    url = f"/api/mentoring-pairs/{pairs['pair_a'].pk}/terminate/"
    payload = {"ended_on": iso(), "text": "Увольнение"}

    assert client_for(school["mentor_user"]).post(url, payload, format="json").status_code == 403
    response = client_for(school["admin"]).post(url, payload, format="json")

    assert response.json()["status"] == PairStatus.TERMINATED


def test_api_complete_pair_before_its_start_refused(school, pairs):
    url = f"/api/mentoring-pairs/{pairs['pair_a'].pk}/complete/"

    response = client_for(school["admin"]).post(
        url, {"ended_on": iso(-1000), "text": "Итоги"}, format="json"
    )

    assert response.json() == {"ended_on": ["Дата окончания не может быть раньше начала."]}


# Programmes and meetings: writes -----------------------------------------------------------------


def test_api_create_program_and_delete_it(school):
    client = client_for(school["admin"])
    payload = {
        "title": "Программа наставничества",
        "level": "organization",
        "organization": school["org"].pk,
        "starts_on": iso(-10),
        "ends_on": iso(300),
    }

    response = client.post("/api/mentoring-programs/", payload, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["municipality"] == school["mun_a"].pk
    program = MentoringProgram.objects.get()
    assert client.delete(f"/api/mentoring-programs/{program.pk}/").status_code == 204
    assert MentoringProgram.objects.count() == 0


def test_api_create_municipal_program_by_the_organization_admin_forbidden(school):
    payload = {
        "title": "Муниципальная программа",
        "level": "municipality",
        "municipality": school["mun_a"].pk,
        "starts_on": iso(-10),
        "ends_on": iso(300),
    }

    response = client_for(school["admin"]).post("/api/mentoring-programs/", payload, format="json")

    assert response.status_code == 403
    assert MentoringProgram.objects.count() == 0


def test_api_delete_program_with_pairs_refused(school, pairs):
    response = client_for(school["admin"]).delete(
        f"/api/mentoring-programs/{pairs['program_a'].pk}/"
    )

    assert response.status_code == 400
    assert "нельзя удалить" in response.json()["non_field_errors"][0]


def test_api_meeting_recorded_by_the_mentor(school, pairs):
    payload = {"pair": pairs["pair_a"].pk, "held_on": iso(-1), "topic": "Разбор урока"}

    response = client_for(school["mentor_user"]).post(
        "/api/mentoring-meetings/", payload, format="json"
    )

    assert response.status_code == 201, response.content
    assert (
        MentoringMeeting.objects.filter(topic="Разбор урока").get().created_by
        == school["mentor_user"]
    )


def test_api_meetings_filtered_by_pair(school, pairs):
    other = MeetingFactory(pair=PairFactory(organization=school["org"]))
    client = client_for(school["admin"])

    assert ids(client.get(f"/api/mentoring-meetings/?pair={pairs['pair_a'].pk}")) == [
        pairs["meeting_a"].pk
    ]
    assert ids(client.get(f"/api/mentoring-meetings/?pair={pairs['pair_b'].pk}")) == []
    assert other.pk in ids(client.get("/api/mentoring-meetings/"))


def test_api_meeting_by_the_mentee_forbidden(school, pairs):
    payload = {"pair": pairs["pair_a"].pk, "held_on": iso(-1), "topic": "Разбор урока"}

    response = client_for(school["mentee_user"]).post(
        "/api/mentoring-meetings/", payload, format="json"
    )

    assert response.status_code == 403


def test_api_meeting_in_the_future_refused(school, pairs):
    payload = {"pair": pairs["pair_a"].pk, "held_on": iso(5), "topic": "Разбор урока"}

    response = client_for(school["admin"]).post("/api/mentoring-meetings/", payload, format="json")

    assert response.json() == {"held_on": ["Дата встречи не может быть в будущем."]}


# The young specialists without a mentor ----------------------------------------------------------


def test_api_young_without_mentor(school, pairs):
    alone = young_teacher(school["org"])
    young_teacher(school["org_b"])

    response = client_for(school["admin"]).get("/api/mentoring-young-without-mentor/")

    rows = response.json()["results"]
    assert [(row["id"], row["organization"]) for row in rows] == [(alone.pk, school["org"].pk)]


def test_api_young_without_mentor_for_a_teacher_forbidden(school):
    response = client_for(school["mentor_user"]).get("/api/mentoring-young-without-mentor/")

    assert response.status_code == 403
