"""Reference values (positions, subjects): normalised, through synonyms, and an unmatched value
asked with its closest rows, one choice for all its rows."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from profrost.core.importers import CellError, answer_import, confirm_import, preview_import
from profrost.core.importers.references import reference_key
from profrost.core.models import AuditEntry, ImportBatchStatus
from profrost.programs.importers import parse_form
from profrost.registry.importers import StaffImporter, parse_kind
from profrost.registry.models import Employment, Position, ReferenceSynonym, Subject
from tests import rosters


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("  Зам. директора по УВР ", "заместитель директора по увр"),
        ("Учитель-логопед", "учитель логопед"),
        ("ИНОСТРАННЫЙ ЯЗЫК (английский)", "иностранный язык английский"),
        ("англ. яз.", "английский язык"),
        ("Педагог доп. обр.", "педагог дополнительного образования"),
        ("Учёт, «контроль»", "учет контроль"),
    ],
)
def test_reference_key_ignores_case_yo_punctuation_and_expands_abbreviations(text, key):
    assert reference_key(text) == key


@pytest.fixture
def school(two_orgs):
    return two_orgs["org_a"]


def employments_of(staff):
    rows = Employment.objects.filter(person__last_name__in=[p.last for p in staff])
    return sorted(
        (e.person.last_name, e.position.name, sorted(s.name for s in e.subjects.all()))
        for e in rows.select_related("person", "position").prefetch_related("subjects")
    )


def test_everyday_wording_is_matched_through_the_synonyms(school, org_admin_a):
    staff = rosters.people(school.inn, 3)
    staff[0].position, staff[0].subjects = "заместитель директора", "Английский язык"
    staff[1].position, staff[1].subjects = "Зам. директора по УВР", "Алгебра; Геометрия"
    staff[2].position, staff[2].subjects = "учитель-логопед", "англ. яз."
    content = rosters.workbook(rosters.plain("Работники", staff))

    plan = StaffImporter(org_admin_a).apply(content, "roster.xlsx")

    assert plan.errors == []
    assert employments_of(staff) == [
        (
            staff[0].last,
            "Заместитель директора по учебной работе",
            ["Иностранный язык (английский)"],
        ),
        (staff[1].last, "Заместитель директора по учебной работе", ["Математика"]),
        (staff[2].last, "Учитель-логопед", ["Иностранный язык (английский)"]),
    ]
    assert (
        "«заместитель директора» в столбце «Должность» принято как «Заместитель директора "
        "по учебной работе» (синоним)." in plan.notes
    )


def test_an_unmatched_value_is_asked_once_with_its_closest_rows(school, org_admin_a):
    staff = rosters.people(school.inn, 4)
    for person in staff[:3]:
        person.position = "Учитель математики"
    content = rosters.workbook(rosters.plain("Работники", staff))

    batch = preview_import(StaffImporter(org_admin_a), content, "roster.xlsx")

    assert batch.status == ImportBatchStatus.QUESTIONS
    teacher = Position.objects.get(name="Учитель")
    [question] = batch.summary["questions"]["values"]
    assert question == {
        "column": "position",
        "header": "Должность",
        "value": "Учитель математики",
        "key": "учитель математики",
        "rows": 3,
        "candidates": [[teacher.pk, "Учитель"], *question["candidates"][1:]],
        "choice": None,
    }
    assert [e["row"] for e in batch.summary["errors"]] == [2, 3, 4]


def test_one_choice_applies_to_every_row_with_the_value(school, org_admin_a):
    staff = rosters.people(school.inn, 4)
    for person in staff[:3]:
        person.position = "Учитель математики"
    importer = StaffImporter(org_admin_a)
    batch = preview_import(importer, rosters.workbook(rosters.plain("Р", staff)), "roster.xlsx")
    teacher = Position.objects.get(name="Учитель")

    batch = answer_import(batch, importer, values={("position", "учитель математики"): teacher.pk})

    assert batch.status == ImportBatchStatus.PREVIEWED
    assert batch.summary["counts"]["create"] == 4
    assert batch.summary["questions"]["values"][0]["choice"] == teacher.pk
    confirm_import(batch, StaffImporter(org_admin_a))
    assert {position for _name, position, _s in employments_of(staff)} == {"Учитель"}
    assert not ReferenceSynonym.objects.filter(key="учитель математики").exists()


def test_a_choice_for_a_subject_list_applies_to_every_list_with_it(school, org_admin_a):
    staff = rosters.people(school.inn, 2)
    staff[0].subjects = "Математика; Матем. и информ."
    staff[1].subjects = "Матем. и информ."
    importer = StaffImporter(org_admin_a)
    batch = preview_import(importer, rosters.workbook(rosters.plain("Р", staff)), "roster.xlsx")
    [question] = batch.summary["questions"]["values"]
    maths = Subject.objects.get(name="Математика")

    batch = answer_import(batch, importer, values={("subjects", question["key"]): maths.pk})

    assert (question["rows"], batch.status) == (2, ImportBatchStatus.PREVIEWED)


def test_a_regional_admin_keeps_the_choice_as_a_synonym_for_the_next_file(school, regional_admin):
    staff = rosters.people(school.inn, 2)
    staff[0].position = "Учитель математики"
    importer = StaffImporter(regional_admin)
    batch = preview_import(importer, rosters.workbook(rosters.plain("Р", staff)), "first.xlsx")
    teacher = Position.objects.get(name="Учитель")

    answer_import(
        batch,
        importer,
        values={("position", "учитель математики"): teacher.pk},
        synonyms=[("position", "Учитель математики", teacher.pk)],
    )
    later = rosters.people(school.inn, 1, start=3, position="учитель  МАТЕМАТИКИ")
    again = preview_import(
        StaffImporter(regional_admin), rosters.workbook(rosters.plain("Р", later)), "next.xlsx"
    )

    synonym = ReferenceSynonym.objects.get(key="учитель математики")
    assert (synonym.synonym, synonym.position, synonym.created_by) == (
        "Учитель математики",
        teacher,
        regional_admin,
    )
    assert again.status == ImportBatchStatus.PREVIEWED
    assert AuditEntry.objects.filter(action="registry.synonym.created").count() == 1


def test_only_who_keeps_the_reference_lists_adds_synonyms(school, org_admin_a):
    staff = rosters.people(school.inn, 1, position="Учитель математики")
    importer = StaffImporter(org_admin_a)
    batch = preview_import(importer, rosters.workbook(rosters.plain("Р", staff)), "roster.xlsx")
    teacher = Position.objects.get(name="Учитель")

    with pytest.raises(PermissionDenied):
        answer_import(batch, importer, synonyms=[("position", "Учитель математики", teacher.pk)])

    assert not ReferenceSynonym.objects.filter(key="учитель математики").exists()


def test_the_preview_page_offers_the_candidates_and_takes_the_choice(
    client, school, regional_admin
):
    staff = rosters.people(school.inn, 2, position="Учитель математики")
    client.force_login(regional_admin)
    page = client.post(
        reverse("registry:import_upload", args=["staff"]),
        {"file": SimpleUploadedFile("roster.xlsx", rosters.workbook(rosters.plain("Р", staff)))},
        follow=True,
    )
    batch = page.context["batch"]
    teacher = Position.objects.get(name="Учитель")
    content = page.content.decode()
    assert 'name="value-0"' in content
    assert "Похоже на: «Учитель»" in content
    assert 'name="synonym-0"' in content

    answered = client.post(
        reverse("registry:import_answers", args=[batch.pk]),
        {"value-0": str(teacher.pk), "synonym-0": "1"},
        follow=True,
    )

    assert answered.context["batch"].status == ImportBatchStatus.PREVIEWED
    assert ReferenceSynonym.objects.filter(key="учитель математики", position=teacher).exists()


def test_an_organization_admin_is_not_offered_to_keep_synonyms(client, school, org_admin_a):
    staff = rosters.people(school.inn, 1, position="Учитель математики")
    client.force_login(org_admin_a)

    page = client.post(
        reverse("registry:import_upload", args=["staff"]),
        {"file": SimpleUploadedFile("roster.xlsx", rosters.workbook(rosters.plain("Р", staff)))},
        follow=True,
    )

    assert 'name="value-0"' in page.content.decode()
    assert 'name="synonym-0"' not in page.content.decode()


def test_a_choice_outside_the_reference_list_is_ignored(client, school, org_admin_a):
    staff = rosters.people(school.inn, 1, position="Учитель математики")
    client.force_login(org_admin_a)
    page = client.post(
        reverse("registry:import_upload", args=["staff"]),
        {"file": SimpleUploadedFile("roster.xlsx", rosters.workbook(rosters.plain("Р", staff)))},
        follow=True,
    )
    batch = page.context["batch"]

    client.post(reverse("registry:import_answers", args=[batch.pk]), {"value-0": "999999"})

    batch.refresh_from_db()
    assert (batch.status, batch.answers["values"]) == (ImportBatchStatus.QUESTIONS, {})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("общеобразовательна организация", "Возможно, имелось в виду «Общеобразовательная"),
        ("детски сад", "Возможно, имелось в виду «Дошкольная"),
    ],
)
def test_unknown_organization_kind_names_the_closest(value, expected):
    with pytest.raises(CellError) as error:
        parse_kind(value)
    assert expected in str(error.value)
    assert "Допустимо:" in str(error.value)


def test_unknown_study_form_names_the_closest():
    with pytest.raises(CellError) as error:
        parse_form("очно заочно")
    assert "Возможно, имелось в виду «Очно-заочная»" in str(error.value)


def test_value_like_nothing_gets_no_guess():
    with pytest.raises(CellError) as error:
        parse_form("ыыыыы")
    assert "Возможно" not in str(error.value)
