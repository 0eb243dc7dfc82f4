"""Monitoring periods and the stored values of every indicator for every scope.

The indicators themselves are code (`indicators/`); a computed period keeps numerator,
denominator and value per indicator and scope, so that history stays as it was computed until a
recompute, which is explicit and logged.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Municipality, Organization, Region


class ScopeLevel(models.TextChoices):
    REGION = "region", _("Регион")
    MUNICIPALITY = "municipality", _("Муниципалитет")
    ORGANIZATION = "organization", _("Организация")


def scope_key(level, pk):
    return f"{level}:{pk}"


class PeriodStatus(models.TextChoices):
    NEW = "new", _("Не рассчитан")
    COMPUTING = "computing", _("Рассчитывается")
    COMPUTED = "computed", _("Рассчитан")
    FAILED = "failed", _("Ошибка расчёта")


class LevelScoped:
    """Rows of the region or of a municipality (`level`, `region`, `municipality`): seen by who
    holds the region or the municipality, and by the organizations inside; changed by who holds
    the region, or the municipality for a municipal row."""

    @classmethod
    def scope_filter(cls, scope):
        """Seen by who holds the region or the municipality, and by the organizations inside."""
        organizations = Organization.objects.filter(Organization.scope_filter(scope))
        return (
            scope.q(region="region")
            | (Q(level=ScopeLevel.MUNICIPALITY) & scope.q(municipality="municipality"))
            | Q(level=ScopeLevel.REGION, region__in=organizations.values("municipality__region"))
            | Q(
                level=ScopeLevel.MUNICIPALITY,
                municipality__in=organizations.values("municipality"),
            )
        )

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region") | (
            Q(level=ScopeLevel.MUNICIPALITY) & scope.q(municipality="municipality")
        )


class MonitoringPeriod(LevelScoped, models.Model):
    """A monitoring period of a region or of a municipality (at least two a year, seed 003 7.2).

    Computing a region's period stores values for the region, each of its municipalities and
    each organization; a municipality's period for the municipality and its organizations.
    """

    title = models.CharField(_("Название"), max_length=200)
    level = models.CharField(
        _("Уровень"),
        max_length=12,
        choices=[c for c in ScopeLevel.choices if c[0] != ScopeLevel.ORGANIZATION],
    )
    region = models.ForeignKey(Region, verbose_name=_("Регион"), on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    starts_on = models.DateField(_("Начало периода"))
    ends_on = models.DateField(_("Окончание периода"))
    status = models.CharField(
        _("Состояние"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.NEW
    )
    computed_at = models.DateTimeField(_("Рассчитан"), null=True, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто рассчитал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job = models.ForeignKey(
        "core.Job",
        verbose_name=_("Задача расчёта"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Период мониторинга")
        verbose_name_plural = _("Периоды мониторинга")
        ordering = ["-ends_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="monitoring_period_dates"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:period_detail", args=[self.pk])

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})
        if self.level == ScopeLevel.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": _("Укажите муниципалитет.")})
        if self.municipality_id and self.municipality.region_id != self.region_id:
            raise ValidationError({"municipality": _("Муниципалитет из другого региона.")})

    @property
    def is_computed(self):
        return self.status == PeriodStatus.COMPUTED


class IndicatorValue(models.Model):
    """One indicator for one scope in one period, as computed; kept for history."""

    period = models.ForeignKey(
        MonitoringPeriod, verbose_name=_("Период"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.CharField(_("Показатель"), max_length=60, db_index=True)
    level = models.CharField(_("Уровень"), max_length=12, choices=ScopeLevel.choices)
    scope_key = models.CharField(_("Ключ области"), max_length=40)
    region = models.ForeignKey(
        Region, verbose_name=_("Регион"), null=True, blank=True, on_delete=models.CASCADE
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    numerator = models.DecimalField(_("Числитель"), max_digits=14, decimal_places=2)
    denominator = models.DecimalField(
        _("Знаменатель"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    value = models.DecimalField(
        _("Значение"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField(_("Рассчитано"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Значение показателя")
        verbose_name_plural = _("Значения показателей")
        ordering = ["period", "indicator", "level", "scope_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator", "scope_key"], name="monitoring_value_once"
            )
        ]
        indexes = [models.Index(fields=["indicator", "level"])]

    def __str__(self):
        return f"{self.indicator} {self.scope_key}: {self.value}"

    @classmethod
    def scope_filter(cls, scope):
        organizations = Organization.objects.filter(Organization.scope_filter(scope))
        return (
            scope.q(
                region="region",
                municipality="municipality",
                organization="organization",
            )
            | scope.q(region="municipality__region")
            | scope.q(region="organization__municipality__region")
            | scope.q(municipality="organization__municipality")
            | Q(organization__in=organizations.values("pk"))
        )
