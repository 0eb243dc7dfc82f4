"""Computing a monitoring period: every indicator for every scope, stored with numerator and
denominator. Recomputing replaces the period's values in one transaction and is logged."""

from django.db import transaction
from django.utils import timezone

from profrost.core import audit, jobs
from profrost.core.services import actor
from profrost.registry.models import Municipality, Organization

from ..indicators import REGISTRY
from ..models import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel, scope_key
from .notices import period_computed


def period_scopes(period):
    """(level, id, region id, municipality id, organization id) of every scope of the period."""
    if period.level == ScopeLevel.MUNICIPALITY:
        municipalities = Municipality.objects.filter(pk=period.municipality_id)
        scopes = []
    else:
        municipalities = Municipality.objects.filter(region=period.region_id)
        scopes = [(ScopeLevel.REGION, period.region_id, period.region_id, None, None)]
    for pk in municipalities.values_list("pk", flat=True):
        scopes.append((ScopeLevel.MUNICIPALITY, pk, None, pk, None))
    organizations = Organization.objects.filter(municipality__in=municipalities)
    for pk in organizations.values_list("pk", flat=True):
        scopes.append((ScopeLevel.ORGANIZATION, pk, None, None, pk))
    return scopes


def indicator_values(indicator, period, scopes, now):
    values = []
    for level in indicator.levels:
        numerators = indicator.numerator.aggregate(period, level)
        denominators = (
            indicator.denominator.aggregate(period, level) if indicator.denominator else {}
        )
        for scope_level, pk, region, municipality, organization in scopes:
            if scope_level != level:
                continue
            numerator = numerators.get(pk, 0)
            denominator = denominators.get(pk, 0) if indicator.denominator else None
            values.append(
                IndicatorValue(
                    period=period,
                    indicator=indicator.code,
                    level=level,
                    scope_key=scope_key(level, pk),
                    region_id=region,
                    municipality_id=municipality,
                    organization_id=organization,
                    numerator=numerator,
                    denominator=denominator,
                    value=indicator.value(numerator, denominator),
                    computed_at=now,
                )
            )
    return values


def compute_period(period, *, by, job_id=None):
    """Stores every indicator of the registry for every scope of the period."""
    with transaction.atomic():
        period = MonitoringPeriod.objects.select_for_update().get(pk=period.pk)
        recompute = period.values.exists()
        period.values.all().delete()
        scopes = period_scopes(period)
        now = timezone.now()
        indicators = list(REGISTRY.values())
        for number, indicator in enumerate(indicators, start=1):
            IndicatorValue.objects.bulk_create(indicator_values(indicator, period, scopes, now))
            if job_id:
                jobs.progress(job_id, number, len(indicators), str(indicator.name))
        period.status = PeriodStatus.COMPUTED
        period.computed_at = now
        period.computed_by = actor(by)
        period.save(update_fields=["status", "computed_at", "computed_by"])
        audit.log(
            by,
            "monitoring.period.recomputed" if recompute else "monitoring.period.computed",
            period,
            indicators=len(indicators),
            scopes=len(scopes),
        )
        period_computed(period, by)
    return period
