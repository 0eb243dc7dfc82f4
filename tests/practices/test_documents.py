"""Methodical materials and documents: who sees and keeps them, the form's rules, the download,
and `documents_in_force`, which the «наличие» indicators of seed 001 read."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.core.roles import Role
from profrost.practices.models import Document, DocumentKind, DocumentLevel
from profrost.practices.selectors import documents_in_force
from tests import factories
from tests.practices.factories import DocumentFactory, days_ago, today

ON = date(2025, 3, 1)


def program(municipality, valid_from, valid_to=None, **fields):
    return DocumentFactory(
        kind=DocumentKind.MUNICIPAL_PROGRAM,
        municipality=municipality,
        valid_from=valid_from,
        valid_to=valid_to,
        **fields,
    )


# documents_in_force -----------------------------------------------------------------------------


def test_documents_in_force_counts_the_period_by_hand(two_orgs):
    mun_a = two_orgs["mun_a"]
    open_ended = program(mun_a, date(2024, 9, 1), title="Бессрочная")
    last_day = program(mun_a, date(2023, 1, 1), ON, title="Последний день")
    program(mun_a, date(2022, 1, 1), ON - timedelta(days=1), title="Истекла накануне")
    program(mun_a, ON + timedelta(days=1), title="Вступит завтра")
    first_day = program(mun_a, ON, date(2026, 1, 1), title="Первый день")

    found = documents_in_force(DocumentKind.MUNICIPAL_PROGRAM, municipality=mun_a, on=ON)

    assert set(found) == {open_ended, last_day, first_day}


def test_documents_in_force_keeps_to_the_kind_and_the_scope(two_orgs, region):
    mun_a, mun_b, org_a = two_orgs["mun_a"], two_orgs["mun_b"], two_orgs["org_a"]
    own = program(mun_a, date(2024, 1, 1))
    program(mun_b, date(2024, 1, 1))
    DocumentFactory(kind=DocumentKind.MUNICIPAL_PROJECT, municipality=mun_a, valid_from=ON)
    school_plan = DocumentFactory(
        kind=DocumentKind.PLAN,
        level=DocumentLevel.ORGANIZATION,
        organization=org_a,
        municipality=mun_a,
        valid_from=date(2024, 9, 1),
    )
    regional_plan = DocumentFactory(
        kind=DocumentKind.PLAN,
        level=DocumentLevel.REGION,
        municipality=None,
        region=region,
        valid_from=date(2024, 9, 1),
    )

    assert list(documents_in_force("municipal_program", municipality=mun_a, on=ON)) == [own]
    assert (
        list(documents_in_force("municipal_program", municipality=mun_b, on=date(2023, 1, 1))) == []
    )
    assert list(documents_in_force("plan", organization=org_a, on=ON)) == [school_plan]
    assert list(documents_in_force("plan", region=region, on=ON)) == [regional_plan]
    assert list(documents_in_force("plan", municipality=mun_a, on=ON)) == []
    assert documents_in_force(["plan", "monitoring"], on=ON).count() == 2


def test_documents_in_force_defaults_to_today(two_orgs):
    current = program(two_orgs["mun_a"], days_ago(10), today() + timedelta(days=10))
    program(two_orgs["mun_a"], days_ago(400), days_ago(1))

    assert list(documents_in_force("municipal_program", municipality=two_orgs["mun_a"])) == [
        current
    ]


def test_documents_in_force_takes_one_scope(two_orgs):
    with pytest.raises(ValueError, match="takes one scope"):
        documents_in_force("plan", municipality=two_orgs["mun_a"], organization=two_orgs["org_a"])


# Scope ------------------------------------------------------------------------------------------


@pytest.fixture
def docs(two_orgs, region):
    mun_a, org_a = two_orgs["mun_a"], two_orgs["org_a"]
    return {
        **two_orgs,
        "regional": DocumentFactory(
            title="Региональные рекомендации",
            level=DocumentLevel.REGION,
            municipality=None,
            region=region,
        ),
        "municipal_a": DocumentFactory(title="Программа Города А", municipality=mun_a),
        "school_a": DocumentFactory(
            title="Положение о ШМО Школы А",
            level=DocumentLevel.ORGANIZATION,
            organization=org_a,
            municipality=mun_a,
            file=SimpleUploadedFile("polozhenie.pdf", b"%PDF"),
        ),
        "municipal_b": DocumentFactory(title="Программа Района Б", municipality=two_orgs["mun_b"]),
        "admin_a": factories.user_with_role(Role.ORGANIZATION_ADMIN, org_a),
        "methodist_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, mun_a),
        "teacher_a": factories.teacher_user(two_orgs["person_a"]),
        "regional_methodist": factories.user_with_role(Role.REGIONAL_METHODIST, region),
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def titles(response):
    return sorted(document.title for document in response.context["object_list"])


def test_teacher_reads_the_documents_around_their_school(client, docs):
    client.force_login(docs["teacher_a"])

    assert titles(client.get("/practices/documents/")) == [
        "Положение о ШМО Школы А",
        "Программа Города А",
        "Региональные рекомендации",
    ]
    assert client.get(f"/practices/documents/{docs['municipal_b'].pk}/").status_code == 404
    assert client.get(f"/practices/documents/{docs['school_a'].pk}/file/").status_code == 200


def test_organization_admin_changes_only_the_own_organizations_documents(client, docs):
    client.force_login(docs["admin_a"])

    own = client.get(f"/practices/documents/{docs['school_a'].pk}/edit/")
    municipal = client.get(f"/practices/documents/{docs['municipal_a'].pk}/edit/")
    foreign = client.get(f"/practices/documents/{docs['municipal_b'].pk}/edit/")

    assert (own.status_code, municipal.status_code, foreign.status_code) == (200, 403, 404)


def test_document_file_is_not_found_outside_the_scope(client, docs, two_orgs):
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]))

    assert client.get(f"/practices/documents/{docs['school_a'].pk}/file/").status_code == 404


def document_form(**changes):
    return {
        "kind": "recommendations",
        "title": "Рекомендации по формирующему оцениванию",
        "number": "",
        "level": "municipality",
        "valid_from": "01.09.2025",
        "valid_to": "",
        "description": "Рекомендации для учителей района.",
        "url": "",
        **changes,
    }


def test_municipal_methodist_adds_a_municipal_document(client, docs):
    client.force_login(docs["methodist_a"])

    response = client.post(
        "/practices/documents/new/", document_form(municipality=docs["mun_a"].pk)
    )

    document = Document.objects.get(title="Рекомендации по формирующему оцениванию")
    assert response.status_code == 302
    assert (document.level, document.municipality, document.region, document.organization) == (
        "municipality",
        docs["mun_a"],
        docs["mun_a"].region,
        None,
    )


def test_document_form_states_its_rules_in_russian(client, docs):
    client.force_login(docs["methodist_a"])

    response = client.post(
        "/practices/documents/new/",
        document_form(
            kind="municipal_program",
            level="organization",
            organization=docs["org_a"].pk,
            valid_from="01.09.2025",
            valid_to="31.08.2025",
            description="",
        ),
    )

    assert response.context["form"].errors == {
        "valid_to": ["Окончание действия раньше его начала."],
        "level": ["Муниципальная программа или проект принимается на муниципальном уровне."],
        "file": ["Приложите файл, укажите ссылку или аннотацию документа."],
    }


def test_document_level_above_the_scope_is_refused(client, docs):
    client.force_login(docs["admin_a"])

    response = client.post("/practices/documents/new/", document_form(level="municipality"))

    assert response.context["form"].errors["level"] == [
        "Выберите корректный вариант. municipality нет среди допустимых значений."
    ]


def test_document_list_filters_in_force_on_a_date(client, docs):
    program(docs["mun_a"], date(2020, 1, 1), date(2020, 12, 31), title="Программа 2020 года")
    client.force_login(docs["methodist_a"])

    response = client.get("/practices/documents/", {"in_force_on": "01.06.2020"})

    assert titles(response) == ["Программа 2020 года"]


def test_document_list_query_count_does_not_grow_with_rows(client, docs):
    client.force_login(docs["regional_methodist"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/practices/documents/").status_code == 200
    for number in range(4):
        DocumentFactory(title=f"Ещё документ {number}", municipality=docs["mun_b"])
    with CaptureQueriesContext(connection) as many:
        client.get("/practices/documents/")

    assert len(many) == len(few)


def test_document_area_is_kept_for_a_municipal_programme_only(two_orgs):
    mun_a = two_orgs["mun_a"]
    program(mun_a, date(2024, 1, 1), topic="inclusion").full_clean()
    plan = DocumentFactory(
        kind=DocumentKind.PLAN, municipality=mun_a, valid_from=ON, topic="inclusion"
    )

    with pytest.raises(ValidationError) as refused:
        plan.full_clean()

    assert refused.value.message_dict == {
        "topic": ["Направление указывается у муниципальной программы или проекта."]
    }
