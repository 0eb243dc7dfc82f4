"""Columns the importer does not know: asked in the preview, answered, remembered for the user's
scope and applied to the next file with the same header."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from profrost.core.importers import answer_import, preview_import, purge_abandoned_imports
from profrost.core.models import AuditEntry, ColumnMapping, ImportBatch, ImportBatchStatus
from profrost.core.roles import Role
from profrost.registry.importers import StaffImporter
from profrost.registry.models import Employment, Person
from tests import factories, rosters

TARIFF_POSITION = "Должность по тарификации"


def roster_with(header, staff, title="Работники"):
    """The template's columns, with «Должность» called `header`."""
    sheet = rosters.plain(title, staff)
    sheet.rows[0] = [header if h == "Должность" else h for h in sheet.rows[0]]
    return rosters.workbook(sheet)


def questions(batch):
    return [(q["header"], q["field"], q["hint"]) for q in batch.summary["questions"]["columns"]]


def upload(client, content, name="roster.xlsx"):
    return client.post(
        reverse("registry:import_upload", args=["staff"]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_an_unknown_column_is_asked_and_the_file_kept_while_it_is(two_orgs, org_admin_a):
    content = roster_with(TARIFF_POSITION, rosters.people(two_orgs["org_a"].inn, 2))

    batch = preview_import(StaffImporter(org_admin_a), content, "roster.xlsx")

    assert batch.status == ImportBatchStatus.QUESTIONS
    assert bytes(batch.content) == content
    assert questions(batch) == [(TARIFF_POSITION, "", "не распознан; похож на «Должность»")]
    assert [e["column"] for e in batch.summary["errors"]] == ["Должность"]


def test_an_unlike_header_is_not_given_a_likely_column(two_orgs, org_admin_a):
    content = roster_with("Занимаемая ставка", rosters.people(two_orgs["org_a"].inn, 1))

    batch = preview_import(StaffImporter(org_admin_a), content, "roster.xlsx")

    assert questions(batch) == [("Занимаемая ставка", "", "не распознан")]


def test_the_answer_maps_the_column_and_the_file_imports(two_orgs, org_admin_a):
    staff = rosters.people(two_orgs["org_a"].inn, 2)
    importer = StaffImporter(org_admin_a)
    batch = preview_import(importer, roster_with(TARIFF_POSITION, staff), "roster.xlsx")

    batch = answer_import(
        batch, importer, columns={"должность по тарификации": (TARIFF_POSITION, "position")}
    )

    assert batch.status == ImportBatchStatus.PREVIEWED
    assert batch.summary["counts"]["create"] == 2
    assert questions(batch) == [(TARIFF_POSITION, "position", "выбрано вами")]
    assert batch.answers == {"columns": {"должность по тарификации": "position"}, "values": {}}
    entry = AuditEntry.objects.get(action="core.import.answered")
    assert entry.data == {
        "kind": "staff",
        "columns": ["должность по тарификации"],
        "values": 0,
        "synonyms": 0,
    }


def test_the_mapping_is_remembered_for_the_organization_and_applied_to_the_next_file(
    two_orgs, org_admin_a
):
    org = two_orgs["org_a"]
    content = roster_with(TARIFF_POSITION, rosters.people(org.inn, 1))
    first = preview_import(StaffImporter(org_admin_a), content, "first.xlsx")
    answer_import(
        first,
        StaffImporter(org_admin_a),
        columns={"должность по тарификации": (TARIFF_POSITION, "position")},
    )
    colleague = factories.user_with_role(Role.ORGANIZATION_ADMIN, org)

    second = preview_import(
        StaffImporter(colleague),
        roster_with(TARIFF_POSITION, rosters.people(org.inn, 2, start=2)),
        "roster.xlsx",
    )

    assert second.status == ImportBatchStatus.PREVIEWED
    assert second.summary["counts"]["create"] == 2
    assert questions(second) == [(TARIFF_POSITION, "position", "сопоставлен так в прошлый раз")]
    mapping = ColumnMapping.objects.get()
    assert (mapping.organization, mapping.kind, mapping.header, mapping.field) == (
        org,
        "staff",
        TARIFF_POSITION,
        "position",
    )


def test_another_organization_does_not_get_the_mapping(two_orgs, org_admin_a):
    batch = preview_import(
        StaffImporter(org_admin_a),
        roster_with(TARIFF_POSITION, rosters.people(two_orgs["org_a"].inn, 1)),
        "roster.xlsx",
    )
    answer_import(
        batch,
        StaffImporter(org_admin_a),
        columns={"должность по тарификации": (TARIFF_POSITION, "position")},
    )
    admin_b = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])

    other = preview_import(
        StaffImporter(admin_b),
        roster_with(TARIFF_POSITION, rosters.people(two_orgs["org_b"].inn, 1)),
        "roster.xlsx",
    )

    assert other.status == ImportBatchStatus.QUESTIONS


