"""Competitions of professional mastery, expert activity and publications of teachers.

Participations, expert activity and publications are facts about a person: they are in scope as
their person is (as a registry person is). A competition is a public event: everybody in the
region where it is held sees it; it is changed by who holds it (its region, municipality or
organization).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.core.search import Folded, fold
from profrost.registry.models import Municipality, Organization, Person, Region

FIRST_YEAR = 2000


def person_in_scope(scope, path="person"):
    """Rows whose person lies inside the scope, as for the registry's people."""
    people = Person.objects.filter(Person.scope_filter(scope)).values("pk")
    return Q(**{f"{path}__in": people})


def regions_in_reach(scope):
    """The regions where the scope's holder works: its own regions, those of its municipalities
    and those of the organizations it sees (a teacher: where they are employed)."""
    municipalities = Municipality.objects.filter(scope.q(municipality="pk"))
    organizations = Organization.objects.filter(Organization.scope_filter(scope))
    return Region.objects.filter(
        Q(pk__in=scope.region_ids)
        | Q(pk__in=municipalities.values("region_id"))
        | Q(pk__in=organizations.values("municipality__region_id"))
    ).values("pk")


def validate_year(value):
    latest = timezone.localdate().year + 1
    if not FIRST_YEAR <= value <= latest:
        raise ValidationError(
            _("Год должен быть от %(first)d до %(last)d.") % {"first": FIRST_YEAR, "last": latest}
        )


class Level(models.TextChoices):
    """The level of a competition or of an expert body."""

    SCHOOL = "school", _("Уровень организации")
    MUNICIPAL = "municipal", _("Муниципальный")
    REGIONAL = "regional", _("Региональный")
    FEDERAL = "federal", _("Всероссийский")
    INTERNATIONAL = "international", _("Международный")


class PublicationLevel(models.TextChoices):
    """The level of an edition (seed 001: municipal, regional, federal); values match `Level`."""

    MUNICIPAL = "municipal", _("Муниципальный")
    REGIONAL = "regional", _("Региональный")
    FEDERAL = "federal", _("Федеральный")
    INTERNATIONAL = "international", _("Международный")


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
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)

    def clean(self):
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("Дата окончания раньше даты начала.")})


class PublicationKind(models.TextChoices):
    ARTICLE = "article", _("Статья")
    THESES = "theses", _("Тезисы доклада")
    MANUAL = "manual", _("Методическое пособие")
    RECOMMENDATIONS = "recommendations", _("Методические рекомендации")
    TEXTBOOK = "textbook", _("Учебное пособие")
    PROGRAM = "program", _("Программа")
    COLLECTION = "collection", _("Сборник (составитель)")
    ELECTRONIC = "electronic", _("Электронный ресурс")
    OTHER = "other", _("Иное")


class Publication(models.Model):
    """A person's publication in a methodical, scientific or pedagogical edition."""

    person = models.ForeignKey(
        Person, verbose_name=_("Автор"), on_delete=models.CASCADE, related_name="publications"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Основное место работы автора на момент публикации."),
    )
    title = models.CharField(_("Название"), max_length=500)
    kind = models.CharField(
        _("Вид"), max_length=16, choices=PublicationKind.choices, default=PublicationKind.ARTICLE
    )
    edition = models.CharField(
        _("Издание"), max_length=500, help_text=_("Журнал, сборник, сайт; выходные данные.")
    )
    level = models.CharField(_("Уровень издания"), max_length=16, choices=PublicationLevel.choices)
    year = models.PositiveSmallIntegerField(_("Год"), validators=[validate_year])
    url = models.URLField(_("Ссылка"), max_length=500, blank=True)
    coauthors = models.CharField(_("Соавторы"), max_length=500, blank=True)
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
        verbose_name = _("Публикация")
        verbose_name_plural = _("Публикации")
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("achievements:publication_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    @classmethod
    def change_filter(cls, scope):
        # A teacher's scope is their own person: they keep their own publications.
        return person_in_scope(scope)


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
