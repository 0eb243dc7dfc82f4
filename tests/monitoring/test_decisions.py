"""Management decisions: made by the region or municipality, their status flow, and the
indicators they aim to move read before and after from stored values."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import ResultSource
from profrost.monitoring import selectors, services
from profrost.monitoring.models import (
    DecisionStatus,
    ManagementDecision,
    MonitoringPeriod,
    Target,
)
from tests import factories
from tests.monitoring.test_rules import computed_period, store

D = Decimal


@pytest.fixture
def methodist_a(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])


@pytest.fixture
def first_half(region, two_orgs):
    return computed_period(region, two_orgs["mun_a"])


def decision_of(municipality, by, **changes):
    decision = ManagementDecision(
        title="Охватить диагностикой всех молодых педагогов",
        measures="Организовать диагностику в каждой школе до 01.10.2026.",
        level="municipality",
        region=municipality.region,
        municipality=municipality,
        responsible_text="Методический кабинет",
        decided_on=date(2026, 7, 10),
        deadline=date(2026, 10, 1),
        indicators=["diagnosed_share"],
    )
    for name, value in changes.items():
        setattr(decision, name, value)
    return services.save_decision(decision, by=by)


def form_data(two_orgs, period, **changes):
    return {
        "title": "Охватить диагностикой всех педагогов",
        "level": "municipality",
        "region": two_orgs["mun_a"].region_id,
        "municipality": two_orgs["mun_a"].pk,
        "decided_on": "10.07.2026",
        "document_number": "Приказ № 112",
        "measures": "Диагностика в каждой школе.",
        "responsible_text": "Методический кабинет",
        "deadline": "01.10.2026",
        "indicators": ["diagnosed_share", "route_share"],
        "based_on": period.pk,
        **changes,
    }


# Making decisions ----------------------------------------------------------------------------


def test_decision_create_form_is_prefilled_from_the_query_string(
    client, two_orgs, methodist_a, first_half
):
    client.force_login(methodist_a)
    response = client.get(
        "/monitoring/decisions/new/",
        {"period": first_half.pk, "indicator": "diagnosed_share"},
    )
    initial = response.context["form"].initial
    assert (initial["based_on"], initial["level"], initial["municipality"]) == (
        first_half.pk,
        "municipality",
        two_orgs["mun_a"].pk,
    )
    assert initial["indicators"] == ["diagnosed_share"]


def test_decision_create_by_the_municipal_methodist(client, two_orgs, methodist_a, first_half):
    client.force_login(methodist_a)
    response = client.post("/monitoring/decisions/new/", form_data(two_orgs, first_half))
    decision = ManagementDecision.objects.get()
    assert response.status_code == 302
    assert (
        decision.municipality,
        decision.indicators,
        decision.based_on,
        decision.status,
        decision.created_by,
    ) == (two_orgs["mun_a"], ["diagnosed_share", "route_share"], first_half, "planned", methodist_a)
    assert AuditEntry.objects.filter(action="monitoring.decision.created").count() == 1


def test_decision_create_for_another_municipality_is_refused(
    client, two_orgs, methodist_a, first_half
):
    client.force_login(methodist_a)
    data = form_data(two_orgs, first_half, municipality=two_orgs["mun_b"].pk)
    response = client.post("/monitoring/decisions/new/", data)
    assert response.status_code == 200
    assert ManagementDecision.objects.count() == 0


def test_decision_create_of_the_region_by_a_municipal_methodist_is_refused(
    client, two_orgs, methodist_a, first_half
):
    client.force_login(methodist_a)
    data = form_data(two_orgs, first_half, level="region", municipality="", based_on="")
    response = client.post("/monitoring/decisions/new/", data)
    assert response.status_code == 200
    assert ManagementDecision.objects.count() == 0


def test_decision_save_validates_with_russian_messages(two_orgs, methodist_a, region):
    other_period = computed_period(region, two_orgs["mun_b"])
    with pytest.raises(ValidationError) as error:
        decision_of(
            two_orgs["mun_a"],
            methodist_a,
            responsible_text="",
            deadline=date(2026, 7, 1),
            indicators=["no_such_indicator"],
        )
    assert error.value.message_dict == {
        "responsible_text": ["Укажите ответственного: работника или должность."],
        "deadline": ["Срок исполнения раньше даты решения."],
        "indicators": ["Неизвестные показатели: no_such_indicator."],
    }
    with pytest.raises(ValidationError) as error:
        decision_of(
            two_orgs["mun_a"], factories.UserFactory(is_superuser=True), based_on=other_period
        )
    assert error.value.message_dict == {"based_on": ["Период не охватывает область решения."]}


def test_decision_create_by_organization_admin_is_403(client, org_admin_a):
    client.force_login(org_admin_a)
    assert client.get("/monitoring/decisions/new/").status_code == 403


# Seeing and changing -------------------------------------------------------------------------


def test_decision_organization_sees_its_municipality_decision_but_cannot_change_it(
    client, two_orgs, methodist_a, org_admin_a
):
    decision = decision_of(two_orgs["mun_a"], methodist_a)
    client.force_login(org_admin_a)
    assert client.get(f"/monitoring/decisions/{decision.pk}/").status_code == 200
    assert client.get(f"/monitoring/decisions/{decision.pk}/edit/").status_code == 403
    status = client.post(f"/monitoring/decisions/{decision.pk}/status/", {"status": "done"})
    assert status.status_code == 403


def test_decision_outsider_gets_404(client, two_orgs, methodist_a):
    decision = decision_of(two_orgs["mun_a"], methodist_a)
    outsider = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])
    client.force_login(outsider)
    assert client.get(f"/monitoring/decisions/{decision.pk}/").status_code == 404
    assert client.post(f"/monitoring/decisions/{decision.pk}/status/").status_code == 404
    assert "Охватить диагностикой" not in client.get("/monitoring/decisions/").content.decode()


def test_decision_edit_by_the_methodist(client, two_orgs, methodist_a, first_half):
    decision = decision_of(two_orgs["mun_a"], methodist_a, based_on=first_half)
    client.force_login(methodist_a)
    data = form_data(two_orgs, first_half, title="Уточнённое решение", result="")
    response = client.post(f"/monitoring/decisions/{decision.pk}/edit/", data)
    decision.refresh_from_db()
    assert response.status_code == 302
    assert decision.title == "Уточнённое решение"
    assert AuditEntry.objects.filter(action="monitoring.decision.updated").count() == 1


def test_decision_status_flow(client, two_orgs, methodist_a):
    decision = decision_of(two_orgs["mun_a"], methodist_a)
    client.force_login(methodist_a)
    url = f"/monitoring/decisions/{decision.pk}/status/"
    client.post(url, {"status": "in_progress"})
    client.post(url, {"status": "done", "result": "Диагностику прошли 80 % педагогов."})
    decision.refresh_from_db()
    assert (decision.status, decision.result, decision.done_on is not None) == (
        DecisionStatus.DONE,
        "Диагностику прошли 80 % педагогов.",
        True,
    )
    response = client.post(url, {"status": "cancelled"}, follow=True)
    assert "Нельзя перевести решение из состояния «Выполнено» в «Отменено»." in (
        response.content.decode()
    )
    client.post(url, {"status": "in_progress"})
    decision.refresh_from_db()
    assert (decision.status, decision.done_on) == (DecisionStatus.IN_PROGRESS, None)
    actions_logged = list(
        AuditEntry.objects.filter(object_id=str(decision.pk), action__startswith="monitoring.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions_logged == [
        "monitoring.decision.created",
        "monitoring.decision.started",
        "monitoring.decision.completed",
        "monitoring.decision.reopened",
    ]


# Before and after ----------------------------------------------------------------------------


def test_decision_effect_reads_stored_values_of_the_next_period(two_orgs, region, methodist_a):
    before = computed_period(region, two_orgs["mun_a"], ends_on=date(2026, 6, 30), title="I")
    after = computed_period(region, two_orgs["mun_a"], ends_on=date(2026, 12, 31), title="II")
    later = computed_period(region, two_orgs["mun_a"], ends_on=date(2027, 6, 30), title="III")
    regional = computed_period(region, ends_on=date(2026, 9, 30), title="Регион")
    mun = two_orgs["mun_a"]
    store(before, "diagnosed_share", mun, 1, 10, 10)
    store(after, "diagnosed_share", mun, 3, 12, 25)
    store(later, "diagnosed_share", mun, 6, 12, 50)
    store(regional, "diagnosed_share", mun, 9, 10, 90)
    store(before, "route_share", mun, 2, 10, 20)
    store(after, "route_share", mun, 1, 12, "8.33")
    Target.objects.create(indicator="route_share", year=2026, region=region, value=D(10))
    decision = decision_of(
        mun, methodist_a, based_on=before, indicators=["diagnosed_share", "route_share"]
    )
    effect = selectors.decision_effect(decision)
    rows = [
        (
            row.indicator.code,
            row.before_value,
            row.after_value,
            row.change,
            row.improved,
            row.before_light,
            row.after_light,
        )
        for row in effect.rows
    ]
    assert (effect.before_period, effect.after_period) == (before, after)
    assert rows == [
        ("diagnosed_share", D(10), D(25), D(15), True, "red", "green"),
        ("route_share", D(20), D("8.33"), D("-11.67"), False, "green", "red"),
    ]


def test_decision_effect_without_a_next_period_shows_before_only(
    client, two_orgs, region, methodist_a, first_half
):
    store(first_half, "diagnosed_share", two_orgs["mun_a"], 1, 10, 10)
    decision = decision_of(two_orgs["mun_a"], methodist_a, based_on=first_half)
    effect = selectors.decision_effect(decision)
    assert [(row.before_value, row.after_value, row.change) for row in effect.rows] == [
        (D(10), None, None)
    ]
    client.force_login(methodist_a)
    page = client.get(f"/monitoring/decisions/{decision.pk}/").content.decode()
    assert "Следующий период этого уровня ещё не рассчитан" in page


def test_decision_page_shows_before_and_after_of_two_computed_periods(
    client, two_orgs, region, methodist_a
):
    """Город А has four teachers; none is diagnosed in the first half of 2026, one in the second:
    0 % before, 25 % after, +25 п. п."""
    for _ in range(3):
        factories.EmploymentFactory(organization=two_orgs["org_a"])
    competence = factories.CompetenceFactory(code="M.1")
    diagnostics.record_result(
        person=two_orgs["person_a"],
        competence_id=competence.pk,
        measured_on=date(2026, 9, 1),
        score=D(1),
        max_score=D(2),
        level="partial",
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика",
    )
    periods = []
    for title, starts_on, ends_on in (
        ("2026, I", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026, II", date(2026, 7, 1), date(2026, 12, 31)),
    ):
        period = MonitoringPeriod.objects.create(
            title=title,
            level="municipality",
            region=region,
            municipality=two_orgs["mun_a"],
            starts_on=starts_on,
            ends_on=ends_on,
        )
        periods.append(services.compute_period(period, by=methodist_a))
    decision = decision_of(two_orgs["mun_a"], methodist_a, based_on=periods[0])
    row = selectors.decision_effect(decision).rows[0]
    assert (row.before.numerator, row.before.denominator, row.before_value) == (D(0), D(4), D(0))
    assert (row.after.numerator, row.after.denominator, row.after_value) == (D(1), D(4), D(25))
    assert (row.change, row.before_light, row.after_light) == (D(25), "red", "green")
    client.force_login(methodist_a)
    page = client.get(f"/monitoring/decisions/{decision.pk}/").content.decode()
    assert "+25 п. п." in page


# The list ------------------------------------------------------------------------------------


def test_decision_list_filters_by_indicator(client, two_orgs, methodist_a):
    decision_of(two_orgs["mun_a"], methodist_a, title="О диагностике")
    decision_of(two_orgs["mun_a"], methodist_a, title="О маршрутах", indicators=["route_share"])
    client.force_login(methodist_a)
    response = client.get("/monitoring/decisions/", {"indicator": "route_share"})
    assert [d.title for d in response.context["object_list"]] == ["О маршрутах"]


def test_decision_list_queries_do_not_grow_with_rows(client, two_orgs, region, methodist_a):
    def add(count):
        for number in range(count):
            person = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
            decision_of(
                two_orgs["mun_a"],
                methodist_a,
                title=f"Решение {number}",
                responsible_person=person,
                based_on=computed_period(region, two_orgs["mun_a"], title=f"П {number}"),
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/monitoring/decisions/").status_code == 200
        return len(captured)

    client.force_login(methodist_a)
    add(1)
    few = queries()
    add(4)
    many = queries()
    assert ManagementDecision.objects.count() == 5
    assert few == many
