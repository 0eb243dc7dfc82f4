"""What the URL walk needs of recommendations and decisions: a recommendation addressed to the
organization and a decision of its municipality, both based on the period of walk.py."""

from datetime import date

from profrost.monitoring.models import ManagementDecision, Recommendation


def extend(objects, user):
    organization = objects["organization"]
    municipality = organization.municipality
    period = objects["period"]
    objects[Recommendation] = Recommendation.objects.create(
        period=period,
        indicator="young_supported_share",
        organization=organization,
        region=municipality.region,
        title=f"Наставничество: {organization.short_name}",
        text="Закрепить наставников за молодыми педагогами.",
    )
    objects[ManagementDecision] = ManagementDecision.objects.create(
        title=f"Решение по итогам мониторинга: {municipality.name}",
        measures="Провести диагностику дефицитов во всех организациях.",
        level="municipality",
        region=municipality.region,
        municipality=municipality,
        responsible_text="Методический кабинет",
        decided_on=date(2026, 7, 1),
        deadline=date(2026, 12, 31),
        indicators=["diagnosed_share"],
        based_on=period,
    )
