"""The diagnostics API: the competence framework, instruments, campaigns, results, deficits."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.competences.models import Competence, CompetenceGroup
from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics import services
from profrost.diagnostics.models import CompetenceResult, Deficit, ResultSource
from tests import factories


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def record(person, organization, competence, score, measured_on):
    return services.record_result(
        person=person,
        organization_id=organization.pk,
        competence_id=competence.pk,
        measured_on=measured_on,
        score=score,
        max_score=10,
        level="proficient" if score >= 7.5 else "partial" if score >= 5 else "deficit",
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика профессиональных компетенций",
    )


@pytest.fixture
def world(two_orgs, region):
    """Results of teachers A and B: A's «T.MET» deficit of 2024 was closed in 2025, A's
    «T.PSY» is partial (open deficit), B's «T.MET» is a deficit (open)."""
    met = factories.CompetenceFactory(code="T.MET", name="Проектирование урока")
    psy = factories.CompetenceFactory(code="T.PSY", name="Учёт возрастных особенностей")
    a, b = two_orgs["person_a"], two_orgs["person_b"]
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    results = {
        "a_met_old": record(a, org_a, met, 3, date(2024, 3, 1)),
        "a_met_new": record(a, org_a, met, 9, date(2025, 3, 1)),
        "a_psy": record(a, org_a, psy, 6, date(2025, 3, 1)),
        "b_met": record(b, org_b, met, 2, date(2025, 4, 1)),
    }
    return {
        **two_orgs,
        **results,
        "met": met,
        "psy": psy,
        "deficit_a_met": Deficit.objects.get(person=a, competence=met),
        "deficit_a_psy": Deficit.objects.get(person=a, competence=psy),
        "deficit_b_met": Deficit.objects.get(person=b, competence=met),
        "methodist": factories.user_with_role(Role.REGIONAL_METHODIST, region),
        "teacher_a": factories.teacher_user(a),
    }


# Results and deficits: scope ------------------------------------------------------------------


def test_results_org_admin_of_a_never_gets_b_results(world, org_admin_a):
    client = client_for(org_admin_a)

    listed = ids(client.get("/api/results/"))
    foreign = client.get(f"/api/results/{world['b_met'].pk}/")
    filtered = client.get("/api/results/", {"person": world["person_b"].pk})

    assert listed == sorted([world["a_met_old"].pk, world["a_met_new"].pk, world["a_psy"].pk])
    assert foreign.status_code == 404
    assert ids(filtered) == []


def test_results_teacher_sees_own_only(world):
    client = client_for(world["teacher_a"])

    assert len(ids(client.get("/api/results/"))) == 3
    assert client.get(f"/api/results/{world['b_met'].pk}/").status_code == 404


def test_results_regional_methodist_sees_the_region(world):
    assert len(ids(client_for(world["methodist"]).get("/api/results/"))) == 4


def test_results_outsider_without_a_role_sees_nothing(world):
    outsider = factories.UserFactory()

    assert ids(client_for(outsider).get("/api/results/")) == []
    assert client_for(outsider).get(f"/api/results/{world['a_psy'].pk}/").status_code == 404


