"""Staffing needs: the vacancies of organizations by position and subject.

A vacancy is open while it has no closing date; it is closed by hiring someone or by cancelling
it. The retirement forecast needs no table of its own: it is computed from the registry.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedQuerySet
from profrost.registry.models import Employment

MAX_WEEKLY_HOURS = Decimal(40)


def hours_text(hours):
    """18.0 → «18», 4.5 → «4,5»."""
    if hours is None:
        return ""
    return f"{Decimal(hours).normalize():f}".replace(".", ",")


class Closure(models.TextChoices):
    HIRED = "hired", _("Принят работник")
    CANCELLED = "cancelled", _("Вакансия отменена")


class VacancyQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def open_on(self, day):
        """Opened by `day` and not yet closed on it: the closing day no longer counts."""
        return self.filter(Q(opened_on__lte=day), Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class Vacancy(models.Model):
    """A vacant place of an organization: a position, a subject, the weekly load, its dates."""

    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        on_delete=models.CASCADE,
        related_name="vacancies",
    )
    position = models.ForeignKey(
        "registry.Position", verbose_name=_("Должность"), on_delete=models.PROTECT
    )
    subject = models.ForeignKey(
        "registry.Subject",
        verbose_name=_("Предмет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Для учителей и преподавателей; пусто — без предмета."),
    )
    hours = models.DecimalField(
        _("Нагрузка, часов в неделю"),
        max_digits=4,
        decimal_places=1,
        help_text=_("Учебная нагрузка: ставка учителя — 18 часов, воспитателя — 36."),
    )
    opened_on = models.DateField(_("Открыта"))
    closed_on = models.DateField(_("Закрыта"), null=True, blank=True)
    closure = models.CharField(_("Как закрыта"), max_length=16, choices=Closure.choices, blank=True)
    hired_person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("Принятый работник"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact = models.CharField(
        _("Контакт"), max_length=300, blank=True, help_text=_("Кому звонить или писать.")
    )
    notes = models.TextField(_("Примечание"), blank=True)
    created = models.DateTimeField(_("Создана"), auto_now_add=True)

    objects = VacancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("Вакансия")
        verbose_name_plural = _("Вакансии")
        ordering = ["-opened_on", "pk"]
        indexes = [models.Index(fields=["organization", "closed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_WEEKLY_HOURS),
                name="staffing_vacancy_hours",
                violation_error_message=_("Нагрузка должна быть больше 0 и не больше 40 часов."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="staffing_vacancy_dates",
                violation_error_message=_("Дата закрытия раньше даты открытия."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, closure="")
                | (Q(closed_on__isnull=False) & ~Q(closure="")),
                name="staffing_vacancy_closure",
                violation_error_message=_(
                    "У закрытой вакансии должны быть дата и способ закрытия."
                ),
            ),
        ]

    def __str__(self):
        subject = f" ({self.subject})" if self.subject_id else ""
        return f"{self.position}{subject}, {self.organization}"

    def get_absolute_url(self):
        return reverse("staffing:vacancy_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        # A teacher's own-person scope reaches no vacancy: vacancies are the managers' business.
        return scope.q(
            region="organization__municipality__region",
            municipality="organization__municipality",
            organization="organization",
        )

    @property
    def is_open(self):
        return self.closed_on is None

    @property
    def state_display(self):
        return _("Открыта") if self.is_open else self.get_closure_display()

    @property
    def hours_display(self):
        return hours_text(self.hours)

    def clean(self):
        errors = {}
        if self.hours is not None:
            if self.hours <= 0:
                errors["hours"] = _("Нагрузка должна быть больше нуля.")
            elif self.hours > MAX_WEEKLY_HOURS:
                errors["hours"] = _("Нагрузка не может быть больше 40 часов в неделю.")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("Дата закрытия раньше даты открытия.")
        elif self.closed_on and self.closed_on > timezone.localdate():
            errors["closed_on"] = _("Дата закрытия не может быть в будущем.")
        if self.closed_on and not self.closure:
            errors["closure"] = _("Укажите, как закрыта вакансия.")
        if self.closure and not self.closed_on:
            errors["closed_on"] = _("Укажите дату закрытия.")
        errors.update(self._hired_person_errors())
        if errors:
            raise ValidationError(errors)

    def _hired_person_errors(self):
        if not self.hired_person_id:
            return {}
        if self.closure != Closure.HIRED:
            return {
                "hired_person": _(
                    "Принятого работника указывают, только если вакансия закрыта приёмом."
                )
            }
        if not self.organization_id:
            return {}
        employed = Employment.objects.filter(
            person_id=self.hired_person_id, organization_id=self.organization_id
        )
        if not employed.exists():
            return {
                "hired_person": _(
                    "Работник не числится в этой организации: сначала добавьте ему место работы."
                )
            }
        return {}
