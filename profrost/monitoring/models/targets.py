"""Targets of the indicators, by year and scope; `targets.py` resolves them for the analysis."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Municipality, Organization, Region

from .periods import ScopeLevel, scope_key


class Target(models.Model):
    """The target of an indicator for a year and a scope; the seed 003 6.2 values are defaults.

    A target without a municipality and organization holds for the whole region.
    """

    indicator = models.CharField(_("Показатель"), max_length=60)
    year = models.PositiveSmallIntegerField(_("Год"))
    region = models.ForeignKey(Region, verbose_name=_("Регион"), on_delete=models.CASCADE)
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
    scope_key = models.CharField(_("Ключ области"), max_length=40, editable=False)
    value = models.DecimalField(_("Целевое значение"), max_digits=14, decimal_places=2)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Целевое значение")
        verbose_name_plural = _("Целевые значения")
        ordering = ["indicator", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "scope_key"], name="monitoring_target_once"
            )
        ]

    def save(self, *args, **kwargs):
        self.scope_key = self.compute_scope_key()
        super().save(*args, **kwargs)

    def compute_scope_key(self):
        if self.organization_id:
            return scope_key(ScopeLevel.ORGANIZATION, self.organization_id)
        if self.municipality_id:
            return scope_key(ScopeLevel.MUNICIPALITY, self.municipality_id)
        return scope_key(ScopeLevel.REGION, self.region_id)

    def __str__(self):
        return f"{self.indicator} {self.year}: {self.value}"

    @classmethod
    def scope_filter(cls, scope):
        regions = Region.objects.filter(Region.scope_filter(scope)).values("pk")
        return Q(region__in=regions)

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region")
