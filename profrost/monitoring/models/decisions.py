"""Management decisions (управленческие решения) of a region or a municipality: stage 7 of the
management cycle of seed 001 §4. A decision names the indicators it aims to move; its page
reads their stored values in the period it was based on and in the next computed one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Municipality, Person, Region

from .periods import LevelScoped, MonitoringPeriod, ScopeLevel


class DecisionStatus(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    IN_PROGRESS = "in_progress", _("Выполняется")
    DONE = "done", _("Выполнено")
    CANCELLED = "cancelled", _("Отменено")


class ManagementDecision(LevelScoped, models.Model):
    """A management decision of a region or a municipality: measures, who answers for them and
    by when, and the indicators they aim to move, read before and after in stored periods."""

    title = models.CharField(_("Решение"), max_length=300)
    measures = models.TextField(_("Меры"))
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
    responsible_person = models.ForeignKey(
        Person,
        verbose_name=_("Ответственный (работник)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_text = models.CharField(
        _("Ответственный (должность, подразделение)"), max_length=300, blank=True
    )
    deadline = models.DateField(_("Срок исполнения"))
    status = models.CharField(
        _("Статус"),
        max_length=12,
        choices=DecisionStatus.choices,
        default=DecisionStatus.PLANNED,
    )
    decided_on = models.DateField(_("Дата решения"))
    document_number = models.CharField(_("Номер документа (приказа)"), max_length=100, blank=True)
    indicators = models.JSONField(_("Показатели, на которые направлено"), default=list, blank=True)
    based_on = models.ForeignKey(
        MonitoringPeriod,
        verbose_name=_("По итогам периода"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    result = models.TextField(_("Результат исполнения"), blank=True)
    done_on = models.DateField(_("Дата исполнения"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создано"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Управленческое решение")
        verbose_name_plural = _("Управленческие решения")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("decided_on")),
                name="monitoring_decision_dates",
                violation_error_message=_("Срок исполнения раньше даты решения."),
            ),
            models.CheckConstraint(
                condition=Q(level=ScopeLevel.REGION, municipality__isnull=True)
                | Q(level=ScopeLevel.MUNICIPALITY, municipality__isnull=False),
                name="monitoring_decision_level",
                violation_error_message=_(
                    "Решение муниципалитета указывает муниципалитет, решение региона — нет."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:decision_detail", args=[self.pk])

    @property
    def scope_name(self):
        return self.municipality.name if self.municipality_id else self.region.name

    @property
    def scope_key(self):
        if self.level == ScopeLevel.MUNICIPALITY:
            return f"{ScopeLevel.MUNICIPALITY}:{self.municipality_id}"
        return f"{ScopeLevel.REGION}:{self.region_id}"

    @property
    def responsible(self):
        parts = [str(self.responsible_person or ""), self.responsible_text]
        return ", ".join(part for part in parts if part)

    @property
    def is_finished(self):
        return self.status in (DecisionStatus.DONE, DecisionStatus.CANCELLED)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return not self.is_finished and self.deadline < today
