"""Campaigns that assign an instrument to the staff of a territory, and the attempts of people
with their answers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager, ScopedQuerySet
from profrost.registry.models import Organization, Person, not_withdrawn, person_in_scope

from .instruments import Instrument, Item


class CampaignLevel(models.TextChoices):
    REGION = "region", _("Региональная")
    MUNICIPALITY = "municipality", _("Муниципальная")
    ORGANIZATION = "organization", _("Уровень организации")


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Запланирована")
    OPEN = "open", _("Идёт")
    CLOSED = "closed", _("Завершена")


class CampaignQuerySet(ScopedQuerySet):
    def open_on(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class Campaign(models.Model):
    """A diagnostic campaign: an instrument given to the people of a scope within a period.

    The target is the region, a municipality or an organization by `level`; the region (and the
    municipality for an organization) is stored too, so that scope filters stay simple.
    """

    title = models.CharField(_("Название"), max_length=300)
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("Инструмент"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    level = models.CharField(_("Уровень"), max_length=16, choices=CampaignLevel.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("Регион"), on_delete=models.PROTECT
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    starts_on = models.DateField(_("Начало"))
    ends_on = models.DateField(_("Окончание"))
    positions = models.ManyToManyField(
        "registry.Position",
        verbose_name=_("Должности"),
        blank=True,
        help_text=_("Пусто — должности из аудитории инструмента или все педагогические."),
    )
    subjects = models.ManyToManyField(
        "registry.Subject",
        verbose_name=_("Предметы"),
        blank=True,
        help_text=_("Пусто — без ограничения по предметам."),
    )
    young_only = models.BooleanField(
        _("Только молодые специалисты"),
        default=False,
        help_text=_("До 35 лет в первые 3 года педагогической деятельности."),
    )
    description = models.TextField(_("Описание"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("Диагностическая кампания")
        verbose_name_plural = _("Диагностические кампании")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="diagnostics_campaign_dates",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("diagnostics:campaign_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """A campaign is seen by who holds its target, and by whoever sees someone it covers."""
        covered = Attempt.objects.filter(Attempt.scope_filter(scope)).values("campaign_id")
        return cls.change_filter(scope) | Q(pk__in=covered)

    @classmethod
    def change_filter(cls, scope):
        below_region = Q(level__in=[CampaignLevel.MUNICIPALITY, CampaignLevel.ORGANIZATION])
        return (
            scope.q(region="region")
            | (below_region & scope.q(municipality="municipality"))
            | (Q(level=CampaignLevel.ORGANIZATION) & scope.q(organization="organization"))
        )

    @property
    def target(self):
        return self.organization or self.municipality or self.region

    def status_on(self, on=None):
        on = on or timezone.localdate()
        if on < self.starts_on:
            return CampaignStatus.PLANNED
        if on > self.ends_on:
            return CampaignStatus.CLOSED
        return CampaignStatus.OPEN

    @property
    def status(self):
        return self.status_on()

    @property
    def is_open(self):
        return self.status == CampaignStatus.OPEN

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})
        if self.level == CampaignLevel.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": _("Укажите муниципалитет.")})
        if self.level == CampaignLevel.ORGANIZATION and not self.organization_id:
            raise ValidationError({"organization": _("Укажите организацию.")})


class AttemptStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Назначена")
    IN_PROGRESS = "in_progress", _("Начата")
    SUBMITTED = "submitted", _("Завершена")


class Attempt(models.Model):
    """A person's pass of a campaign's instrument. Submitted once; answers are saved as they go."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("Кампания"), on_delete=models.CASCADE, related_name="attempts"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="attempts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Основное место работы на момент назначения."),
    )
    status = models.CharField(
        _("Статус"), max_length=12, choices=AttemptStatus.choices, default=AttemptStatus.ASSIGNED
    )
    started_at = models.DateTimeField(_("Начата"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("Завершена"), null=True, blank=True)
    created = models.DateTimeField(_("Назначена"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Прохождение диагностики")
        verbose_name_plural = _("Прохождения диагностики")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="diagnostics_attempt_once")
        ]

    def __str__(self):
        return f"{self.person}: {self.campaign}"

    def get_absolute_url(self):
        return reverse("diagnostics:attempt_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    @property
    def is_submitted(self):
        return self.status == AttemptStatus.SUBMITTED


class Answer(models.Model):
    """The current answer to one item in one attempt; rewritten while the attempt is open."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    options = models.JSONField(_("Выбранные варианты"), default=list, blank=True)
    number = models.DecimalField(_("Число"), max_digits=12, decimal_places=3, null=True, blank=True)
    text = models.TextField(_("Ответ"), blank=True)
    updated = models.DateTimeField(_("Сохранён"), auto_now=True)

    class Meta:
        verbose_name = _("Ответ")
        verbose_name_plural = _("Ответы")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "item"], name="diagnostics_answer_once")
        ]

    def __str__(self):
        return f"{self.attempt_id}/{self.item_id}"
