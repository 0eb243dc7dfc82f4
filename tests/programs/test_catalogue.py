"""The catalogue through its services: the hours of ПК and ПП, competence links, registry
numbers, regions, cohorts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from profrost.core.models import AuditEntry
from profrost.programs import services
from profrost.programs.models import (
    EnrollmentStatus,
    Program,
    ProgramCompetence,
    ProgramKind,
    StudyForm,
)
from tests import factories
from tests.programs.factories import EnrollmentFactory, ProgramFactory, today

S = EnrollmentStatus


def program_data(region, **changes):
    return {
        "title": "Наставничество в образовательной организации",
        "kind": ProgramKind.PK,
        "hours": 36,
        "form": StudyForm.MIXED,
        "provider_name": "ГАУ ДПО ИРО",
        "region": region,
        **changes,
    }


# Programs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "hours", "minimum"), [(ProgramKind.PK, 15, 16), (ProgramKind.PP, 249, 250)]
)
def test_create_program_below_the_minimum_hours_is_refused(catalogue, kind, hours, minimum):
    with pytest.raises(ValidationError) as error:
        services.create_program(
            by=catalogue["provider"],
            data=program_data(catalogue["region"], kind=kind, hours=hours),
        )

    label = ProgramKind(kind).label
    assert error.value.message_dict == {
        "hours": [f"Программа вида «{label}» должна быть не меньше {minimum} часов."]
    }
    assert Program.objects.filter(hours=hours).count() == 0


@pytest.mark.parametrize(("kind", "hours"), [(ProgramKind.PK, 16), (ProgramKind.PP, 250)])
def test_create_program_at_the_minimum_hours_is_saved_with_links(catalogue, kind, hours):
    competence = factories.CompetenceFactory(code="MET.T1")

    program = services.create_program(
        by=catalogue["provider"],
        data=program_data(catalogue["region"], kind=kind, hours=hours),
        links=[(competence, 2)],
    )

    assert (program.hours, program.region) == (hours, catalogue["region"])
    assert list(program.links.values_list("competence__code", "weight")) == [("MET.T1", 2)]
    assert AuditEntry.objects.filter(action="programs.program.created").count() == 1


def test_create_program_defaults_to_the_region_of_who_keeps_one_catalogue(catalogue):
    program = services.create_program(
        by=catalogue["provider"], data=program_data(None, title="Без региона")
    )

    assert program.region == catalogue["region"]


def test_create_program_keeps_the_quality_management_topic(catalogue):
    program = services.create_program(
        by=catalogue["provider"],
        data=program_data(
            catalogue["region"], title="Управление качеством", quality_management=True
        ),
    )

    assert Program.objects.get(pk=program.pk).quality_management is True


def test_create_program_by_a_school_is_refused(catalogue):
    with pytest.raises(PermissionDenied):
        services.create_program(by=catalogue["admin"], data=program_data(catalogue["region"]))


def test_update_program_of_another_region_is_refused(catalogue):
    foreign = ProgramFactory(region=factories.RegionFactory(name="Другая область"))

    with pytest.raises(PermissionDenied):
        services.update_program(foreign, by=catalogue["provider"], data={"hours": 40})

    foreign.refresh_from_db()
    assert foreign.hours == 36


def test_update_program_replaces_the_competence_links(catalogue):
    first, second = factories.CompetenceFactory(code="A.1"), factories.CompetenceFactory(code="B.1")
    program = catalogue["program"]
    ProgramCompetence.objects.create(program=program, competence=first, weight=1)

    services.update_program(program, by=catalogue["provider"], data={}, links=[(second, 1.5)])

    assert list(program.links.values_list("competence__code", "weight")) == [("B.1", 1.5)]


def test_update_program_with_a_competence_twice_is_refused(catalogue):
    competence = factories.CompetenceFactory(code="A.2")

    with pytest.raises(ValidationError) as error:
        services.update_program(
            catalogue["program"],
            by=catalogue["provider"],
            data={},
            links=[(competence, 1), (competence, 2)],
        )

    assert error.value.message_dict == {"competences": ["Компетенция A.2 указана дважды."]}


def test_create_program_with_a_taken_registry_number_is_refused(catalogue):
    ProgramFactory(registry_number="ФР-1", federal_registry=True)

    with pytest.raises(ValidationError) as error:
        services.create_program(
            by=catalogue["provider"],
            data=program_data(catalogue["region"], federal_registry=True, registry_number="ФР-1"),
        )

    assert error.value.message_dict == {
        "registry_number": ["Программа с номером ФР-1 уже есть в каталоге."]
    }


def test_delete_program_with_cohorts_is_refused(catalogue):
    with pytest.raises(ValidationError) as error:
        services.delete_program(catalogue["program"], by=catalogue["provider"])

    assert error.value.messages == [
        "Программу «Функциональная грамотность» нельзя удалить: у неё 1 поток. "
        "Сначала удалите потоки."
    ]


# Cohorts ---------------------------------------------------------------------------------------


def test_update_cohort_capacity_below_the_places_taken_is_refused(catalogue):
    cohort = catalogue["cohort"]
    for person in (catalogue["person_a"], catalogue["person_b"]):
        EnrollmentFactory(cohort=cohort, person=person, status=S.APPROVED)

    with pytest.raises(ValidationError) as error:
        services.update_cohort(cohort, by=catalogue["provider"], data={"capacity": 1})

    assert error.value.message_dict == {
        "capacity": ["Мест не может быть меньше, чем уже занято: 2 места."]
    }


def test_create_cohort_closing_applications_after_its_end_is_refused(catalogue):
    day = today()
    data = {
        "starts_on": day,
        "ends_on": day + timedelta(days=5),
        "applications_close_on": day + timedelta(days=6),
        "capacity": 10,
    }

    with pytest.raises(ValidationError) as error:
        services.create_cohort(catalogue["program"], by=catalogue["provider"], data=data)

    assert error.value.message_dict == {
        "applications_close_on": ["Приём заявок должен закончиться не позже окончания потока."]
    }
