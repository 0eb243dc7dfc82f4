"""The route as a DOCX in the tabular form schools print and sign: read back with python-docx and
converted to PDF by LibreOffice."""

from io import BytesIO

import pytest
from docx import Document

from profrost.core.models import AuditEntry
from profrost.routes import building
from profrost.routes.documents import PLAN_HEADERS
from profrost.routes.models import ActivityKind
from tests.documents import converted_to_pdf, needs_libreoffice
from tests.routes.factories import (
    CheckpointFactory,
    RouteFactory,
    RouteItemFactory,
    cohort,
    days,
    program,
)


@pytest.fixture
def route(people):
    route = RouteFactory(
        person=people["person"],
        tutor=people["tutor"],
        title="ИОМ Альфиной",
        starts_on=days(0),
        ends_on=days(180),
        deficit_snapshot=building.snapshot([people["deficit_met"], people["deficit_psy"]]),
    )
    course = cohort(program([people["met"]], hours=36, registry=True, title="Современный урок"))
    first = RouteItemFactory(
        route=route,
        kind=ActivityKind.PROGRAM,
        title="Современный урок",
        cohort=course,
        program=course.program,
        starts_on=course.starts_on,
        ends_on=course.ends_on,
        hours=36,
        expected_result="Уроки по ФГОС",
        reporting_form="Удостоверение",
        covers=[people["deficit_met"]],
    )
    CheckpointFactory(item=first, title="Зачисление на обучение", due_on=course.starts_on)
    RouteItemFactory(
        route=route,
        kind=ActivityKind.MENTORING,
        title="Разбор уроков с наставником",
        mentor=people["tutor"],
        hours=10,
        covers=[people["deficit_psy"]],
    )
    return route


def docx_of(client, route):
    response = client.get(f"/routes/{route.pk}/docx/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="iom-{route.pk}.docx"'
    return response.content


def rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_route_docx_has_the_title_block_deficits_plan_and_signatures(client, people, route):
    client.force_login(people["methodist"])

    document = Document(BytesIO(docx_of(client, route)))

    block, deficits, plan = document.tables
    title = dict(rows(block))
    assert title["ФИО педагогического работника"] == "Альфина Иван Иванович"
    assert title["Должность"] == "Учитель"
    assert title["Образовательная организация"] == people["org_a"].name
    assert title["Период реализации"] == f"{days(0):%d.%m.%Y} – {days(180):%d.%m.%Y}"
    assert title["Тьютор (методист)"] == people["tutor"].full_name
    assert rows(deficits)[1:] == [
        ["1", "R.MET Проектирование урока", "Дефицит", "30,0", f"{days(-60):%d.%m.%Y}"],
        [
            "2",
            "R.PSY Учёт возрастных особенностей",
            "Частично сформирована",
            "60,0",
            f"{days(-60):%d.%m.%Y}",
        ],
    ]
    plan_rows = rows(plan)
    assert plan_rows[0] == [str(header) for header in PLAN_HEADERS]
    first, second, total = plan_rows[1:]
    assert first[:2] == ["1", "R.MET Проектирование урока"]
    assert first[2].startswith("Программа ДПО: Современный урок\nФедеральный реестр ДПП, № ФР-")
    assert "Контрольные точки:" in first[3]
    assert first[4:8] == ["36", "Уроки по ФГОС", "Удостоверение", "Запланировано"]
    assert second[2] == (
        f"Наставничество: Разбор уроков с наставником\nНаставник: {people['tutor'].full_name}"
    )
    assert (total[2], total[4]) == ("Итого часов", "46")
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert "Педагогический работник: ____________ / Альфина Иван Иванович /" in paragraphs
    assert any(text.startswith("Руководитель образовательной организации:") for text in paragraphs)
    assert AuditEntry.objects.filter(action="routes.route.exported").count() == 1


def test_route_docx_is_printed_by_the_person_too(client, people, route):
    client.force_login(people["teacher"])

    assert Document(BytesIO(docx_of(client, route))).tables


@needs_libreoffice
def test_route_docx_opens_in_libreoffice(client, people, route, tmp_path):
    client.force_login(people["methodist"])

    pdf = converted_to_pdf(docx_of(client, route), tmp_path, "iom")

    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000
