from datetime import date, datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories

FORECAST = "/staffing/retirement/"
PEOPLE = "/staffing/retirement/people/"
Y = timezone.localdate().year


def teacher(org, born, subjects=(), position="Учитель", **job):
    employment = factories.EmploymentFactory(
        organization=org,
        person__birth_date=date(born, 3, 10),
        position=factories.position(position),
        **job,
    )
    employment.subjects.set([factories.subject(name) for name in subjects])
    return employment.person


@pytest.fixture
def staff(two_orgs):
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    return {
        "this_year": teacher(org_a, Y - 65, ["Математика"]),
        "next_year": teacher(org_a, Y - 64, ["Математика"]),
        "two_subjects": teacher(org_a, Y - 63, ["Математика", "Физика"]),
        "past": teacher(org_a, Y - 70, position="Педагог-психолог"),
        "director": teacher(org_a, Y - 64, position="Директор"),
        "left": teacher(org_a, Y - 64, ["Математика"], end_date=date(Y - 1, 6, 30)),
        "young": teacher(org_a, Y - 30, ["Математика"]),
        "other_school": teacher(org_b, Y - 64, ["Математика"]),
    }


def table(forecast):
    return {
        row.label: [cell.count for cell in row.cells] + [row.total]
        for row in [*forecast.rows, forecast.totals]
    }


def test_forecast_counts_by_subject_and_year(client, org_admin_a, staff):
    client.force_login(org_admin_a)

    forecast = client.get(FORECAST).context["forecast"]

    assert [label for _key, label in forecast.columns] == [
        "Уже достигли",
        *[str(Y + offset) for offset in range(5)],
    ]
    #                        past  Y  Y+1 Y+2 Y+3 Y+4 total
    assert table(forecast) == {
        "Математика": [0, 1, 1, 1, 0, 0, 3],
        "Физика": [0, 0, 0, 1, 0, 0, 1],
        "Без предмета": [1, 0, 0, 0, 0, 0, 1],
        "Всего работников": [1, 1, 1, 1, 0, 0, 4],
    }


def test_forecast_age_60_and_shorter_horizon(client, org_admin_a, staff):
    client.force_login(org_admin_a)

    forecast = client.get(FORECAST, {"age": "60", "horizon": "2"}).context["forecast"]

    assert (forecast.age, forecast.years) == (60, [Y, Y + 1])
    assert table(forecast) == {
        "Математика": [3, 0, 0, 3],
        "Физика": [1, 0, 0, 1],
        "Без предмета": [1, 0, 0, 1],
        "Всего работников": [4, 0, 0, 4],
    }


def test_forecast_bad_age_falls_back_to_65(client, org_admin_a, staff):
    client.force_login(org_admin_a)

    response = client.get(FORECAST, {"age": "70"})

    assert response.context["forecast"].age == 65
    assert list(response.context["form"].errors) == ["age"]


def test_forecast_regional_admin_sees_both_schools(client, regional_admin, staff):
    client.force_login(regional_admin)

    forecast = client.get(FORECAST).context["forecast"]

    assert table(forecast)["Математика"] == [0, 1, 2, 1, 0, 0, 4]


def test_forecast_filtered_by_organization(client, regional_admin, staff, two_orgs):
    client.force_login(regional_admin)

    forecast = client.get(FORECAST, {"organization": two_orgs["org_b"].pk}).context["forecast"]

    assert table(forecast) == {
        "Математика": [0, 0, 1, 0, 0, 0, 1],
        "Всего работников": [0, 0, 1, 0, 0, 0, 1],
    }


def test_forecast_person_with_two_jobs_counted_once(client, methodist_a, staff, two_orgs):
    second_school = factories.OrganizationFactory(municipality=two_orgs["mun_a"])
    job = factories.EmploymentFactory(
        person=staff["next_year"], organization=second_school, is_main=False
    )
    job.subjects.set([factories.subject("Математика")])
    client.force_login(methodist_a)

    forecast = client.get(FORECAST).context["forecast"]

    assert table(forecast)["Математика"] == [0, 1, 1, 1, 0, 0, 3]


def test_forecast_every_number_links_to_its_people(client, org_admin_a, staff):
    client.force_login(org_admin_a)
    forecast = client.get(FORECAST).context["forecast"]

    for row in [*forecast.rows, forecast.totals]:
        for cell in row.cells:
            assert client.get(cell.url).context["paginator"].count == cell.count, cell.url
        assert client.get(row.url).context["paginator"].count == row.total, row.url


def people(client, **params):
    response = client.get(PEOPLE, params)
    assert response.status_code == 200
    return list(response.context["object_list"])


def test_retirement_people_of_one_cell(client, org_admin_a, staff):
    client.force_login(org_admin_a)
    maths = factories.subject("Математика")

    assert people(client, age=65, year=Y + 1, subject=maths.pk) == [staff["next_year"]]
    assert people(client, age=65, year="past", subject="null") == [staff["past"]]
    assert people(client, age=65, year=Y + 2) == [staff["two_subjects"]]


def test_retirement_people_show_subjects_and_organization(client, org_admin_a, staff):
    client.force_login(org_admin_a)

    response = client.get(PEOPLE, {"age": 65, "year": Y + 2})

    content = response.content.decode()
    assert "Математика, Физика" in content
    assert "Школа А" in content
    assert response.context["object_list"][0].reach_year == Y + 2


def test_retirement_people_outsider_sees_nobody_of_other_school(client, org_admin_b, staff):
    client.force_login(org_admin_b)

    assert people(client) == [staff["other_school"]]


def test_retirement_people_export_xlsx(client, org_admin_a, staff):
    client.force_login(org_admin_a)

    response = client.get(PEOPLE, {"age": 65, "year": Y + 2, "export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "ФИО",
        "Дата рождения",
        "Год достижения возраста",
        "Организация",
        "Должность",
        "Предметы",
    )
    person = staff["two_subjects"]
    assert rows[1:] == [
        (
            person.full_name,
            datetime(Y - 63, 3, 10),
            Y + 2,
            "Школа А",
            "Учитель",
            "Математика, Физика",
        )
    ]


def test_forecast_export_xlsx(client, org_admin_a, staff):
    client.force_login(org_admin_a)

    response = client.get(FORECAST, {"export": "xlsx", "horizon": "3"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [
        ("Предмет", "Уже достигли", str(Y), str(Y + 1), str(Y + 2), "Всего"),
        ("Математика", 0, 1, 1, 1, 3),
        ("Физика", 0, 0, 0, 1, 1),
        ("Без предмета", 1, 0, 0, 0, 1),
        ("Всего работников", 1, 1, 1, 1, 4),
    ]


def test_forecast_teacher_forbidden(client, teacher_a, staff):
    client.force_login(teacher_a)

    assert client.get(FORECAST).status_code == 403
    assert client.get(PEOPLE).status_code == 403


def test_forecast_queries_do_not_grow_with_people(client, org_admin_a, two_orgs):
    client.force_login(org_admin_a)
    teacher(two_orgs["org_a"], Y - 64, ["Математика"])
    with CaptureQueriesContext(connection) as one:
        client.get(FORECAST)
    with CaptureQueriesContext(connection) as one_person:
        assert len(people(client)) == 1

    for born, subject in ((Y - 63, "Физика"), (Y - 70, "Химия"), (Y - 62, "История")):
        teacher(two_orgs["org_a"], born, [subject, "Математика"])
    with CaptureQueriesContext(connection) as four:
        client.get(FORECAST)
    with CaptureQueriesContext(connection) as four_people:
        assert len(people(client)) == 4

    assert (len(four), len(four_people)) == (len(one), len(one_person))
