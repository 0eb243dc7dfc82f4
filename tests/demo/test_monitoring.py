from datetime import date

from django.core.management import call_command

from profrost.demo.monitoring import demo_periods, half_years_before
from profrost.monitoring.models import IndicatorValue, MonitoringPeriod, PeriodStatus


def test_half_years_before_takes_the_last_two_finished_halves():
    assert half_years_before(date(2026, 11, 23)) == [
        (date(2025, 7, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 6, 30)),
    ]
    assert half_years_before(date(2026, 3, 2)) == [
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 12, 31)),
    ]


def test_demo_periods_take_the_current_half_year_once_two_thirds_have_passed():
    assert demo_periods(date(2026, 10, 28))[-1] == (date(2026, 1, 1), date(2026, 6, 30), False)
    assert demo_periods(date(2026, 10, 29))[-1] == (date(2026, 7, 1), date(2026, 10, 29), True)


def test_demo_monitoring_computes_the_periods_of_the_region(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.diagnostics.build_demo_diagnostics",
        "profrost.demo.monitoring.build_demo_monitoring",
    ]
    call_command("seed_demo", teachers=100, today="23.11.2026", stdout=None)
    periods = list(MonitoringPeriod.objects.order_by("starts_on"))
    assert [(p.starts_on, p.ends_on, p.status) for p in periods] == [
        (date(2025, 7, 1), date(2025, 12, 31), PeriodStatus.COMPUTED),
        (date(2026, 1, 1), date(2026, 6, 30), PeriodStatus.COMPUTED),
        (date(2026, 7, 1), date(2026, 11, 23), PeriodStatus.COMPUTED),
    ]
    assert periods[2].title == "Демонстрационная область: 2026, второе полугодие (по 23.11.2026)"
    region_value = IndicatorValue.objects.get(
        period=periods[1], indicator="diagnosed_share", level="region"
    )
    assert region_value.denominator > 0