def test_result_detail_fields(world, org_admin_a):
    result = world["a_psy"]

    data = client_for(org_admin_a).get(f"/api/results/{result.pk}/").json()

    assert data == {
        "id": result.pk,
        "person": world["person_a"].pk,
        "person_name": world["person_a"].full_name,
        "organization": world["org_a"].pk,
        "organization_name": "Школа А",
        "competence": world["psy"].pk,
        "competence_code": "T.PSY",
        "competence_name": "Учёт возрастных особенностей",
        "source": "import",
        "source_display": "Импорт внешних результатов",
        "source_title": "Федеральная диагностика профессиональных компетенций",
        "attempt": None,
        "measured_on": "2025-03-01",
        "score": "6.00",
        "max_score": "10.00",
        "percent": "60.0",
        "level": "partial",
        "level_display": "Частично сформирована",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"competence_code": "t.met"}, ["a_met_old", "a_met_new", "b_met"]),
        ({"organization": "org_b"}, ["b_met"]),
        ({"municipality": "mun_a"}, ["a_met_old", "a_met_new", "a_psy"]),
        ({"person": "person_a", "measured_from": "2025-01-01"}, ["a_met_new", "a_psy"]),
        ({"measured_to": "2024-12-31"}, ["a_met_old"]),
        ({"level": "deficit"}, ["a_met_old", "b_met"]),
        ({"latest": "true", "competence_code": "T.MET"}, ["a_met_new", "b_met"]),
    ],
)
def test_results_filters(world, params, expected):
    query = {
        key: world[value].pk if isinstance(value, str) and value in world else value
        for key, value in params.items()
    }

    response = client_for(world["methodist"]).get("/api/results/", query)

    assert ids(response) == sorted(world[name].pk for name in expected)


def test_results_filter_by_organization_outside_the_scope_is_rejected(world, org_admin_a):
    response = client_for(org_admin_a).get("/api/results/", {"organization": world["org_b"].pk})

    assert response.status_code == 400
    assert list(response.json()) == ["organization"]


def test_results_list_queries_do_not_grow_with_rows(world):
    client = client_for(world["methodist"])
    with CaptureQueriesContext(connection) as before:
        assert len(ids(client.get("/api/results/"))) == 4
    for day in range(1, 6):
        record(world["person_b"], world["org_b"], world["psy"], 8, date(2023, 1, day))
    with CaptureQueriesContext(connection) as after:
        assert len(ids(client.get("/api/results/"))) == 9

    assert len(after) == len(before)


def test_results_are_read_only(world):
    client = client_for(world["methodist"])

    created = client.post("/api/results/", {}, format="json")
    deleted = client.delete(f"/api/results/{world['a_psy'].pk}/")

    assert (created.status_code, deleted.status_code) == (405, 405)
    assert CompetenceResult.objects.count() == 4


def test_deficits_org_admin_of_a_never_gets_b_deficits(world, org_admin_a):
    client = client_for(org_admin_a)

    assert ids(client.get("/api/deficits/")) == sorted(
        [world["deficit_a_met"].pk, world["deficit_a_psy"].pk]
    )
    assert client.get(f"/api/deficits/{world['deficit_b_met'].pk}/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, ["deficit_a_psy", "deficit_b_met"]),
        ({"status": "closed"}, ["deficit_a_met"]),
        ({"level": "partial"}, ["deficit_a_psy"]),
        ({"competence": "met"}, ["deficit_a_met", "deficit_b_met"]),
        ({"competence_code": "t.psy"}, ["deficit_a_psy"]),
        ({"person": "person_b"}, ["deficit_b_met"]),
        ({"organization": "org_a", "status": "open"}, ["deficit_a_psy"]),
    ],
)
def test_deficits_filters(world, params, expected):
    query = {key: world[value].pk if value in world else value for key, value in params.items()}

    response = client_for(world["methodist"]).get("/api/deficits/", query)

    assert ids(response) == sorted(world[name].pk for name in expected)


def test_deficit_detail_shows_what_found_and_closed_it(world):
    deficit = world["deficit_a_met"]

    data = client_for(world["teacher_a"]).get(f"/api/deficits/{deficit.pk}/").json()

    assert (data["status"], data["found_by"], data["found_on"]) == (
        "closed",
        world["a_met_old"].pk,
        "2024-03-01",
    )
    assert (data["closed_by"], data["closed_on"], data["level"]) == (
        world["a_met_new"].pk,
        "2025-03-01",
        "deficit",
    )


# The competence framework ---------------------------------------------------------------------


