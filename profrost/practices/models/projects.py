"""Innovation projects of organizations that hold the status of an innovation site, a resource
centre or an internship site, with yearly reports and their effect (seed 001 §3 block 2,
seed 003 «стажировочная площадка»)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedQuerySet
from profrost.registry.models import Organization, OrganizationStatusKind

from ..validators import FILE_HELP, FILE_VALIDATORS


class InnovationLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Муниципальный")
    REGIONAL = "regional", _("Региональный")
    FEDERAL = "federal", _("Федеральный")


class InnovationStatus(models.TextChoices):
    ACTIVE = "active", _("Реализуется")
    COMPLETED = "completed", _("Завершён")
    TERMINATED = "terminated", _("Прекращён досрочно")


class InnovationProjectQuerySet(ScopedQuerySet):
    def active_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(status=InnovationStatus.ACTIVE, starts_on__lte=day, ends_on__gte=day)


class InnovationProject(models.Model):
    """An innovation project of an organization as a site of a kind: its topic, period, goals
    and the document that gave the status."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        on_delete=models.PROTECT,
        related_name="innovation_projects",
    )
    site_kind = models.CharField(
        _("Статус площадки"), max_length=32, choices=OrganizationStatusKind.choices
    )
    level = models.CharField(_("Уровень"), max_length=16, choices=InnovationLevel.choices)
    title = models.CharField(_("Тема проекта"), max_length=500)
    goals = models.TextField(_("Цель и задачи"), blank=True)
    expected_results = models.TextField(_("Ожидаемые результаты"), blank=True)
    starts_on = models.DateField(_("Начало"))
    ends_on = models.DateField(_("Окончание"))
    document = models.CharField(
        _("Документ о присвоении статуса"),
        max_length=300,
        blank=True,
        help_text=_("Например: приказ управления образования от 01.09.2024 № 123."),
    )
    file = models.FileField(
        _("Файл проекта"),
        upload_to="practices/projects/%Y/",
        blank=True,
        validators=FILE_VALIDATORS,
        help_text=FILE_HELP,
    )
    status = models.CharField(
        _("Состояние"),
        max_length=16,
        choices=InnovationStatus.choices,
        default=InnovationStatus.ACTIVE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создан"), auto_now_add=True)
    updated = models.DateTimeField(_("Изменён"), auto_now=True)

    objects = InnovationProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("Инновационный проект")
        verbose_name_plural = _("Инновационные проекты")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="practices_project_dates",
                violation_error_message=_("Окончание проекта раньше его начала."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:project_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        return Q(organization__in=Organization.objects.filter(Organization.scope_filter(scope)))

    @classmethod
    def change_filter(cls, scope):
        """A municipal site is run by its municipality and the region, a regional or federal one
        by the region."""
        return scope.q(region="organization__municipality__region") | (
            Q(level=InnovationLevel.MUNICIPAL) & scope.q(municipality="organization__municipality")
        )

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание проекта раньше его начала.")})

    @property
    def last_effect_display(self):
        """The effect of the latest report, from the list's annotation `last_effect`."""
        value = getattr(self, "last_effect", None)
        return EffectLevel(value).label if value else ""

    @property
    def is_overdue(self):
        return self.status == InnovationStatus.ACTIVE and self.ends_on < timezone.localdate()


class EffectLevel(models.TextChoices):
    HIGH = "high", _("Высокий")
    MEDIUM = "medium", _("Средний")
    LOW = "low", _("Низкий")
    NONE = "none", _("Не выявлен")


class InnovationReport(models.Model):
    """A report of an innovation project for a school year, with the effect it had."""

    project = models.ForeignKey(
        InnovationProject,
        verbose_name=_("Проект"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    year = models.PositiveSmallIntegerField(
        _("Учебный год (начало)"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Например, 2024 — отчёт за 2024/2025 учебный год."),
    )
    submitted_on = models.DateField(_("Дата отчёта"), default=timezone.localdate)
    text = models.TextField(_("Выполненные работы"))
    effect = models.TextField(_("Эффект"), help_text=_("Что изменилось и чем это подтверждается."))
    effect_level = models.CharField(_("Оценка эффекта"), max_length=8, choices=EffectLevel.choices)
    file = models.FileField(
        _("Файл отчёта"),
        upload_to="practices/reports/%Y/",
        blank=True,
        validators=FILE_VALIDATORS,
        help_text=FILE_HELP,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Внёс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создан"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Отчёт инновационного проекта")
        verbose_name_plural = _("Отчёты инновационных проектов")
        ordering = ["project", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="practices_report_once_a_year",
                violation_error_message=_("Отчёт за этот учебный год уже есть."),
            )
        ]

    def __str__(self):
        return _("Отчёт за %(period)s") % {"period": self.period}

    def get_absolute_url(self):
        return self.project.get_absolute_url()

    @property
    def period(self):
        return f"{self.year}/{self.year + 1}"

    @classmethod
    def scope_filter(cls, scope):
        return Q(
            project__in=InnovationProject.objects.filter(InnovationProject.scope_filter(scope))
        )

    @classmethod
    def change_filter(cls, scope):
        """Reports are documents of the site (Perm.MANAGE_MATERIALS): kept by who runs the
        project and by the organization itself."""
        projects = InnovationProject.objects.filter(InnovationProject.change_filter(scope))
        return Q(project__in=projects.values("pk")) | scope.q(organization="project__organization")
