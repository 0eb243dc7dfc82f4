from datetime import date
from decimal import Decimal

from django.utils import timezone

from profrost.monitoring import selectors
from profrost.monitoring.models import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel


def computed(region, starts_on, ends_on, numerator):
    period = MonitoringPeriod.objects.create(
        title=f"{starts_on:%Y-%m}",
        level=ScopeLevel.REGION,
        region=region,
        starts_on=starts_on,
        ends_on=ends_on,
        status=PeriodStatus.COMPUTED,
    )
    IndicatorValue.objects.create(
        period=period,
        indicator="events_count",
        level=ScopeLevel.REGION,
        scope_key=f"region:{region.pk}",
        region=region,
        numerator=Decimal(numerator),
        value=Decimal(numerator),
        computed_at=timezone.now(),
    )
    return period


def test_dashboard_opens_on_the_latest_period_with_data(region, regional_admin):
    earlier = computed(region, date(2026, 1, 1), date(2026, 6, 30), 4)
    computed(region, date(2026, 7, 1), date(2026, 7, 2), 0)  # just begun: all zeros
    assert selectors.period_or_none(regional_admin, None) == earlier


def test_dashboard_opens_on_the_latest_period_when_none_has_data(region, regional_admin):
    computed(region, date(2026, 1, 1), date(2026, 6, 30), 0)
    latest = computed(region, date(2026, 7, 1), date(2026, 7, 2), 0)
    assert selectors.period_or_none(regional_admin, None) == latest
    assert selectors.period_or_none(regional_admin, "") == latest
