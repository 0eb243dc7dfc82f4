"""The data the federal register of documents (ФИС ФРДО) needs: the shipped classifiers, the
provider's numbering at completion, the document's correction, the person's own data."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

import profrost
from profrost.core.models import AuditEntry
from profrost.programs import services
from profrost.programs.models import (
    DocumentKind,
    DocumentNumbering,
    DocumentStatus,
    EnrollmentStatus,
    FundingSource,
    ProgramKind,
    RegisterDocumentKind,
    RegisterStudyForm,
    StudyForm,
)
from profrost.programs.register_reference import DOCUMENT_KINDS, FUNDING_SOURCES, STUDY_FORMS
from profrost.registry.models import Country, Gender, Person
from profrost.registry.reference import COUNTRIES
from tests import factories
from tests.programs.factories import CohortFactory, EnrollmentFactory, ProgramFactory, today

ROOT = Path(profrost.__file__).parent


def test_the_classifiers_copy_is_the_module():
    copy = json.loads(
        (ROOT / "programs/migrations/0006_register_classifiers.json").read_text(encoding="utf-8")
    )

    assert copy == {
        "document_kinds": [list(row) for row in DOCUMENT_KINDS],
        "study_forms": [list(row) for row in STUDY_FORMS],
        "funding_sources": FUNDING_SOURCES,
    }


def test_the_countries_copy_is_the_module():
    copy = json.loads((ROOT / "registry/migrations/0008_country.json").read_text(encoding="utf-8"))

    assert copy == {"countries": [list(row) for row in COUNTRIES]}


@pytest.mark.django_db
def test_the_migrated_classifiers_are_those_of_the_modules():
    assert sorted(Country.objects.values_list("code", "name")) == sorted(COUNTRIES)
    assert sorted(RegisterDocumentKind.objects.values_list("name", "kind")) == sorted(
        DOCUMENT_KINDS
    )
    assert sorted(RegisterStudyForm.objects.values_list("name", "forms")) == sorted(STUDY_FORMS)
    assert sorted(FundingSource.objects.values_list("name", flat=True)) == sorted(FUNDING_SOURCES)


@pytest.mark.django_db
def test_a_new_person_is_a_citizen_of_russia():
    assert factories.PersonFactory().citizenship_id == "643"


def approved_on_provider_program(catalogue, form=StudyForm.PART_TIME):
    provider = catalogue["org_b"]
    program = ProgramFactory(
        region=catalogue["region"], provider=provider, form=form, kind=ProgramKind.PK
    )
    cohort = CohortFactory(program=program, starts_on=today() - timedelta(days=20))
    return EnrollmentFactory(
        cohort=cohort, person=catalogue["person_a"], status=EnrollmentStatus.APPROVED
    )


def test_complete_gives_the_providers_next_numbers_and_the_register_defaults(catalogue):
    funding = FundingSource.objects.get(name=FUNDING_SOURCES[1])
    DocumentNumbering.objects.create(
        provider=catalogue["org_b"], series="ПК", last=41, funding=funding
    )
    first = approved_on_provider_program(catalogue)
    second = approved_on_provider_program(catalogue)

    for enrollment in (first, second):
        services.complete(enrollment, by=catalogue["provider"], completed_on=today())

    first.refresh_from_db()
    second.refresh_from_db()
    year = today().year
    assert [
        (e.document_series, e.document_number, e.registration_number, e.issued_on)
        for e in (first, second)
    ] == [
        ("ПК", f"{year}000042", f"{year}-00042", today()),
        ("ПК", f"{year}000043", f"{year}-00043", today()),
    ]
    assert (first.document_type.name, first.study_form.name, first.funding) == (
        "Удостоверение о повышении квалификации",
        "Заочная",
        funding,
    )
    assert DocumentNumbering.objects.get().last == 43


def test_complete_keeps_a_typed_number_and_still_registers_it(catalogue):
    DocumentNumbering.objects.create(provider=catalogue["org_b"], registration_pattern="Р-{seq}")
    enrollment = approved_on_provider_program(catalogue)

    services.complete(
        enrollment, by=catalogue["provider"], document_number="772400001", completed_on=today()
    )

    enrollment.refresh_from_db()
    assert (enrollment.document_number, enrollment.registration_number) == ("772400001", "Р-1")


def test_a_refused_completion_takes_no_number(catalogue):
    DocumentNumbering.objects.create(provider=catalogue["org_b"])
    enrollment = approved_on_provider_program(catalogue)

    with pytest.raises(ValidationError):
        services.complete(
            enrollment, by=catalogue["provider"], completed_on=today() + timedelta(days=1)
        )

    assert DocumentNumbering.objects.get().last == 0


def test_a_numbering_pattern_with_an_unknown_name_is_refused(catalogue):
    numbering = DocumentNumbering(provider=catalogue["org_b"], number_pattern="{month}-{seq}")

    with pytest.raises(ValidationError) as error:
        numbering.full_clean()

    assert list(error.value.message_dict) == ["number_pattern"]


def completed_document(catalogue):
    enrollment = approved_on_provider_program(catalogue)
    services.complete(
        enrollment, by=catalogue["provider"], document_number="1", completed_on=today()
    )
    enrollment.refresh_from_db()
    return enrollment


def test_update_document_a_duplicate_needs_its_original(catalogue):
    enrollment = completed_document(catalogue)

    with pytest.raises(ValidationError) as error:
        services.update_document(
            enrollment,
            by=catalogue["provider"],
            data={"document_status": DocumentStatus.DUPLICATE, "original": None},
        )

    assert error.value.message_dict == {
        "original": ["Для дубликата укажите запись, по которой выдан оригинал."]
    }


def test_update_document_writes_and_audits(catalogue):
    enrollment = completed_document(catalogue)
    funding = FundingSource.objects.first()

    services.update_document(
        enrollment, by=catalogue["provider"], data={"funding": funding, "document_series": "А"}
    )

    enrollment.refresh_from_db()
    assert (enrollment.funding, enrollment.document_series) == (funding, "А")
    entry = AuditEntry.objects.get(action="programs.enrollment.document_updated")
    assert sorted(entry.data["changed"]) == ["document_series", "funding"]


def test_update_document_is_for_the_provider_side(catalogue):
    enrollment = completed_document(catalogue)

    with pytest.raises(PermissionDenied):
        services.update_document(enrollment, by=catalogue["admin"], data={"document_series": "А"})


def test_my_document_data_page_saves_the_persons_own_data(client, catalogue):
    client.force_login(catalogue["teacher"])

    response = client.post(
        reverse("registry:my_document_data"),
        {
            "gender": Gender.FEMALE,
            "citizenship": "112",
            "education_level": "higher",
            "diploma_last_name": "Петрова",
            "diploma_series": "1077",
            "diploma_number": "0012345",
        },
    )

    assert response.status_code == 302
    person = Person.objects.get(pk=catalogue["person_a"].pk)
    assert (person.gender, person.citizenship_id, person.diploma_last_name) == (
        Gender.FEMALE,
        "112",
        "Петрова",
    )


def test_document_kind_other_gets_no_register_number(catalogue):
    DocumentNumbering.objects.create(provider=catalogue["org_b"])
    program = ProgramFactory(
        region=catalogue["region"], provider=catalogue["org_b"], kind=ProgramKind.SEMINAR_SERIES
    )
    cohort = CohortFactory(program=program, starts_on=today() - timedelta(days=5))
    enrollment = EnrollmentFactory(
        cohort=cohort, person=catalogue["person_a"], status=EnrollmentStatus.APPROVED
    )

    services.complete(enrollment, by=catalogue["provider"], completed_on=today())

    enrollment.refresh_from_db()
    assert (enrollment.document_kind, enrollment.registration_number) == (DocumentKind.OTHER, "")
