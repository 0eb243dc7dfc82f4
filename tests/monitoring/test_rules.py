"""The rules of targeted recommendations on hand-built stored values and records."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import ResultSource
from profrost.monitoring import services
from profrost.monitoring.models import (
    IndicatorValue,
    MonitoringPeriod,
    PeriodStatus,
    Recommendation,
    Target,
    scope_key,
)
from profrost.programs.models import EnrollmentStatus, ProgramCompetence
from tests import factories
from tests.methodists.factories import AssignmentFactory, MethodistFactory
from tests.programs.factories import CohortFactory, EnrollmentFactory, ProgramFactory

D = Decimal


def computed_period(region, municipality=None, ends_on=date(2026, 6, 30), title="2026, I"):
    return MonitoringPeriod.objects.create(
        title=title,
        level="municipality" if municipality else "region",
        region=region,
        municipality=municipality,
        starts_on=date(ends_on.year, 1 if ends_on.month <= 6 else 7, 1),
        ends_on=ends_on,
        status=PeriodStatus.COMPUTED,
        computed_at=timezone.now(),
    )


def store(period, indicator, obj, numerator, denominator, value):
    """A stored value as the computation would have written it, for a Municipality,
    Organization or Region `obj`."""
    level = obj._meta.model_name
    return IndicatorValue.objects.create(
        period=period,
        indicator=indicator,
        level=level,
        scope_key=scope_key(level, obj.pk),
        **{level: obj},
        numerator=D(numerator),
        denominator=None if denominator is None else D(denominator),
        value=None if value is None else D(value),
        computed_at=timezone.now(),
    )


def addressed(rule):
    return sorted(
        Recommendation.objects.filter(rule=rule).values_list("addressee_key", "value", "threshold")
    )


@pytest.fixture
def period(region, two_orgs):
    return computed_period(region)


@pytest.fixture
def methodist_user(two_orgs):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])


def test_rule_young_without_mentor_addresses_organizations_below_the_default_target(
    period, two_orgs, regional_admin
):
    store(period, "young_supported_share", two_orgs["org_a"], 1, 2, 50)
    store(period, "young_supported_share", two_orgs["org_b"], 4, 5, 80)
    created = services.apply_rules(period, by=regional_admin, codes=["young_without_mentor"])
    recommendation = Recommendation.objects.get()
    assert created == {"young_without_mentor": 1}
    assert addressed("young_without_mentor") == [
        (f"organization:{two_orgs['org_a'].pk}", D(50), D(70))
    ]
    assert (recommendation.indicator, recommendation.region_id) == (
        "young_supported_share",
        period.region_id,
    )
    assert "охвачено 50 % молодых педагогов организации (1 из 2)" in recommendation.text
    assert "не менее 70 %" in recommendation.text


def test_rule_young_without_mentor_reads_the_targets_of_the_period_year(
    period, two_orgs, region, regional_admin
):
    store(period, "young_supported_share", two_orgs["org_a"], 1, 2, 50)
    store(period, "young_supported_share", two_orgs["org_b"], 4, 5, 80)
    Target.objects.create(indicator="young_supported_share", year=2026, region=region, value=D(40))
    Target.objects.create(
        indicator="young_supported_share",
        year=2026,
        region=region,
        organization=two_orgs["org_b"],
        value=D(90),
    )
    Target.objects.create(indicator="young_supported_share", year=2025, region=region, value=D(99))
    services.apply_rules(period, by=regional_admin, codes=["young_without_mentor"])
    assert addressed("young_without_mentor") == [
        (f"organization:{two_orgs['org_b'].pk}", D(80), D(90))
    ]


def test_rule_young_without_mentor_skips_organizations_without_young_teachers(
    period, two_orgs, regional_admin
):
    store(period, "young_supported_share", two_orgs["org_a"], 0, 0, None)
    services.apply_rules(period, by=regional_admin, codes=["young_without_mentor"])
    assert Recommendation.objects.count() == 0


def test_rule_young_without_mentor_reads_stored_values_not_live_data(
    period, two_orgs, regional_admin
):
    # No young teacher exists at all: the stored value is what the rule reads.
    store(period, "young_supported_share", two_orgs["org_a"], 3, 10, 30)
    services.apply_rules(period, by=regional_admin, codes=["young_without_mentor"])
    assert addressed("young_without_mentor") == [
        (f"organization:{two_orgs['org_a'].pk}", D(30), D(70))
    ]


def test_rule_diagnostics_below_target_addresses_municipalities(
    period, two_orgs, region, regional_admin
):
    store(period, "diagnosed_share", two_orgs["mun_a"], 1, 10, 10)
    store(period, "diagnosed_share", two_orgs["mun_b"], 5, 20, 25)
    store(period, "diagnosed_share", two_orgs["org_b"], 0, 10, 0)  # organizations: not this rule
    store(period, "diagnosed_share", region, 6, 30, 20)
    services.apply_rules(period, by=regional_admin, codes=["diagnostics_below_target"])
    recommendation = Recommendation.objects.get()
    assert addressed("diagnostics_below_target") == [
        (f"municipality:{two_orgs['mun_a'].pk}", D(10), D(20))
    ]
    assert recommendation.municipality == two_orgs["mun_a"]
    assert recommendation.title == "Диагностика профессиональных дефицитов: Город А"


def test_rule_diagnostics_below_target_with_a_municipal_target(
    period, two_orgs, region, regional_admin
):
    store(period, "diagnosed_share", two_orgs["mun_a"], 1, 10, 10)
    store(period, "diagnosed_share", two_orgs["mun_b"], 5, 20, 25)
    Target.objects.create(
        indicator="diagnosed_share",
        year=2026,
        region=region,
        municipality=two_orgs["mun_b"],
        value=D(30),
    )
    services.apply_rules(period, by=regional_admin, codes=["diagnostics_below_target"])
    assert [key for key, _v, _t in addressed("diagnostics_below_target")] == [
        f"municipality:{two_orgs['mun_a'].pk}",
        f"municipality:{two_orgs['mun_b'].pk}",
    ]


def test_rule_methodist_overload_addresses_the_methodist_above_the_cap(
    period, two_orgs, regional_admin
):
    busy = MethodistFactory(
        municipality=two_orgs["mun_a"], person__last_name="Загруженная", load_cap=2
    )
    calm = MethodistFactory(municipality=two_orgs["mun_b"], load_cap=5)
    gone = MethodistFactory(
        municipality=two_orgs["mun_a"], load_cap=1, excluded_on=date(2025, 1, 1)
    )
    for _ in range(3):
        AssignmentFactory(methodist=busy)
        AssignmentFactory(methodist=calm)
        AssignmentFactory(methodist=gone)
    AssignmentFactory(methodist=busy, ends_on=date(2025, 6, 1))  # ended: not counted
    services.apply_rules(period, by=regional_admin, codes=["methodist_overload"])
    recommendation = Recommendation.objects.get()
    assert addressed("methodist_overload") == [(f"person:{busy.person_id}", D(3), D(2))]
    assert recommendation.person == busy.person
    assert "закреплено 3 педагога при предельной нагрузке 2" in recommendation.text


def test_rule_methodist_overload_of_a_municipal_period_reads_its_municipality(
    two_orgs, region, regional_admin
):
    period = computed_period(region, two_orgs["mun_b"])
    busy = MethodistFactory(municipality=two_orgs["mun_a"], load_cap=1)
    AssignmentFactory(methodist=busy)
    AssignmentFactory(methodist=busy)
    services.apply_rules(period, by=regional_admin, codes=["methodist_overload"])
    assert Recommendation.objects.count() == 0


def deficit(person, competence, day=date(2026, 3, 1)):
    diagnostics.record_result(
        person=person,
        competence_id=competence.pk,
        measured_on=day,
        score=D(1),
        max_score=D(4),
        level="partial",
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика",
    )


def enrol(person, competence, status=EnrollmentStatus.APPLIED):
    program = ProgramFactory()
    ProgramCompetence.objects.create(program=program, competence=competence)
    EnrollmentFactory(person=person, cohort=CohortFactory(program=program), status=status)


def test_rule_deficits_not_covered_counts_people_without_a_program_for_their_deficit(
    period, two_orgs, regional_admin
):
    reading = factories.CompetenceFactory(code="R.1")
    writing = factories.CompetenceFactory(code="W.1")
    covered = two_orgs["person_a"]
    deficit(covered, reading)
    enrol(covered, reading)
    other_program = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    deficit(other_program, writing)
    enrol(other_program, reading)
    rejected = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    deficit(rejected, reading)
    enrol(rejected, reading, status=EnrollmentStatus.REJECTED)
    completed = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    deficit(completed, writing)
    enrol(completed, writing, status=EnrollmentStatus.COMPLETED)
    services.apply_rules(period, by=regional_admin, codes=["deficits_not_covered"])
    recommendation = Recommendation.objects.get()
    assert addressed("deficits_not_covered") == [
        (f"organization:{two_orgs['org_a'].pk}", D(2), D(0))
    ]
    assert "ни одна программа из записей на обучение, есть у 2 работников организации." in (
        recommendation.text
    )


def test_rule_deficits_not_covered_ignores_closed_deficits_and_people_who_left(
    period, two_orgs, regional_admin
):
    reading = factories.CompetenceFactory(code="R.1")
    deficit(two_orgs["person_a"], reading)
    diagnostics.record_result(
        person=two_orgs["person_a"],
        competence_id=reading.pk,
        measured_on=date(2026, 5, 1),
        score=D(4),
        max_score=D(4),
        level="proficient",
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика",
    )
    left = factories.EmploymentFactory(
        organization=two_orgs["org_b"], end_date=timezone.localdate() - timedelta(days=1)
    ).person
    deficit(left, reading)
    services.apply_rules(period, by=regional_admin, codes=["deficits_not_covered"])
    assert Recommendation.objects.count() == 0


def test_apply_rules_is_idempotent(period, two_orgs, regional_admin):
    store(period, "young_supported_share", two_orgs["org_a"], 1, 2, 50)
    store(period, "diagnosed_share", two_orgs["mun_b"], 1, 20, 5)
    first = services.apply_rules(period, by=regional_admin)
    Recommendation.objects.filter(rule="young_without_mentor").update(status="closed")
    again = services.apply_rules(period, by=regional_admin)
    assert first == {
        "young_without_mentor": 1,
        "diagnostics_below_target": 1,
        "methodist_overload": 0,
        "deficits_not_covered": 0,
    }
    assert sum(again.values()) == 0
    assert Recommendation.objects.count() == 2
    assert AuditEntry.objects.filter(action="monitoring.recommendation.created").count() == 2
    assert AuditEntry.objects.filter(action="monitoring.recommendation.rules_applied").count() == 2


def test_apply_rules_in_another_period_addresses_again(period, two_orgs, region, regional_admin):
    later = computed_period(region, ends_on=date(2026, 12, 31), title="2026, II")
    store(period, "young_supported_share", two_orgs["org_a"], 1, 2, 50)
    store(later, "young_supported_share", two_orgs["org_a"], 1, 2, 50)
    services.apply_rules(period, by=regional_admin)
    services.apply_rules(later, by=regional_admin)
    assert Recommendation.objects.filter(rule="young_without_mentor").count() == 2


def test_apply_rules_refuses_a_period_not_computed(region, two_orgs, regional_admin):
    period = computed_period(region)
    period.status = PeriodStatus.NEW
    period.save()
    with pytest.raises(ValidationError) as error:
        services.apply_rules(period, by=regional_admin)
    assert error.value.messages == [
        "Период ещё не рассчитан: правила читают сохранённые значения показателей."
    ]


def test_apply_rules_view_by_the_municipal_methodist_issues_and_lists(
    client, two_orgs, region, methodist_user
):
    period = computed_period(region, two_orgs["mun_a"])
    store(period, "young_supported_share", two_orgs["org_a"], 1, 4, 25)
    client.force_login(methodist_user)
    response = client.post(f"/monitoring/periods/{period.pk}/apply-rules/", {"deadline": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/monitoring/recommendations/?period={period.pk}"
    recommendation = Recommendation.objects.get()
    assert (recommendation.organization, recommendation.created_by) == (
        two_orgs["org_a"],
        methodist_user,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Наставничество молодых педагогов: Школа А" in page


def test_apply_rules_view_organization_admin_gets_403_and_outsider_404(
    client, two_orgs, region, org_admin_a
):
    own = computed_period(region, two_orgs["mun_a"])
    foreign = computed_period(region, two_orgs["mun_b"])
    client.force_login(org_admin_a)
    assert client.post(f"/monitoring/periods/{own.pk}/apply-rules/").status_code == 403
    assert client.post(f"/monitoring/periods/{foreign.pk}/apply-rules/").status_code == 404
    assert Recommendation.objects.count() == 0


def test_apply_rules_view_with_a_past_deadline_is_refused(client, two_orgs, region, methodist_user):
    period = computed_period(region, two_orgs["mun_a"])
    store(period, "young_supported_share", two_orgs["org_a"], 1, 4, 25)
    client.force_login(methodist_user)
    response = client.post(
        f"/monitoring/periods/{period.pk}/apply-rules/", {"deadline": "01.01.2020"}, follow=True
    )
    assert "Срок ответа не может быть в прошлом." in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_rules_page_lists_every_rule(client, methodist_user):
    client.force_login(methodist_user)
    page = client.get("/monitoring/recommendations/rules/").content.decode()
    for name in (
        "Молодые педагоги без наставника",
        "Охват диагностикой дефицитов ниже цели",
        "Нагрузка методиста выше предельной",
        "Дефициты, которые не закрывает ни одна программа",
    ):
        assert name in page
