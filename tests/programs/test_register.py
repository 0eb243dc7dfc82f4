"""The pre-check of the documents for ФИС ФРДО and the «Шаблон ДПО» export."""

from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from profrost.core.roles import Role
from profrost.programs import services
from profrost.programs.models import DocumentStatus, ExportBatch, ExportedDocument
from profrost.programs.register import COLUMNS, EDUCATION_FORM, check, documents, providers_for
from profrost.registry.models import Country
from tests import factories


def checked(frdo):
    return check(documents(frdo["provider"], *frdo["period"]))


def problems(frdo, enrollment):
    item = next(item for item in checked(frdo) if item.enrollment.pk == enrollment.pk)
    return [(p.field, p.reason, p.url) for p in item.problems]


def exported_rows(frdo, by=None):
    _batch, content = services.export_documents(
        frdo["provider"], *frdo["period"], by=by or frdo["methodist"]
    )
    sheet = load_workbook(BytesIO(content))["Шаблон ДПО"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_columns_run_from_a_to_an():
    assert len(COLUMNS) == 40


def test_a_complete_document_passes(frdo):
    assert [item.problems for item in checked(frdo)] == [[], [], []]


def test_a_learner_with_no_gender_is_listed_and_left_out(frdo):
    first = frdo["enrollments"][0]
    first.person.gender = ""
    first.person.save()

    assert problems(frdo, first) == [
        ("Пол", "не указано", reverse("registry:person_update", args=[first.person_id]))
    ]
    rows = exported_rows(frdo)
    assert first.person.last_name not in {row[COLUMNS.index("Фамилия получателя")] for row in rows}
    assert len(rows) == 1 + 2


def test_a_bad_snils_is_listed_and_left_out(frdo):
    first = frdo["enrollments"][0]
    first.person.snils = "12345678900"
    first.person.save()

    assert problems(frdo, first) == [
        (
            "СНИЛС",
            "123-456-789 00 не проходит проверку: нужен формат XXX-XXX-XXX YY и верное "
            "контрольное число",
            reverse("registry:person_update", args=[first.person_id]),
        )
    ]
    assert len(exported_rows(frdo)) == 1 + 2


def test_a_citizenship_outside_oksm_is_listed_and_left_out(frdo):
    first = frdo["enrollments"][0]
    Country.objects.create(code="XK", name="Косово", is_active=False)
    first.person.citizenship_id = "XK"
    first.person.save()

    assert problems(frdo, first) == [
        (
            "Гражданство",
            "«Косово» (код XK) нет в ОКСМ",
            reverse("registry:person_update", args=[first.person_id]),
        )
    ]
    assert len(exported_rows(frdo)) == 1 + 2


def test_a_program_with_no_dpp_type_is_listed_and_its_documents_left_out(frdo):
    program = frdo["program"]
    program.dpp_type = ""
    program.save()

    url = reverse("programs:program_update", args=[program.pk])
    assert [problems(frdo, e) for e in frdo["enrollments"]] == [
        [("Вид ДПП", "не указано", url)]
    ] * 3
    assert exported_rows(frdo) == [list(COLUMNS)]


def test_a_missing_funding_is_fixed_on_the_document_page(frdo):
    first = frdo["enrollments"][0]
    first.funding = None
    first.save()

    assert problems(frdo, first) == [
        (
            "Источник финансирования",
            "не указано",
            reverse("programs:enrollment_document", args=[first.pk]),
        )
    ]


def expected_row(enrollment):
    person, program, cohort = enrollment.person, enrollment.cohort.program, enrollment.cohort
    issued = enrollment.issued_on.strftime("%d.%m.%Y")
    return [
        "Удостоверение о повышении квалификации",
        "Оригинал",
        None,
        None,
        None,
        "ПК",
        enrollment.document_number,
        issued,
        enrollment.registration_number,
        "Повышение квалификации",
        program.title,
        "Образование и наука",
        "44.00.00 Образование и педагогические науки",
        None,
        "ВО",
        person.diploma_last_name,
        "1077",
        person.diploma_number,
        str(cohort.starts_on.year),
        str(cohort.ends_on.year),
        "72",
        person.last_name,
        "Анна",
        "Петровна",
        person.birth_date.strftime("%d.%m.%Y"),
        "Жен",
        f"{person.snils[:3]}-{person.snils[3:6]}-{person.snils[6:9]} {person.snils[9:]}",
        "Очно-заочная",
        "За счет бюджетных ассигнований бюджетов субъектов Российской Федерации",
        EDUCATION_FORM,
        "643",
        *[None] * 9,
    ]


def test_the_export_of_a_finished_cohort_checks_every_column_of_every_row(frdo):
    rows = exported_rows(frdo)

    assert rows[0] == list(COLUMNS)
    assert rows[1:] == [expected_row(e) for e in frdo["enrollments"]]


def test_the_export_writes_text_cells_only(frdo):
    _batch, content = services.export_documents(
        frdo["provider"], *frdo["period"], by=frdo["methodist"]
    )
    sheet = load_workbook(BytesIO(content))["Шаблон ДПО"]

    types = {cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row if cell.value}
    formats = {cell.number_format for row in sheet.iter_rows(min_row=2) for cell in row}
    assert (types, formats) == ({"s"}, {"@"})
    assert len(sheet.data_validations.dataValidation) == 7


def test_the_export_remembers_its_documents_and_skips_them_next_time(frdo):
    exported_rows(frdo)

    assert ExportedDocument.objects.count() == 3
    assert exported_rows(frdo) == [list(COLUMNS)]
    assert ExportBatch.objects.count() == 2


def test_a_document_changed_after_export_is_flagged_and_goes_out_as_a_correction(frdo):
    exported_rows(frdo)
    first = frdo["enrollments"][0]
    old_number = first.document_number
    services.update_document(first, by=frdo["methodist"], data={"document_number": "ПК-999"})

    flagged = [item.enrollment.pk for item in checked(frdo) if item.changed]
    rows = exported_rows(frdo)

    assert flagged == [first.pk]
    assert [(row[6], row[-1]) for row in rows[1:]] == [("ПК-999", old_number)]


def test_a_duplicate_carries_its_original(frdo):
    original = frdo["enrollments"][0]
    duplicate = factories_duplicate(original)

    row = next(item.row for item in checked(frdo) if item.enrollment.pk == duplicate.pk)

    assert row[1] == "Дубликат"
    assert row[31:36] == [
        "Удостоверение о повышении квалификации",
        "ПК",
        original.document_number,
        original.registration_number,
        original.issued_on.strftime("%d.%m.%Y"),
    ]


def factories_duplicate(original):
    """A duplicate of `original`: another record of the same person, as a provider keeps one
    (the cohort's enrolment is the original's, so a duplicate lives on a cohort of its own)."""
    from tests.programs.factories import CohortFactory, EnrollmentFactory

    cohort = CohortFactory(
        program=original.cohort.program,
        starts_on=original.cohort.starts_on,
        ends_on=original.cohort.ends_on,
    )
    return EnrollmentFactory(
        cohort=cohort,
        person=original.person,
        status=original.status,
        completed_on=original.completed_on,
        document_kind=original.document_kind,
        document_type=original.document_type,
        document_status=DocumentStatus.DUPLICATE,
        original=original,
        document_series="ПК",
        document_number="Д-1",
        registration_number="Д-1",
        issued_on=original.issued_on,
        study_form=original.study_form,
        funding=original.funding,
    )


def test_providers_are_where_the_methodist_works_and_all_for_the_regional_admin(frdo):
    other = factories.OrganizationFactory(municipality=frdo["mun_a"])
    frdo["program"].__class__.objects.create(
        title="Другая",
        kind="pk",
        hours=36,
        form="full_time",
        provider=other,
        region=frdo["region"],
    )
    admin = factories.user_with_role(Role.REGIONAL_ADMIN, frdo["region"])

    assert list(providers_for(frdo["methodist"])) == [frdo["provider"]]
    assert set(providers_for(admin)) == {frdo["provider"], other}


def test_an_outsider_cannot_export(frdo):
    outsider = factories.user_with_role(Role.ORGANIZATION_ADMIN, frdo["org_a"])

    with pytest.raises(PermissionDenied):
        services.export_documents(frdo["provider"], *frdo["period"], by=outsider)
    assert ExportBatch.objects.count() == 0
