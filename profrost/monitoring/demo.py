"""Demo monitoring: the region's two periods of the last full half-years, computed, so that the
dashboard shows values, lights and a trend from the first login. Runs after every other builder:
the indicators read their data."""

from datetime import date

from django.utils.translation import gettext as _

from . import services
from .models import MonitoringPeriod, ScopeLevel


def half_years_before(today, count=2):
    """The last `count` half-years that ended before `today`, oldest first."""
    periods = []
    year, first_half = (today.year, True) if today.month > 6 else (today.year - 1, False)
    for _number in range(count):
        if first_half:
            periods.append((date(year, 1, 1), date(year, 6, 30)))
            year, first_half = year - 1, False
        else:
            periods.append((date(year, 7, 1), date(year, 12, 31)))
            first_half = True
    return list(reversed(periods))


def build_demo_monitoring(context):
    region = context.region
    for starts_on, ends_on in half_years_before(context.today):
        half = _("первое полугодие") if starts_on.month == 1 else _("второе полугодие")
        period = MonitoringPeriod.objects.create(
            title=f"{region.name}: {starts_on.year}, {half}",
            level=ScopeLevel.REGION,
            region=region,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        services.compute_period(period, by=None)
    context.summary[_("Периоды мониторинга (рассчитаны)")] = MonitoringPeriod.objects.count()
