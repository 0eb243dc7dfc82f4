"""The API of the bank of practices, innovation projects and documents: the same scope, rules and
Russian messages as the pages, through the same services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.practices.models import Document, Practice, PracticeStatus
from tests import factories
from tests.practices.factories import (
    DisseminationFactory,
    DocumentFactory,
    PracticeFactory,
    ProjectFactory,
    ReviewFactory,
    completed_review,
    days_ago,
    teacher,
)


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


@pytest.fixture
def world(two_orgs, region, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org_a = two_orgs["org_a"]
    expert_1 = teacher(org_a, last_name="Экспертов")
    expert_2 = teacher(org_a, last_name="Оценщикова")
    return {
        **two_orgs,
        "practice_a": PracticeFactory(organization=org_a, main_author=two_orgs["person_a"]),
        "practice_b": PracticeFactory(organization=two_orgs["org_b"]),
        "expert_1": expert_1,
        "expert_2": expert_2,
        "expert_1_user": factories.teacher_user(expert_1),
        "author": factories.teacher_user(two_orgs["person_a"]),
        "methodist_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "admin_a": factories.user_with_role(Role.ORGANIZATION_ADMIN, org_a),
        "region": region,
    }


# Practices --------------------------------------------------------------------------------------


def test_practices_list_keeps_to_the_scope(world):
    client = client_for(world["admin_a"])

    assert ids(client.get("/api/practices/")) == [world["practice_a"].pk]
    assert client.get(f"/api/practices/{world['practice_b'].pk}/").status_code == 404


def test_teacher_submits_their_own_practice(world):
    client = client_for(world["author"])

    response = client.post(
        "/api/practices/",
        {
            "title": "Перевёрнутый класс на уроках физики",
            "organization": world["org_a"].pk,
            "description": "Видео до урока, практика на уроке.",
            "coauthors": [world["expert_2"].pk],
            "file": SimpleUploadedFile("physics.pdf", b"%PDF"),
        },
        format="multipart",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    practice = Practice.objects.get(pk=body["id"])
    assert (body["status"], body["main_author"], body["coauthors"]) == (
        "submitted",
        world["person_a"].pk,
        [world["expert_2"].pk],
    )
    assert body["file_url"] == f"/practices/{practice.pk}/file/"
    assert AuditEntry.objects.filter(action="practices.practice.submitted").count() == 1


def test_teacher_may_not_submit_for_another_organization(world):
    response = client_for(world["author"]).post(
        "/api/practices/",
        {"title": "Чужая", "organization": world["org_b"].pk, "description": "Нет."},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["organization"] == [
        f'Недопустимый первичный ключ "{world["org_b"].pk}" - объект не существует.'
    ]


def test_expertise_runs_through_the_api(world):
    practice = world["practice_a"]
    methodist = client_for(world["methodist_a"])

    assigned = methodist.post(
        f"/api/practices/{practice.pk}/assign-experts/",
        {"experts": [world["expert_1"].pk, world["expert_2"].pk]},
        format="json",
    )
    review = practice.reviews.get(expert=world["expert_1"])
    sheet = {
        "relevance": 3,
        "novelty": 3,
        "effectiveness": 2,
        "replicability": 2,
        "elaboration": 2,
        "recommendation": "include",
    }
    by_author = client_for(world["author"]).post(
        f"/api/practice-reviews/{review.pk}/submit/", sheet, format="json"
    )
    by_expert = client_for(world["expert_1_user"]).post(
        f"/api/practice-reviews/{review.pk}/submit/", sheet, format="json"
    )
    refused = methodist.post(f"/api/practices/{practice.pk}/include/", {}, format="json")

    assert (assigned.status_code, assigned.json()["status"]) == (200, "expertise")
    assert by_author.status_code == 404  # the author does not see the sheets
    assert (by_expert.status_code, by_expert.json()["total"]) == (200, 12)
    assert (refused.status_code, refused.json()) == (
        400,
        {"non_field_errors": ["Не все эксперты заполнили листы оценки: ожидается ещё 1 лист."]},
    )


def test_sheet_is_forbidden_to_a_manager_who_sees_it(world):
    review = ReviewFactory(practice=world["practice_a"], expert=world["expert_1"])

    response = client_for(world["methodist_a"]).post(
        f"/api/practice-reviews/{review.pk}/submit/",
        {"relevance": 1, "novelty": 1, "effectiveness": 1, "replicability": 1, "elaboration": 1},
        format="json",
    )

    assert response.status_code == 403


def test_include_puts_the_practice_in_the_bank(world):
    practice = world["practice_a"]
    practice.status = PracticeStatus.EXPERTISE
    practice.save()
    completed_review(practice, (3, 3, 3, 3, 3))
    completed_review(practice, (2, 2, 2, 2, 2))

    response = client_for(world["methodist_a"]).post(
        f"/api/practices/{practice.pk}/include/", {"comment": "В банк."}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["mean_total"]) == ("in_bank", 12.5)


def test_include_is_forbidden_to_an_organization_admin(world):
    response = client_for(world["admin_a"]).post(
        f"/api/practices/{world['practice_a'].pk}/include/", {}, format="json"
    )

    assert response.status_code == 403


def test_dissemination_through_the_api(world):
    practice = PracticeFactory(
        organization=world["org_a"], status=PracticeStatus.IN_BANK, included_on=days_ago(10)
    )

    response = client_for(world["methodist_a"]).post(
        "/api/practice-disseminations/",
        {
            "practice": practice.pk,
            "held_on": days_ago(1).isoformat(),
            "kind": "seminar",
            "title": "Семинар РМО",
            "level": "municipal",
        },
        format="json",
    )

    practice.refresh_from_db()
    assert response.status_code == 201, response.content
    assert practice.status == PracticeStatus.DISSEMINATED


def test_public_practices_need_no_login_and_show_only_the_bank(world):
    published = DisseminationFactory(practice__organization=world["org_b"]).practice

    response = APIClient().get("/api/public-practices/")

    assert ids(response) == [published.pk]
    assert APIClient().get(f"/api/public-practices/{world['practice_a'].pk}/").status_code == 404


def test_practice_list_query_count_does_not_grow_with_rows(world):
    client = client_for(world["methodist_a"])

    def add(count):
        for _number in range(count):
            practice = PracticeFactory(organization=world["org_a"])
            completed_review(practice, (2, 2, 2, 2, 2))
            practice.subjects.add(*practice.subjects.model.objects.all()[:2])

    add(1)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/practices/").status_code == 200
    add(4)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/practices/")

    assert len(many) == len(few)


# Projects and documents -------------------------------------------------------------------------


def test_municipal_methodist_may_not_run_a_regional_project(world):
    client = client_for(world["methodist_a"])
    project = {
        "organization": world["org_a"].pk,
        "site_kind": "innovation_site",
        "title": "Функциональная грамотность",
        "starts_on": "2025-09-01",
        "ends_on": "2027-08-31",
    }

    municipal = client.post(
        "/api/innovation-projects/", {**project, "level": "municipal"}, format="json"
    )
    regional = client.post(
        "/api/innovation-projects/", {**project, "level": "regional"}, format="json"
    )

    assert municipal.status_code == 201, municipal.content
    assert regional.status_code == 403


def test_school_admin_reports_on_the_own_project(world):
    project = ProjectFactory(organization=world["org_a"])
    foreign = ProjectFactory(organization=world["org_b"])
    client = client_for(world["admin_a"])
    report = {
        "year": project.starts_on.year,
        "submitted_on": days_ago(1).isoformat(),
        "text": "Проведены семинары.",
        "effect": "Выросла доля уроков с цифровыми инструментами.",
        "effect_level": "medium",
    }

    own = client.post("/api/innovation-reports/", {**report, "project": project.pk}, format="json")
    other = client.post(
        "/api/innovation-reports/", {**report, "project": foreign.pk}, format="json"
    )

    assert own.status_code == 201, own.content
    assert other.status_code == 400


def test_documents_filter_in_force_and_keep_to_the_scope(world):
    DocumentFactory(municipality=world["mun_a"], valid_from=days_ago(10), title="Действует")
    DocumentFactory(
        municipality=world["mun_a"], valid_from=days_ago(400), valid_to=days_ago(5), title="Истёк"
    )
    DocumentFactory(municipality=world["mun_b"], valid_from=days_ago(10), title="Чужой")
    client = client_for(world["methodist_a"])

    response = client.get("/api/methodical-documents/", {"in_force_on": days_ago(0).isoformat()})

    assert [row["title"] for row in response.json()["results"]] == ["Действует"]


def test_school_admin_adds_a_document_of_the_own_school_only(world):
    client = client_for(world["admin_a"])
    document = {
        "kind": "regulation",
        "title": "Положение о ШМО",
        "level": "organization",
        "valid_from": "2025-09-01",
        "description": "Положение.",
    }

    own = client.post(
        "/api/methodical-documents/",
        {**document, "organization": world["org_a"].pk},
        format="json",
    )
    municipal = client.post(
        "/api/methodical-documents/",
        {**document, "level": "municipality", "municipality": world["mun_a"].pk},
        format="json",
    )

    assert own.status_code == 201, own.content
    assert Document.objects.get(pk=own.json()["id"]).municipality == world["mun_a"]
    assert municipal.status_code == 403
