"""Innovation sites, their reports and open vacancies on hand-built data (see
test_indicators.py for the world)."""

from datetime import date

import pytest

from profrost.practices.models import InnovationProject, InnovationReport
from profrost.registry.models import OrganizationStatus
from tests import factories
from tests.monitoring.test_indicators import END, D, build_world, counts, values
from tests.staffing.factories import VacancyFactory


@pytest.fixture
def world(db):
    return build_world()


def status(organization, kind, start, end=None):
    return OrganizationStatus.objects.create(
        organization=organization, kind=kind, start_date=start, end_date=end
    )


def project(organization, starts=date(2024, 9, 1), ends=date(2026, 8, 31), state="active"):
    return InnovationProject.objects.create(
        organization=organization,
        site_kind="innovation_site",
        level="municipal",
        title="Цифровая образовательная среда",
        starts_on=starts,
        ends_on=ends,
        status=state,
    )


def test_innovation_sites_counts_organizations_with_a_status_or_a_project(world):
    b2 = factories.OrganizationFactory(municipality=world.mun_b, short_name="Б2")
    status(world.a1, "innovation_site", date(2023, 9, 1))
    project(world.a1)  # a status and a project: one organization
    status(world.a2, "resource_centre", date(2022, 9, 1), date(2024, 12, 31))  # over before
    project(world.a2)
    project(world.b1, state="terminated")
    status(world.b1, "internship_site", date(2025, 7, 1))  # after
    project(b2, date(2023, 9, 1), date(2025, 1, 1), state="completed")  # to the first day
    status(world.c1, "innovation_site", date(2023, 9, 1))  # another region
    found = values(world.period, "innovation_sites")
    assert found.pop("Б2") == (D(1), None, D(1))
    assert found == counts(1, 1, 0, 2, 1, 3)


def report(of, year, submitted, effect):
    return InnovationReport.objects.create(
        project=of,
        year=year,
        submitted_on=submitted,
        text="Проведены семинары.",
        effect="Учителя используют цифровые инструменты.",
        effect_level=effect,
    )


def test_innovation_reports_and_their_effect(world):
    in_a1, in_b1 = project(world.a1), project(world.b1)
    report(in_a1, 2024, date(2025, 5, 20), "high")
    report(in_a1, 2023, date(2024, 6, 1), "medium")  # before the period
    report(in_b1, 2024, END, "low")
    report(in_b1, 2023, date(2025, 2, 1), "medium")
    report(project(world.c1), 2024, date(2025, 5, 20), "high")  # another region
    assert values(world.period, "innovation_reports") == counts(1, 0, 2, 1, 2, 3)
    # Effective (high or medium): А1 1 of 1; Б1 1 of 2; region 2 of 3.
    assert values(world.period, "innovation_effective_share") == {
        "А1": (D(1), D(1), D(100)),
        "А2": (D(0), D(0), None),
        "Б1": (D(1), D(2), D(50)),
        "Город А": (D(1), D(1), D(100)),
        "Район Б": (D(1), D(2), D(50)),
        "Тестовая область": (D(2), D(3), D("66.67")),
    }


def test_staffing_needs_counts_vacancies_open_on_the_last_day(world):
    VacancyFactory(organization=world.a1, opened_on=date(2025, 3, 1))
    VacancyFactory(
        organization=world.a1, opened_on=date(2025, 1, 10), closed_on=END, closure="cancelled"
    )
    VacancyFactory(organization=world.a2, opened_on=date(2025, 7, 1))  # after
    VacancyFactory(
        organization=world.a2,
        opened_on=date(2024, 9, 1),
        closed_on=date(2025, 7, 15),
        closure="cancelled",
    )
    VacancyFactory(organization=world.c1, opened_on=date(2025, 3, 1))  # another region
    assert values(world.period, "staffing_needs") == counts(1, 1, 0, 2, 0, 2)
