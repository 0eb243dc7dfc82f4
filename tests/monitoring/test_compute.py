from datetime import date
from decimal import Decimal

import pytest

from profrost.core.models import AuditEntry, Job, JobStatus
from profrost.core.roles import Role
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import ResultSource
from profrost.monitoring import services
from profrost.monitoring.models import IndicatorValue, MonitoringPeriod, PeriodStatus
from tests import factories

D = Decimal


@pytest.fixture
def period(two_orgs, region):
    return MonitoringPeriod.objects.create(
        title="2026, первое полугодие",
        level="region",
        region=region,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )


def diagnose(person, day):
    competence = factories.CompetenceFactory(code="M.1")
    diagnostics.record_result(
        person=person,
        competence_id=competence.pk,
        measured_on=day,
        score=D(1),
        max_score=D(2),
        level="partial",
        source=ResultSource.IMPORT,
        source_title="Федеральная диагностика",
    )


def stored(period, indicator):
    return {
        value.scope_key: (value.numerator, value.denominator, value.value)
        for value in IndicatorValue.objects.filter(period=period, indicator=indicator)
    }


def test_compute_period_diagnosed_share_by_level(period, two_orgs, region):
    diagnose(two_orgs["person_a"], date(2026, 3, 1))
    diagnose(two_orgs["person_b"], date(2025, 12, 31))  # before the period: not counted
    services.compute_period(period, by=None)
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    mun_a, mun_b = two_orgs["mun_a"], two_orgs["mun_b"]
    assert stored(period, "diagnosed_share") == {
        f"organization:{org_a.pk}": (D(1), D(1), D(100)),
        f"organization:{org_b.pk}": (D(0), D(1), D(0)),
        f"municipality:{mun_a.pk}": (D(1), D(1), D(100)),
        f"municipality:{mun_b.pk}": (D(0), D(1), D(0)),
        f"region:{region.pk}": (D(1), D(2), D(50)),
    }


def test_compute_period_recompute_on_unchanged_data_is_identical(period, two_orgs):
    diagnose(two_orgs["person_a"], date(2026, 3, 1))
    services.compute_period(period, by=None)
    first = {
        k: v
        for code in ("diagnosed_share", "staffing_needs")
        for k, v in stored(period, code).items()
    }
    services.compute_period(period, by=None)
    again = {
        k: v
        for code in ("diagnosed_share", "staffing_needs")
        for k, v in stored(period, code).items()
    }
    assert first == again
    assert AuditEntry.objects.filter(action="monitoring.period.recomputed").count() == 1


def test_compute_period_later_data_changes_nothing_until_recompute(period, two_orgs, region):
    services.compute_period(period, by=None)
    diagnose(two_orgs["person_b"], date(2026, 5, 1))
    assert stored(period, "diagnosed_share")[f"region:{region.pk}"] == (D(0), D(2), D(0))
    services.compute_period(period, by=None)
    assert stored(period, "diagnosed_share")[f"region:{region.pk}"] == (D(1), D(2), D(50))


def test_compute_period_municipal_period_covers_only_its_municipality(two_orgs, region):
    period = MonitoringPeriod.objects.create(
        title="Город А, 2026",
        level="municipality",
        region=region,
        municipality=two_orgs["mun_a"],
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    services.compute_period(period, by=None)
    keys = set(stored(period, "diagnosed_share"))
    assert keys == {
        f"municipality:{two_orgs['mun_a'].pk}",
        f"organization:{two_orgs['org_a'].pk}",
    }


def test_compute_period_share_without_denominator_is_empty(period, two_orgs, region):
    services.compute_period(period, by=None)
    young = stored(period, "young_supported_share")
    # The fixture's teachers were born in 1980 and started in 2003: nobody is young.
    assert young[f"region:{region.pk}"] == (D(0), D(0), None)


def test_start_computation_runs_as_a_job_with_progress(
    period, region, django_capture_on_commit_callbacks
):
    user = factories.user_with_role(Role.REGIONAL_METHODIST, region)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_computation(period, by=user)
    job.refresh_from_db()
    period.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.DONE, 100)
    assert job.result_url == f"/monitoring/periods/{period.pk}/"
    assert period.status == PeriodStatus.COMPUTED
    assert period.computed_by == user


def test_job_status_page_is_for_its_owner_only(client, region):
    owner = factories.user_with_role(Role.REGIONAL_METHODIST, region)
    other = factories.user_with_role(Role.REGIONAL_METHODIST, region)
    job = Job.objects.create(kind="test", title="Расчёт", user=owner)
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.force_login(owner)
    response = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'hx-trigger="every 1s"' in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_start_computation_outside_a_transaction_ends_computed(two_orgs, region):
    # Without a broker the task runs eagerly on commit; the period must end «computed».
    period = MonitoringPeriod.objects.create(
        title="Полугодие",
        level="region",
        region=region,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    user = factories.user_with_role(Role.REGIONAL_METHODIST, region)
    services.start_computation(period, by=user)
    period.refresh_from_db()
    assert period.status == PeriodStatus.COMPUTED
