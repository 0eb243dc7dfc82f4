"""Expert activity of teachers, and the experts seen from it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Organization, Person, not_withdrawn, person_in_scope

from .base import Level


class ExpertKind(models.TextChoices):
    COMMISSION = "commission", _("Экспертная комиссия")
    JURY = "jury", _("Жюри конкурса")
    ATTESTATION = "attestation", _("Аттестационная экспертиза")
    PROGRAMS = "programs", _("Экспертиза программ")
    PRACTICES = "practices", _("Экспертиза практик")
    OTHER = "other", _("Иная экспертная деятельность")


class ExpertActivity(models.Model):
    """A person's work as an expert: a commission, a jury, attestation or program expertise, in
    a direction (a subject or an area), for a period. Together these rows are the database of
    experts by direction (seed 001 §4)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("Работник"),
        on_delete=models.CASCADE,
        related_name="expert_activities",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Основное место работы на момент включения в состав."),
    )
    kind = models.CharField(
        _("Вид экспертной деятельности"), max_length=12, choices=ExpertKind.choices
    )
    direction = models.CharField(
        _("Направление"), max_length=200, help_text=_("Предмет или область экспертизы.")
    )
    body = models.CharField(
        _("Комиссия, жюри"), max_length=300, help_text=_("В составе какого органа или конкурса.")
    )
    level = models.CharField(_("Уровень"), max_length=16, choices=Level.choices)
    started_on = models.DateField(_("С"))
    ended_on = models.DateField(_("По"), null=True, blank=True)
    document = models.CharField(
        _("Основание"), max_length=300, blank=True, help_text=_("Приказ о составе, номер и дата.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Внёс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Внесено"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Экспертная деятельность")
        verbose_name_plural = _("Экспертная деятельность")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="achievements_expert_dates",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}, {self.direction}"

    def get_absolute_url(self):
        return reverse("achievements:expert_activity_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("Дата окончания раньше даты начала.")})


class Expert(Person):
    """A person seen from the database of experts: the same row, linked to the portfolio."""

    class Meta:
        proxy = True
        verbose_name = _("Эксперт")
        verbose_name_plural = _("Эксперты")

    def get_absolute_url(self):
        return reverse("achievements:portfolio", args=[self.pk])

    def _activity_values(self, getter):
        seen = []
        activities = (
            self.activities if hasattr(self, "activities") else self.expert_activities.all()
        )
        for activity in activities:
            value = getter(activity)
            if value not in seen:
                seen.append(value)
        return ", ".join(str(value) for value in seen)

    @property
    def directions(self):
        return self._activity_values(lambda activity: activity.direction)

    @property
    def kinds(self):
        return self._activity_values(lambda activity: activity.get_kind_display())

    @property
    def levels(self):
        return self._activity_values(lambda activity: activity.get_level_display())

    @property
    def bodies(self):
        return self._activity_values(lambda activity: activity.body)
