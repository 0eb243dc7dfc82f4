"""Individual educational routes (ИОМ) and their statuses."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.methodists.models import MethodistAssignment
from profrost.registry.models import Person, not_withdrawn, person_in_scope


class RouteStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    AGREED = "agreed", _("Согласован")
    IN_PROGRESS = "in_progress", _("Выполняется")
    COMPLETED = "completed", _("Завершён")
    CANCELLED = "cancelled", _("Отменён")


# A route still to be followed: one per person and period (services.common.check_one_per_period).
OPEN_STATUSES = (RouteStatus.DRAFT, RouteStatus.AGREED, RouteStatus.IN_PROGRESS)


class Route(models.Model):
    """An individual educational route (ИОМ, seed 003 1.3): activities that address a person's
    deficits, accompanied by a tutor with checkpoints.

    `deficit_snapshot` keeps the deficit map the route was built from, one entry per open
    deficit: {"deficit", "competence", "code", "name", "level", "percent", "found_on", "note"};
    `note` is the methodist's explanation for a deficit that no item addresses.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="routes"
    )
    title = models.CharField(_("Название"), max_length=300)
    starts_on = models.DateField(_("Начало"))
    ends_on = models.DateField(_("Окончание"))
    status = models.CharField(
        _("Статус"), max_length=12, choices=RouteStatus.choices, default=RouteStatus.DRAFT
    )
    tutor = models.ForeignKey(
        Person,
        verbose_name=_("Тьютор (методист)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tutored_routes",
    )
    hours_budget = models.PositiveIntegerField(
        _("Бюджет часов"), default=72, validators=[MinValueValidator(1)]
    )
    deficit_snapshot = models.JSONField(_("Дефициты при построении"), default=list, blank=True)
    goal = models.TextField(_("Цель маршрута"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Составил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создан"), auto_now_add=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Согласовал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_on = models.DateField(_("Согласован"), null=True, blank=True)
    completed_on = models.DateField(_("Завершён"), null=True, blank=True)
    cancel_reason = models.TextField(_("Причина отмены"), blank=True)
    rediagnosis_attempt = models.ForeignKey(
        "diagnostics.Attempt",
        verbose_name=_("Повторная диагностика"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Индивидуальный образовательный маршрут")
        verbose_name_plural = _("Индивидуальные образовательные маршруты")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="routes_route_dates"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routes:route_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        """The people in scope; for a person-level scope also the routes they tutor and those
        of the people assigned to them as a methodist of the regional asset."""
        query = person_in_scope(scope) | scope.q(person="tutor")
        if scope.person_ids:
            today = timezone.localdate()
            assigned = MethodistAssignment.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today),
                methodist__person__in=scope.person_ids,
                starts_on__lte=today,
            )
            query |= Q(person__in=assigned.values("person_id"))
        return query

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})
        if self.tutor_id and self.tutor_id == self.person_id:
            raise ValidationError({"tutor": _("Тьютор не может сопровождать сам себя.")})
