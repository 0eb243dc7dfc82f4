"""Innovation projects of sites and their reports: who sees and runs them, the rules of the
forms, the list's query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.practices.models import InnovationProject, InnovationReport
from tests import factories
from tests.practices.factories import ProjectFactory, ReportFactory, today


@pytest.fixture
def sites(two_orgs, region):
    return {
        **two_orgs,
        "project_a": ProjectFactory(title="Цифровая школа А", organization=two_orgs["org_a"]),
        "project_b": ProjectFactory(title="Точка роста Б", organization=two_orgs["org_b"]),
        "methodist_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "regional": factories.user_with_role(Role.REGIONAL_METHODIST, region),
        "admin_a": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"]),
        "teacher_a": factories.teacher_user(two_orgs["person_a"]),
    }


def titles(response):
    return sorted(project.title for project in response.context["object_list"])


def test_teacher_sees_the_projects_of_their_school(client, sites):
    client.force_login(sites["teacher_a"])

    assert titles(client.get("/practices/projects/")) == ["Цифровая школа А"]
    assert client.get(f"/practices/projects/{sites['project_a'].pk}/").status_code == 200
    assert client.get(f"/practices/projects/{sites['project_b'].pk}/").status_code == 404


def test_project_is_changed_by_its_municipality_not_by_the_school(client, sites):
    project = sites["project_a"]
    client.force_login(sites["admin_a"])
    by_school = client.get(f"/practices/projects/{project.pk}/edit/").status_code
    client.force_login(sites["methodist_a"])
    by_methodist = client.get(f"/practices/projects/{project.pk}/edit/").status_code

    assert (by_school, by_methodist) == (403, 200)


def project_form(sites, **changes):
    return {
        "organization": sites["org_a"].pk,
        "site_kind": "resource_centre",
        "level": "municipal",
        "title": "Ресурсный центр по наставничеству",
        "goals": "",
        "expected_results": "",
        "starts_on": "01.09.2025",
        "ends_on": "31.08.2027",
        "document": "Приказ управления образования от 25.08.2025 № 310",
        "status": "active",
        **changes,
    }


def test_municipal_methodist_opens_a_municipal_project(client, sites):
    client.force_login(sites["methodist_a"])

    response = client.post("/practices/projects/new/", project_form(sites))

    project = InnovationProject.objects.get(title="Ресурсный центр по наставничеству")
    assert response.status_code == 302
    assert (project.organization, project.created_by) == (sites["org_a"], sites["methodist_a"])
    assert AuditEntry.objects.filter(action="practices.innovationproject.created").count() == 1


def test_municipal_methodist_may_not_open_a_regional_project(client, sites):
    client.force_login(sites["methodist_a"])

    response = client.post("/practices/projects/new/", project_form(sites, level="regional"))

    assert response.context["form"].errors["level"] == [
        "Выберите корректный вариант. regional нет среди допустимых значений."
    ]


def test_project_dates_are_checked(client, sites):
    client.force_login(sites["regional"])

    response = client.post(
        "/practices/projects/new/",
        project_form(sites, starts_on="01.09.2025", ends_on="01.01.2025"),
    )

    assert response.context["form"].errors == {"ends_on": ["Окончание проекта раньше его начала."]}


def report_form(**changes):
    return {
        "year": str(today().year - 1),
        "submitted_on": today().strftime("%d.%m.%Y"),
        "text": "Проведены стажировки для педагогов района.",
        "effect": "Практики наставничества переняли три школы.",
        "effect_level": "high",
        **changes,
    }


def test_school_admin_reports_on_the_own_project(client, sites):
    project = sites["project_a"]
    client.force_login(sites["admin_a"])

    response = client.post(
        f"/practices/projects/{project.pk}/reports/new/",
        report_form(year=str(project.starts_on.year)),
    )

    assert response.status_code == 302
    assert list(project.reports.values_list("effect_level", flat=True)) == ["high"]


def test_report_on_a_project_of_another_school_is_not_found(client, sites):
    client.force_login(sites["admin_a"])

    response = client.get(f"/practices/projects/{sites['project_b'].pk}/reports/new/")

    assert response.status_code == 404


def test_report_for_a_year_outside_the_project_or_twice_is_refused(client, sites):
    project = sites["project_a"]
    ReportFactory(project=project, year=project.starts_on.year)
    client.force_login(sites["admin_a"])
    url = f"/practices/projects/{project.pk}/reports/new/"

    twice = client.post(url, report_form(year=str(project.starts_on.year)))
    outside = client.post(url, report_form(year=str(project.ends_on.year + 1)))

    year = project.starts_on.year
    assert twice.context["form"].errors == {
        "year": [f"Отчёт за {year}/{year + 1} учебный год уже есть."]
    }
    late = project.ends_on.year + 1
    assert outside.context["form"].errors == {
        "year": [
            f"Учебный год {late}/{late + 1} вне срока проекта "
            f"({project.starts_on:%d.%m.%Y} — {project.ends_on:%d.%m.%Y})."
        ]
    }


def test_teacher_may_not_change_a_report(client, sites):
    report = ReportFactory(project=sites["project_a"])
    client.force_login(sites["teacher_a"])

    assert client.get(f"/practices/reports/{report.pk}/edit/").status_code == 403
    assert InnovationReport.objects.count() == 1


def test_project_list_shows_the_effect_of_the_latest_report(client, sites):
    project = sites["project_a"]
    ReportFactory(project=project, year=project.starts_on.year, effect_level="low")
    ReportFactory(project=project, year=project.starts_on.year + 1, effect_level="high")
    client.force_login(sites["methodist_a"])

    (row,) = client.get("/practices/projects/").context["object_list"]

    assert (row.report_count, row.last_report_year, row.last_effect_display) == (
        2,
        project.starts_on.year + 1,
        "Высокий",
    )


def test_project_list_filters_active_on_a_date(client, sites):
    ProjectFactory(
        title="Завершённый проект",
        organization=sites["org_a"],
        starts_on=today() - timedelta(days=900),
        ends_on=today() - timedelta(days=400),
        status="completed",
    )
    client.force_login(sites["methodist_a"])

    response = client.get("/practices/projects/", {"active_on": today().strftime("%d.%m.%Y")})

    assert titles(response) == ["Цифровая школа А"]


def test_project_list_query_count_does_not_grow_with_rows(client, sites):
    client.force_login(sites["regional"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/practices/projects/").status_code == 200
    for _number in range(4):
        ReportFactory(project=ProjectFactory(organization=sites["org_b"]))
    with CaptureQueriesContext(connection) as many:
        client.get("/practices/projects/")

    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("who", "status"), [("admin_a", 200), ("methodist_a", 200), ("teacher_a", 403)]
)
def test_report_edit_is_for_the_project_and_its_school(client, sites, who, status):
    report = ReportFactory(project=sites["project_a"])
    client.force_login(sites[who])

    response = client.get(f"/practices/reports/{report.pk}/edit/")

    assert response.status_code == status


def test_report_of_another_school_is_not_found(client, sites):
    report = ReportFactory(project=sites["project_b"])
    client.force_login(sites["admin_a"])

    assert client.get(f"/practices/reports/{report.pk}/edit/").status_code == 404
    assert client.get(f"/practices/reports/{report.pk}/file/").status_code == 404
