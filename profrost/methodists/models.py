"""The regional methodical asset (seed 003 3.2.3.21) and the assignment of teachers to its
methodists. The models came from `routes` and keep its tables, constraint names and audit codes
(`routes.methodist.<verb>`)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Municipality, Person, Region, not_withdrawn, person_in_scope

# Seed 003 6.2.5: no more than 250 teachers per regional methodist.
METHODIST_LOAD_CAP = 250


class Methodist(models.Model):
    """A member of the regional methodical asset (seed 003 3.2.3.21)."""

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="methodist"
    )
    region = models.ForeignKey(Region, verbose_name=_("Регион"), on_delete=models.PROTECT)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Где работает с педагогами; пусто — по всему региону."),
    )
    subjects = models.ManyToManyField("registry.Subject", verbose_name=_("Предметы"), blank=True)
    directions = models.CharField(_("Направления работы"), max_length=500, blank=True)
    included_on = models.DateField(_("Включён в актив"))
    document = models.CharField(_("Основание (приказ)"), max_length=200, blank=True)
    excluded_on = models.DateField(_("Исключён"), null=True, blank=True)
    load_cap = models.PositiveIntegerField(
        _("Предельная нагрузка"), default=METHODIST_LOAD_CAP, validators=[MinValueValidator(1)]
    )

    objects = ScopedManager()
    # The audit codes the asset had in routes, kept for the journal (core.views reads it).
    audit_label = "routes.methodist"

    class Meta:
        verbose_name = _("Методист регионального методического актива")
        verbose_name_plural = _("Региональный методический актив")
        db_table = "routes_methodist"
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "region"],
                condition=Q(excluded_on__isnull=True),
                name="routes_methodist_once",
            )
        ]

    def __str__(self):
        return str(self.person)

    def get_absolute_url(self):
        return reverse("methodists:methodist_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return scope.q(region="region", municipality="municipality", person="person") | Q(
            municipality__isnull=True,
            region__in=Region.objects.filter(Region.scope_filter(scope)).values("pk"),
        )

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region")


class MethodistAssignment(models.Model):
    """A teacher assigned to a methodist of the asset, from a date until another one."""

    methodist = models.ForeignKey(
        Methodist,
        verbose_name=_("Методист"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Педагог"),
        on_delete=models.PROTECT,
        related_name="methodist_assignments",
    )
    starts_on = models.DateField(_("С"), default=timezone.localdate)
    ends_on = models.DateField(_("По"), null=True, blank=True)

    objects = ScopedManager()
    audit_label = "routes.methodistassignment"

    class Meta:
        verbose_name = _("Закрепление за методистом")
        verbose_name_plural = _("Закрепления за методистами")
        db_table = "routes_methodistassignment"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ends_on__isnull=True),
                name="routes_one_active_methodist",
            )
        ]

    def __str__(self):
        return f"{self.person} → {self.methodist}"

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope) | scope.q(person="methodist__person")
