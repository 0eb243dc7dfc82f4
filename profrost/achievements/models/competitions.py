"""Competitions of professional mastery, their stages and the participations of teachers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.core.search import Folded, fold
from profrost.registry.models import (
    Municipality,
    Organization,
    Person,
    Region,
    not_withdrawn,
    person_in_scope,
)

from .base import Level, regions_in_reach, validate_year


class Competition(models.Model):
    """A competition of professional mastery held in a year, with its stages.

    `region` is where it is held; `municipality` and `organization` name who holds it below the
    region (the region and municipality are filled from them, so that scope filters stay simple).
    """

    title = models.CharField(_("Название"), max_length=300)
    level = models.CharField(_("Уровень"), max_length=16, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("Год"), validators=[validate_year])
    organizer = models.CharField(
        _("Организатор"),
        max_length=300,
        blank=True,
        help_text=_("Например: Министерство образования области, ЦНППМ, управление образования."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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
    created = models.DateTimeField(_("Создан"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Конкурс профессионального мастерства")
        verbose_name_plural = _("Конкурсы профессионального мастерства")
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return f"{self.title} ({self.year})"

    def get_absolute_url(self):
        return reverse("achievements:competition_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """Everybody in the region where it is held, and whoever sees one of its participants."""
        with_people = CompetitionParticipation.objects.filter(person_in_scope(scope))
        return Q(region__in=regions_in_reach(scope)) | Q(pk__in=with_people.values("competition"))

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region", municipality="municipality", organization="organization")

    @property
    def holder(self):
        return self.organization or self.municipality or self.region

    def clean(self):
        if self.level == Level.SCHOOL and not self.organization_id:
            raise ValidationError(
                {"organization": _("Для конкурса уровня организации укажите организацию.")}
            )
        if self.level == Level.MUNICIPAL and not self.municipality_id:
            raise ValidationError(
                {"municipality": _("Для муниципального конкурса укажите муниципалитет.")}
            )
        if self.title and self.year and self.region_id:
            same = (
                Competition.objects.alias(folded_title=Folded("title"))
                .filter(
                    folded_title=fold(" ".join(self.title.split())),
                    year=self.year,
                    region_id=self.region_id,
                    municipality_id=self.municipality_id,
                    organization_id=self.organization_id,
                )
                .exclude(pk=self.pk)
            )
            if same.exists():
                raise ValidationError({"title": _("Такой конкурс этого года уже есть в системе.")})


class CompetitionStage(models.Model):
    """A stage of a competition: a round (заочный, очный), a municipal or regional stage, a
    final. Participations say which stage a person reached."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("Конкурс"), on_delete=models.CASCADE, related_name="stages"
    )
    order = models.PositiveSmallIntegerField(_("Порядок"), default=1)
    title = models.CharField(_("Этап"), max_length=200)
    starts_on = models.DateField(_("Начало"), null=True, blank=True)
    ends_on = models.DateField(_("Окончание"), null=True, blank=True)

    class Meta:
        verbose_name = _("Этап конкурса")
        verbose_name_plural = _("Этапы конкурса")
        ordering = ["competition", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "title"], name="achievements_stage_title_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="achievements_stage_dates",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание этапа раньше его начала.")})


class Result(models.TextChoices):
    PARTICIPANT = "participant", _("Участник")
    LAUREATE = "laureate", _("Лауреат")
    PRIZE = "prize", _("Призёр")
    WINNER = "winner", _("Победитель")


AWARDED = (Result.LAUREATE, Result.PRIZE, Result.WINNER)


class CompetitionParticipation(models.Model):
    """A person's participation in a competition: the stage reached and the result.

    `organization` is the person's main place of work when the participation was recorded, so
    that counts «в разрезе ОО» do not move when the person moves.
    """

    competition = models.ForeignKey(
        Competition,
        verbose_name=_("Конкурс"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Работник"),
        on_delete=models.CASCADE,
        related_name="competition_participations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Основное место работы на момент участия."),
    )
    stage = models.ForeignKey(
        CompetitionStage,
        verbose_name=_("Этап, до которого дошёл участник"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    result = models.CharField(
        _("Результат"), max_length=12, choices=Result.choices, default=Result.PARTICIPANT
    )
    nomination = models.CharField(_("Номинация"), max_length=300, blank=True)
    result_date = models.DateField(_("Дата результата"), null=True, blank=True)
    document = models.CharField(
        _("Документ"), max_length=300, blank=True, help_text=_("Диплом, приказ об итогах.")
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
        verbose_name = _("Участие в конкурсе")
        verbose_name_plural = _("Участие в конкурсах")
        ordering = ["-competition__year", "competition__title", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "person"], name="achievements_participation_once"
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.competition}"

    def get_absolute_url(self):
        return reverse("achievements:participation_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    @classmethod
    def change_filter(cls, scope):
        # A teacher's scope is their own person: they keep their own participations.
        return person_in_scope(scope)

    @property
    def is_awarded(self):
        return self.result in AWARDED

    def clean(self):
        if (
            self.stage_id
            and self.competition_id
            and self.stage.competition_id != self.competition_id
        ):
            raise ValidationError({"stage": _("Этап относится к другому конкурсу.")})
        if self.result_date and self.result_date > timezone.localdate():
            raise ValidationError({"result_date": _("Дата результата не может быть в будущем.")})
        if (
            self.competition_id
            and self.person_id
            and CompetitionParticipation.objects.filter(
                competition_id=self.competition_id, person_id=self.person_id
            )
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"person": _("Участие этого работника в этом конкурсе уже внесено.")}
            )
