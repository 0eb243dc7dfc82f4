"""What the models of achievements share: the levels, the year, the scope of a person's facts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.registry.models import Municipality, Organization, Region

FIRST_YEAR = 2000


def regions_in_reach(scope):
    """The regions where the scope's holder works: its own regions, those of its municipalities
    and those of the organizations it sees (a teacher: where they are employed)."""
    municipalities = Municipality.objects.filter(scope.q(municipality="pk"))
    organizations = Organization.objects.filter(Organization.scope_filter(scope))
    return Region.objects.filter(
        Q(pk__in=scope.region_ids)
        | Q(pk__in=municipalities.values("region_id"))
        | Q(pk__in=organizations.values("municipality__region_id"))
    ).values("pk")


def validate_year(value):
    latest = timezone.localdate().year + 1
    if not FIRST_YEAR <= value <= latest:
        raise ValidationError(
            _("Год должен быть от %(first)d до %(last)d.") % {"first": FIRST_YEAR, "last": latest}
        )


class Level(models.TextChoices):
    """The level of a competition or of an expert body."""

    SCHOOL = "school", _("Уровень организации")
    MUNICIPAL = "municipal", _("Муниципальный")
    REGIONAL = "regional", _("Региональный")
    FEDERAL = "federal", _("Всероссийский")
    INTERNATIONAL = "international", _("Международный")


class PublicationLevel(models.TextChoices):
    """The level of an edition (seed 001: municipal, regional, federal); values match `Level`."""

    MUNICIPAL = "municipal", _("Муниципальный")
    REGIONAL = "regional", _("Региональный")
    FEDERAL = "federal", _("Федеральный")
    INTERNATIONAL = "international", _("Международный")
