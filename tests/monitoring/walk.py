"""What the project-wide URL walk needs of monitoring: a municipal period of the organization's
municipality (for organization B: «Район Б»), computed."""

import importlib
import importlib.util
from datetime import date

from profrost.monitoring import services
from profrost.monitoring.models import MonitoringPeriod


def extend(objects, user):
    municipality = objects["organization"].municipality
    period = MonitoringPeriod.objects.create(
        title=f"Мониторинг {municipality.name}",
        level="municipality",
        region=municipality.region,
        municipality=municipality,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 6, 30),
    )
    services.compute_period(period, by=None)
    objects[MonitoringPeriod] = period
    objects["period"] = period
    for part in ("walk_analysis", "walk_actions"):
        if importlib.util.find_spec(f"tests.monitoring.{part}"):
            importlib.import_module(f"tests.monitoring.{part}").extend(objects, user)
