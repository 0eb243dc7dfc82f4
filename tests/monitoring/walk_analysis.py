"""What the URL walk needs of the analysis pages: targets of the organization's region for its
municipality and for the organization itself (for organization B: «Район Б», «Школа Б»)."""

from decimal import Decimal

from profrost.monitoring.models import Target


def extend(objects, user):
    organization = objects["organization"]
    municipality = organization.municipality
    Target.objects.create(
        indicator="diagnosed_share",
        year=objects["period"].ends_on.year,
        region=municipality.region,
        municipality=municipality,
        value=Decimal(25),
    )
    objects[Target] = Target.objects.create(
        indicator="diagnosed_share",
        year=objects["period"].ends_on.year,
        region=municipality.region,
        organization=organization,
        value=Decimal(30),
    )