def test_competences_readable_by_a_teacher_filtered_by_group_and_code(world):
    other = factories.CompetenceFactory(code="T.DIG", group__code="test-digital")
    client = client_for(world["teacher_a"])

    by_group = client.get("/api/competences/", {"group": other.group_id})
    by_code = client.get("/api/competences/", {"code": "t.met"})
    detail = client.get(f"/api/competences/{world['met'].pk}/")

    assert ids(by_group) == [other.pk]
    assert ids(by_code) == [world["met"].pk]
    assert (detail.json()["code"], detail.json()["group"]) == ("T.MET", world["met"].group_id)


def test_competence_created_by_the_regional_methodist_with_the_code_uppercased(world):
    payload = {"group": world["met"].group_id, "code": "t.new", "name": "Оценивание"}

    response = client_for(world["methodist"]).post("/api/competences/", payload, format="json")

    assert response.status_code == 201, response.content
    competence = Competence.objects.get(name="Оценивание")
    assert (competence.code, response.json()["code"], response.json()["id"]) == (
        "T.NEW",
        "T.NEW",
        competence.pk,
    )
    entry = AuditEntry.objects.get(action="competences.competence.created")
    assert (entry.actor, entry.object_id) == (world["methodist"], str(competence.pk))


def test_competence_duplicate_code_gets_the_model_message(world):
    payload = {"group": world["met"].group_id, "code": "t.psy", "name": "Двойник"}

    response = client_for(world["methodist"]).post("/api/competences/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    assert Competence.objects.filter(name="Двойник").count() == 0


def test_competence_update_audited(world):
    competence = world["psy"]

    response = client_for(world["methodist"]).patch(
        f"/api/competences/{competence.pk}/", {"name": "Возрастные особенности"}, format="json"
    )

    assert response.status_code == 200, response.content
    competence.refresh_from_db()
    assert competence.name == "Возрастные особенности"
    entry = AuditEntry.objects.get(action="competences.competence.updated")
    assert entry.data == {"fields": ["name"]}


@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_competence_writes_refused_without_manage_competences(world, org_admin_a, method):
    client = client_for(org_admin_a)
    url = "/api/competences/" if method == "post" else f"/api/competences/{world['psy'].pk}/"
    payload = {"group": world["met"].group_id, "code": "X.01", "name": "Чужая"}
    before = Competence.objects.count()

    response = getattr(client, method)(url, payload, format="json")

    assert response.status_code == 403
    assert Competence.objects.count() == before
    assert Competence.objects.get(pk=world["psy"].pk).name == "Учёт возрастных особенностей"


def test_competence_in_use_not_deleted(world):
    response = client_for(world["methodist"]).delete(f"/api/competences/{world['met'].pk}/")

    assert response.status_code == 409
    assert "T.MET" in response.json()["detail"]
    assert Competence.objects.filter(pk=world["met"].pk).exists()


def test_unused_competence_and_its_group_deleted(world):
    unused = factories.CompetenceFactory(code="T.UNUSED", group__code="new-group")
    client = client_for(world["methodist"])

    group_first = client.delete(f"/api/competence-groups/{unused.group_id}/")
    competence = client.delete(f"/api/competences/{unused.pk}/")
    group_then = client.delete(f"/api/competence-groups/{unused.group_id}/")

    assert (group_first.status_code, competence.status_code, group_then.status_code) == (
        409,
        204,
        204,
    )
    assert not CompetenceGroup.objects.filter(code="new-group").exists()


def test_competence_group_created_by_the_methodist_not_by_a_teacher(world):
    payload = {"code": "test-group", "name": "Тестовая группа", "audience": "all"}

    refused = client_for(world["teacher_a"]).post("/api/competence-groups/", payload, format="json")
    created = client_for(world["methodist"]).post("/api/competence-groups/", payload, format="json")

    assert (refused.status_code, created.status_code) == (403, 201)
    assert created.json()["audience_display"] == "Все работники"


# Instruments and campaigns --------------------------------------------------------------------


@pytest.fixture
def instrument(world, region):
    instrument = factories.InstrumentFactory(title="Методический тест", region=region)
    item = factories.choice_item(instrument, [world["met"]], points=(2, 0), weight=3)
    return instrument, item


def test_instrument_detail_nests_items_options_and_links_for_the_methodist(world, instrument):
    instrument, item = instrument

    data = client_for(world["methodist"]).get(f"/api/instruments/{instrument.pk}/").json()

    assert (data["title"], data["item_count"], data["kind"], data["status"]) == (
        "Методический тест",
        1,
        "test",
        "published",
    )
    [shown] = data["items"]
    assert (shown["id"], shown["kind"], shown["text"]) == (item.pk, "single", item.text)
    assert [(o["text"], o["points"]) for o in shown["options"]] == [
        ("Вариант 1", "2.00"),
        ("Вариант 2", "0.00"),
    ]
    assert shown["competences"] == [
        {
            "competence": world["met"].pk,
            "code": "T.MET",
            "name": "Проектирование урока",
            "weight": "3.00",
        }
    ]


def test_instrument_detail_hides_the_answer_key_from_a_teacher(world):
    # A teacher reads the instruments shipped with the system (those without a region).
    instrument = factories.InstrumentFactory(title="Поставляемый тест")
    factories.choice_item(instrument, [world["met"]], points=(2, 0))

    data = client_for(world["teacher_a"]).get(f"/api/instruments/{instrument.pk}/")

    assert data.status_code == 200
    assert [o["points"] for o in data.json()["items"][0]["options"]] == [None, None]


def test_instrument_of_another_region_not_found(world, org_admin_a):
    foreign = factories.InstrumentFactory(
        title="Чужой тест", region=factories.RegionFactory(name="Чужая область")
    )
    client = client_for(org_admin_a)

    assert client.get(f"/api/instruments/{foreign.pk}/").status_code == 404
    assert foreign.pk not in ids(client.get("/api/instruments/"))


def test_campaigns_count_only_attempts_in_scope(world, instrument, org_admin_a, region):
    campaign = factories.CampaignFactory(
        title="Весенняя диагностика", instrument=instrument[0], region=region
    )
    factories.AttemptFactory(
        campaign=campaign, person=world["person_a"], organization=world["org_a"]
    )
    factories.AttemptFactory(
        campaign=campaign,
        person=world["person_b"],
        organization=world["org_b"],
        status="submitted",
    )

    own = client_for(org_admin_a).get(f"/api/campaigns/{campaign.pk}/").json()
    regional = client_for(world["methodist"]).get(f"/api/campaigns/{campaign.pk}/").json()

    assert (own["assigned_count"], own["submitted_count"]) == (1, 0)
    assert (regional["assigned_count"], regional["submitted_count"]) == (2, 1)
    assert (own["status"], own["status_display"], own["level"]) == ("open", "Идёт", "region")


def test_campaigns_filtered_by_status_and_out_of_reach_for_another_organization(
    world, instrument, org_admin_a, region
):
    running = factories.CampaignFactory(instrument=instrument[0], region=region)
    closed = factories.CampaignFactory(
        instrument=instrument[0],
        region=region,
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 4, 1),
    )
    school_b = factories.CampaignFactory(
        instrument=instrument[0],
        region=region,
        level="organization",
        municipality=world["mun_b"],
        organization=world["org_b"],
    )
    methodist = client_for(world["methodist"])

    assert ids(methodist.get("/api/campaigns/", {"status": "closed"})) == [closed.pk]
    assert ids(methodist.get("/api/campaigns/", {"status": "open"})) == sorted(
        [running.pk, school_b.pk]
    )
    assert client_for(org_admin_a).get(f"/api/campaigns/{school_b.pk}/").status_code == 404


def test_schema_lists_the_diagnostics_paths(db):
    paths = APIClient().get("/api/schema/", {"format": "json"}).json()["paths"]

    for path in (
        "/api/competence-groups/",
        "/api/competences/{id}/",
        "/api/instruments/{id}/",
        "/api/campaigns/",
        "/api/results/",
        "/api/deficits/{id}/",
    ):
        assert path in paths
