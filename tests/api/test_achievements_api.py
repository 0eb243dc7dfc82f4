import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.achievements.models import Competition, CompetitionParticipation, Publication
from profrost.core.models import AuditEntry
from tests import factories
from tests.achievements.conftest import achievements_world
from tests.achievements.factories import CompetitionFactory, ParticipationFactory


@pytest.fixture
def ach(two_orgs, region):
    return achievements_world(two_orgs, region)


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


# Reads


def test_competitions_seen_across_the_region(ach, org_admin_a):
    CompetitionFactory(region=factories.RegionFactory(name="Соседняя область"))

    response = client_for(org_admin_a).get("/api/competitions/")

    assert ids(response) == sorted([ach["competition"].pk, ach["municipal_b"].pk])
    row = next(r for r in response.json()["results"] if r["id"] == ach["competition"].pk)
    assert (row["participant_count"], row["awarded_count"], row["holder_name"]) == (
        2,
        1,
        "Тестовая область",
    )
    assert [stage["title"] for stage in row["stages"]] == ["Заочный тур", "Финал"]


@pytest.mark.parametrize(
    ("resource", "key"),
    [
        ("competition-participations", "part"),
        ("publications", "pub"),
        ("expert-activities", "expert"),
    ],
)
def test_facts_of_people_in_scope_only(ach, org_admin_a, resource, key):
    client = client_for(org_admin_a)

    assert ids(client.get(f"/api/{resource}/")) == [ach[f"{key}_a"].pk]
    for method in ("get", "patch", "delete"):
        url = f"/api/{resource}/{ach[f'{key}_b'].pk}/"
        assert getattr(client, method)(url, {}, format="json").status_code == 404


def test_participations_filter_by_result_and_young(ach, regional_admin):
    client = client_for(regional_admin)

    assert ids(client.get("/api/competition-participations/", {"result": "winner"})) == [
        ach["part_a"].pk
    ]
    assert ids(client.get("/api/competition-participations/", {"young": "true"})) == []


def test_expert_activities_filter_by_direction_ignores_case(ach, regional_admin):
    response = client_for(regional_admin).get(
        "/api/expert-activities/", {"direction": "МАТЕМАТИКА"}
    )

    assert ids(response) == [ach["expert_a"].pk]


def test_participations_list_query_count_does_not_grow(ach, regional_admin):
    client = client_for(regional_admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            ids(client.get("/api/competition-participations/"))
        return len(queries)

    few = count()
    for _ in range(4):
        person = factories.EmploymentFactory(organization=ach["org_a"]).person
        ParticipationFactory(competition=ach["competition"], person=person)
    assert count() == few


# Writes


def test_teacher_creates_own_publication(ach):
    response = client_for(ach["teacher_a"]).post(
        "/api/publications/",
        {
            "person": ach["person_a"].pk,
            "title": "Формирующее оценивание",
            "edition": "Вестник образования",
            "level": "federal",
            "year": 2025,
            "url": "https://example.ru/ocenivanie",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["organization_name"], data["level_display"], data["kind"]) == (
        "Школа А",
        "Федеральный",
        "article",
    )
    assert AuditEntry.objects.filter(action="achievements.publication.created").count() == 1


def test_teacher_creates_colleagues_publication_refused(ach):
    response = client_for(ach["teacher_a"]).post(
        "/api/publications/",
        {
            "person": ach["person_b"].pk,
            "title": "Чужая статья",
            "edition": "Вестник",
            "level": "regional",
            "year": 2025,
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["person"]
    assert not Publication.objects.filter(title="Чужая статья").exists()


def test_teacher_changes_own_expert_activity_refused(ach):
    url = f"/api/expert-activities/{ach['expert_a'].pk}/"

    response = client_for(ach["teacher_a"]).patch(url, {"direction": "Алгебра"}, format="json")

    assert response.status_code == 403
    ach["expert_a"].refresh_from_db()
    assert ach["expert_a"].direction == "Математика"


def test_regional_competition_changed_by_organization_admin_refused(ach, org_admin_a):
    url = f"/api/competitions/{ach['competition'].pk}/"

    response = client_for(org_admin_a).patch(url, {"organizer": "Школа"}, format="json")

    assert response.status_code == 403


def test_municipal_methodist_creates_competition_and_replaces_stages(ach):
    client = client_for(ach["methodist_a"])

    created = client.post(
        "/api/competitions/",
        {
            "title": "Учитель года города",
            "level": "municipal",
            "year": 2025,
            "municipality": ach["mun_a"].pk,
            "stages": [{"title": "Заочный этап"}, {"title": "Очный этап"}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    first = data["stages"][0]
    changed = client.patch(
        f"/api/competitions/{data['id']}/",
        {"stages": [{"id": first["id"], "title": "Заочный этап"}, {"title": "Финал"}]},
        format="json",
    )

    assert (data["region"], data["holder_name"]) == (ach["mun_a"].region_id, "Город А")
    assert changed.status_code == 200, changed.content
    assert [(s["id"] == first["id"], s["title"]) for s in changed.json()["stages"]] == [
        (True, "Заочный этап"),
        (False, "Финал"),
    ]


def test_competition_in_another_municipality_refused(ach):
    response = client_for(ach["methodist_a"]).post(
        "/api/competitions/",
        {"title": "Чужой", "level": "municipal", "year": 2025, "municipality": ach["mun_b"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["municipality"]


def test_competition_with_participants_not_deleted(ach, regional_admin):
    response = client_for(regional_admin).delete(f"/api/competitions/{ach['competition'].pk}/")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": [
            "Конкурс нельзя удалить: в нём 2 участника. Сначала удалите записи об участии."
        ]
    }
    assert Competition.objects.filter(pk=ach["competition"].pk).exists()


def test_second_participation_in_competition_refused_in_russian(ach, org_admin_a):
    response = client_for(org_admin_a).post(
        "/api/competition-participations/",
        {"competition": ach["competition"].pk, "person": ach["person_a"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"person": ["Участие этого работника в этом конкурсе уже внесено."]}
    assert CompetitionParticipation.objects.filter(person=ach["person_a"]).count() == 1


def test_participation_with_stage_of_another_competition_refused(ach, org_admin_a):
    response = client_for(org_admin_a).post(
        "/api/competition-participations/",
        {
            "competition": ach["municipal_b"].pk,
            "person": ach["person_a"].pk,
            "stage": ach["final"].pk,
            "result": "prize",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"stage": ["Этап относится к другому конкурсу."]}