def test_a_municipal_methodist_remembers_for_the_municipality(two_orgs):
    methodist = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    batch = preview_import(
        StaffImporter(methodist),
        roster_with(TARIFF_POSITION, rosters.people(two_orgs["org_a"].inn, 1)),
        "roster.xlsx",
    )
    answer_import(
        batch,
        StaffImporter(methodist),
        columns={"должность по тарификации": (TARIFF_POSITION, "position")},
    )
    mapping = ColumnMapping.objects.get()
    assert (mapping.municipality, mapping.organization, mapping.region) == (
        two_orgs["mun_a"],
        None,
        None,
    )


def test_a_column_chosen_not_to_load_stays_skipped(two_orgs, org_admin_a):
    staff = rosters.people(two_orgs["org_a"].inn, 1)
    sheet = rosters.plain("Работники", staff)
    sheet.rows[0].append("Стаж")
    sheet.rows[1].append("12 лет")
    importer = StaffImporter(org_admin_a)
    batch = preview_import(importer, rosters.workbook(sheet), "roster.xlsx")
    assert (batch.status, questions(batch)) == (
        ImportBatchStatus.PREVIEWED,
        [("Стаж", "", "не распознан; похож на «Начало педагогической деятельности»")],
    )

    batch = answer_import(batch, importer, columns={"стаж": ("Стаж", "")})

    assert (batch.status, questions(batch)) == (
        ImportBatchStatus.PREVIEWED,
        [("Стаж", "", "выбрано вами")],
    )
    assert batch.summary["notes"] == []


def test_two_columns_taken_for_one_are_both_asked(two_orgs, org_admin_a):
    staff = rosters.people(two_orgs["org_a"].inn, 1)
    sheet = rosters.plain("Работники", staff)
    sheet.rows[0].append("Должность")
    sheet.rows[1].append("Методист")
    importer = StaffImporter(org_admin_a)

    batch = preview_import(importer, rosters.workbook(sheet), "roster.xlsx")

    assert batch.status == ImportBatchStatus.FAILED  # the same header twice: no answer splits it
    header = rosters.FLAT_HEADER.copy()
    sheet.rows[0][-1] = "Должность (совместительство)"
    sheet.rows[0][header.index("Должность")] = "Должность (основная)"
    batch = preview_import(importer, rosters.workbook(sheet), "roster.xlsx")
    assert batch.status == ImportBatchStatus.QUESTIONS
    assert questions(batch) == [
        ("Должность (основная)", "position", "два столбца загружаются как «Должность»"),
        ("Должность (совместительство)", "position", "два столбца загружаются как «Должность»"),
    ]

    batch = answer_import(
        batch,
        importer,
        columns={"должность (совместительство)": ("Должность (совместительство)", "")},
    )

    assert batch.status == ImportBatchStatus.PREVIEWED


def test_an_unanswered_batch_is_dropped_after_the_retention(two_orgs, org_admin_a):
    content = roster_with(TARIFF_POSITION, rosters.people(two_orgs["org_a"].inn, 1))
    batch = preview_import(StaffImporter(org_admin_a), content, "roster.xlsx")
    ImportBatch.objects.filter(pk=batch.pk).update(created=timezone.now() - timedelta(hours=25))

    assert purge_abandoned_imports() == 1

    batch.refresh_from_db()
    assert (batch.status, batch.content) == (ImportBatchStatus.EXPIRED, None)


def test_the_preview_page_asks_and_takes_the_answer(client, two_orgs, org_admin_a):
    staff = rosters.people(two_orgs["org_a"].inn, 2)
    client.force_login(org_admin_a)
    page = upload(client, roster_with(TARIFF_POSITION, staff))
    batch = page.context["batch"]
    assert 'name="column-0"' in page.content.decode()
    assert "Подтвердить импорт" not in page.content.decode()

    answered = client.post(
        reverse("registry:import_answers", args=[batch.pk]), {"column-0": "position"}, follow=True
    )

    assert answered.context["batch"].status == ImportBatchStatus.PREVIEWED
    assert "Подтвердить импорт" in answered.content.decode()
    client.post(reverse("registry:import_confirm", args=[batch.pk]))
    assert Employment.objects.filter(person__last_name=staff[1].last).exists()


@pytest.mark.parametrize("posted", [{"column-0": "password"}, {"column-7": "position"}])
def test_the_page_takes_only_listed_columns_and_fields(client, two_orgs, org_admin_a, posted):
    client.force_login(org_admin_a)
    page = upload(client, roster_with(TARIFF_POSITION, rosters.people(two_orgs["org_a"].inn, 1)))
    batch = page.context["batch"]

    client.post(reverse("registry:import_answers", args=[batch.pk]), posted)

    batch.refresh_from_db()
    assert (batch.status, batch.answers) == (
        ImportBatchStatus.QUESTIONS,
        {"columns": {}, "values": {}},
    )
    assert ColumnMapping.objects.count() == 0


def test_answers_to_another_users_batch_are_refused(client, two_orgs, org_admin_a):
    batch = preview_import(
        StaffImporter(org_admin_a),
        roster_with(TARIFF_POSITION, rosters.people(two_orgs["org_a"].inn, 1)),
        "roster.xlsx",
    )
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"]))

    response = client.post(
        reverse("registry:import_answers", args=[batch.pk]), {"column-0": "position"}
    )

    assert response.status_code == 404
    assert not Person.objects.filter(last_name=rosters.PEOPLE[0][0]).exists()
