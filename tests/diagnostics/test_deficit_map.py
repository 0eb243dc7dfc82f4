"""The individual map of professional deficits of a person."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics import services
from profrost.diagnostics.models import ResultSource
from tests import factories


def record(person, competence, day, level, percent, title="Региональная диагностика"):
    return services.record_result(
        person=person,
        organization_id=person.employments.get().organization_id,
        competence_id=competence.pk,
        measured_on=day,
        score=Decimal(percent),
        max_score=Decimal(100),
        level=level,
        source=ResultSource.IMPORT,
        source_title=title,
    )


@pytest.fixture
def mapped(two_orgs):
    """Альфина: T.MET 30 % (01.03.2025) then 80 % (01.03.2026), closing its deficit;
    T.PSY 60 % (01.03.2026), an open deficit; Бетова: T.MET 20 %."""
    methodical = factories.CompetenceGroupFactory(code="t-met", name="Методические", order=1)
    psychological = factories.CompetenceGroupFactory(
        code="t-psy", name="Психолого-педагогические", order=2
    )
    met = factories.CompetenceFactory(code="T.MET", name="Проектирование урока", group=methodical)
    psy = factories.CompetenceFactory(
        code="T.PSY", name="Учёт возрастных особенностей", group=psychological
    )
    person = two_orgs["person_a"]
    record(person, met, date(2025, 3, 1), "deficit", 30, title="Диагностика 2025")
    record(person, met, date(2026, 3, 1), "proficient", 80, title="Диагностика 2026")
    record(person, psy, date(2026, 3, 1), "partial", 60, title="Диагностика 2026")
    record(two_orgs["person_b"], met, date(2026, 3, 1), "deficit", 20)
    return {**two_orgs, "met": met, "psy": psy}


def map_url(person):
    return f"/diagnostics/people/{person.pk}/map/"


def test_deficit_map_shows_profile_history_and_deficits(mapped, org_admin_a, client):
    client.force_login(org_admin_a)
    response = client.get(map_url(mapped["person_a"]))
    assert response.status_code == 200
    context = response.context
    profile = [
        (group.name, [(r.competence.code, r.measured_on, r.percent, r.level) for r in results])
        for group, results in context["profile_groups"]
    ]
    assert profile == [
        ("Методические", [("T.MET", date(2026, 3, 1), Decimal("80.0"), "proficient")]),
        ("Психолого-педагогические", [("T.PSY", date(2026, 3, 1), Decimal("60.0"), "partial")]),
    ]
    assert context["history"]["dates"] == [date(2025, 3, 1), date(2026, 3, 1)]
    assert context["history"]["chart"] == {
        "labels": ["01.03.2025", "01.03.2026"],
        "series": [
            {"label": "Проектирование урока", "code": "T.MET", "data": [30.0, 80.0]},
            {"label": "Учёт возрастных особенностей", "code": "T.PSY", "data": [None, 60.0]},
        ],
    }
    assert context["profile_chart"]["percents"] == [80.0, 60.0]
    # The axis speaks names (in lines that fit), the code stays for the tooltip (issue 19).
    assert context["profile_chart"]["labels"] == [
        ["Проектирование урока"],
        ["Учёт возрастных особенностей"],
    ]
    assert context["profile_chart"]["codes"] == ["T.MET", "T.PSY"]
    assert context["profile_chart"]["thresholds"] == [50, 75]
    deficits = [(d.competence.code, d.status, d.found_on, d.closed_on) for d in context["deficits"]]
    assert deficits == [
        ("T.PSY", "open", date(2026, 3, 1), None),
        ("T.MET", "closed", date(2025, 3, 1), date(2026, 3, 1)),
    ]
    assert context["open_count"] == 1
    content = response.content.decode()
    assert "Школа А" in content
    assert "01.03.2025" in content
    assert "Частично сформирована" in content
    assert "chart.umd.min.js" in content


def test_deficit_map_of_another_organization_is_404(mapped, org_admin_a, client):
    client.force_login(org_admin_a)
    assert client.get(map_url(mapped["person_b"])).status_code == 404
    assert client.get(map_url(mapped["person_b"]) + "?export=xlsx").status_code == 404


def test_deficit_map_teacher_sees_own_map_only(mapped, client):
    client.force_login(factories.teacher_user(mapped["person_a"]))
    assert client.get(map_url(mapped["person_a"])).status_code == 200
    assert client.get(map_url(mapped["person_b"])).status_code == 404


def test_deficit_map_regional_methodist_sees_every_map(mapped, region, client):
    client.force_login(factories.user_with_role(Role.REGIONAL_METHODIST, region))
    assert client.get(map_url(mapped["person_b"])).status_code == 200


def test_deficit_map_without_results_shows_empty_state(two_orgs, client):
    client.force_login(factories.teacher_user(two_orgs["person_a"]))
    response = client.get(map_url(two_orgs["person_a"]))
    content = response.content.decode()
    assert "Диагностика ещё не проводилась" in content
    assert 'id="map-profile"' not in content
    assert "chart.umd.min.js" not in content


def test_deficit_map_view_is_audited(mapped, org_admin_a, client):
    client.force_login(org_admin_a)
    client.get(map_url(mapped["person_a"]))
    entry = AuditEntry.objects.get(action="diagnostics.deficit_map.viewed")
    assert (entry.actor, entry.object_id) == (org_admin_a, str(mapped["person_a"].pk))


def test_deficit_map_export_has_history_and_latest_flag(mapped, org_admin_a, client):
    client.force_login(org_admin_a)
    response = client.get(map_url(mapped["person_a"]) + "?export=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "Код",
        "Компетенция",
        "Группа",
        "Дата диагностики",
        "Диагностика",
        "Балл",
        "Максимальный балл",
        "Процент",
        "Уровень",
        "Последний результат",
    )
    assert [(r[0], r[3].date(), r[7], r[8], r[9]) for r in rows[1:]] == [
        ("T.MET", date(2025, 3, 1), 30, "Дефицит", "нет"),
        ("T.MET", date(2026, 3, 1), 80, "Сформирована", "да"),
        ("T.PSY", date(2026, 3, 1), 60, "Частично сформирована", "да"),
    ]
    assert isinstance(rows[1][7], int | float)


def test_person_detail_links_to_the_deficit_map(two_orgs, org_admin_a, client):
    client.force_login(org_admin_a)
    person = two_orgs["person_a"]
    content = client.get(f"/registry/people/{person.pk}/").content.decode()
    assert f'href="{map_url(person)}"' in content
    assert "Карта дефицитов" in content


def test_deficit_map_query_count_does_not_grow_with_results(two_orgs, org_admin_a, client):
    competences = [factories.CompetenceFactory(code=f"Q.{n}") for n in range(3)]
    person = two_orgs["person_a"]
    record(person, competences[0], date(2025, 1, 10), "deficit", 20)
    client.force_login(org_admin_a)
    client.get(map_url(person))
    with CaptureQueriesContext(connection) as few:
        client.get(map_url(person))
    for year in (2024, 2025, 2026):
        for number, competence in enumerate(competences):
            level, percent = (("deficit", 20), ("partial", 60), ("proficient", 90))[number]
            record(person, competence, date(year, 2, 1), level, percent)
    with CaptureQueriesContext(connection) as many:
        client.get(map_url(person))
    assert len(many) == len(few)
