from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Person, not_withdrawn

from .associations import Association, check_target
from .places import places, target_change_q


def school_year_start(day=None):
    """The year a school year starts in: plans are approved in late August."""
    day = day or timezone.localdate()
    return day.year if day.month >= 8 else day.year - 1


class PlanLevel(models.TextChoices):
    REGION = "region", _("Региональный")
    MUNICIPALITY = "municipality", _("Муниципальный")
    ORGANIZATION = "organization", _("Уровень организации")
    ASSOCIATION = "association", _("Методическое объединение")


class WorkPlan(models.Model):
    """The annual plan of methodical work of a region, a municipality, an organization or an
    association (seed 000, §4): a plan holds its events, and their statuses are its fulfilment.

    For an association's plan the region, municipality and organization are the association's,
    so that scope filters stay simple."""

    title = models.CharField(_("Название"), max_length=300)
    level = models.CharField(_("Чей план"), max_length=16, choices=PlanLevel.choices)
    association = models.ForeignKey(
        Association,
        verbose_name=_("Объединение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("Учебный год"), help_text=_("Год начала учебного года: 2025 — 2025/2026 учебный год.")
    )
    approved_on = models.DateField(_("Дата утверждения"), null=True, blank=True)
    document = models.CharField(
        _("Утверждён"),
        max_length=300,
        blank=True,
        help_text=_("Реквизиты приказа или протокола, например: приказ № 112 от 29.08.2025."),
    )
    file = models.FileField(_("Файл плана"), upload_to="network/plans/%Y/", blank=True)
    description = models.TextField(_("Цели и задачи на год"), blank=True)
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
        verbose_name = _("План методической работы")
        verbose_name_plural = _("Планы методической работы")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="association", association__isnull=False)
                | (
                    ~Q(level="association")
                    & Q(association__isnull=True)
                    & (
                        Q(level="region", municipality__isnull=True, organization__isnull=True)
                        | Q(
                            level="municipality",
                            municipality__isnull=False,
                            organization__isnull=True,
                        )
                        | Q(level="organization", organization__isnull=False)
                    )
                ),
                name="network_plan_owner",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="network_plan_year"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:plan_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        associations = Association.objects.filter(Association.scope_filter(scope))
        return (
            places(scope).reach_q()
            | Q(association__in=associations.values("pk"))
            | cls.change_filter(scope)
        )

    @classmethod
    def change_filter(cls, scope):
        return target_change_q(scope) | scope.q(person="association__head")

    @property
    def owner(self):
        return self.association or self.organization or self.municipality or self.region

    @property
    def owner_display(self):
        """The owner with the place of an association, whose title repeats across districts."""
        if self.association_id:
            return f"{self.association} ({self.association.target})"
        return str(self.owner)

    @property
    def school_year(self):
        return f"{self.year}/{self.year + 1}"

    def clean(self):
        if self.level == PlanLevel.ASSOCIATION:
            if not self.association_id:
                raise ValidationError({"association": _("Укажите объединение.")})
        else:
            check_target(self, self.level)
        if self.year is not None and not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("Укажите год начала учебного года, например 2025.")})


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Конференция")
    FORUM = "forum", _("Форум")
    SEMINAR = "seminar", _("Семинар")
    WORKSHOP = "workshop", _("Практикум")
    ROUND_TABLE = "round_table", _("Круглый стол")
    MASTER_CLASS = "master_class", _("Мастер-класс")
    WEBINAR = "webinar", _("Вебинар")
    OPEN_LESSON = "open_lesson", _("Открытый урок")
    CONSULTATION = "consultation", _("Консультация")
    INTERNSHIP = "internship", _("Стажировка")
    MEETING = "meeting", _("Заседание методического объединения")
    READINGS = "readings", _("Педагогические чтения")
    OTHER = "other", _("Иное мероприятие")


class EventLevel(models.TextChoices):
    SCHOOL = "school", _("Школьный (уровень организации)")
    MUNICIPAL = "municipal", _("Муниципальный")
    REGIONAL = "regional", _("Региональный")
    INTERREGIONAL = "interregional", _("Межрегиональный")
    FEDERAL = "federal", _("Всероссийский")


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    HELD = "held", _("Проведено")
    CANCELLED = "cancelled", _("Отменено")


class Event(models.Model):
    """A methodical event: a conference, a seminar, a master class, an open lesson… organized by
    an organization or an association. Its reach (region, municipality, organization, by its
    level) says who sees it and may register."""

    title = models.CharField(_("Название"), max_length=300)
    kind = models.CharField(_("Форма"), max_length=16, choices=EventKind.choices)
    level = models.CharField(_("Уровень"), max_length=16, choices=EventLevel.choices)
    organizer_organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организатор: организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organized_events",
    )
    organizer_association = models.ForeignKey(
        Association,
        verbose_name=_("Организатор: объединение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    plan = models.ForeignKey(
        WorkPlan,
        verbose_name=_("План методической работы"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("Начало"))
    ends_at = models.DateTimeField(_("Окончание"))
    place = models.CharField(_("Место проведения"), max_length=300, blank=True)
    link = models.URLField(_("Ссылка на трансляцию или комнату"), max_length=500, blank=True)
    audience_positions = models.ManyToManyField(
        "registry.Position", verbose_name=_("Аудитория: должности"), blank=True, related_name="+"
    )
    audience_subjects = models.ManyToManyField(
        "registry.Subject", verbose_name=_("Аудитория: предметы"), blank=True, related_name="+"
    )
    audience_note = models.CharField(
        _("Аудитория"),
        max_length=300,
        blank=True,
        help_text=_("Например: молодые педагоги, руководители ШМО."),
    )
    competences = models.ManyToManyField(
        "competences.Competence",
        verbose_name=_("Компетенции"),
        blank=True,
        related_name="events",
    )
    capacity = models.PositiveIntegerField(
        _("Мест для участников"),
        null=True,
        blank=True,
        help_text=_("Пусто — без ограничения. Выступающие, организаторы и эксперты не считаются."),
    )
    hours = models.PositiveSmallIntegerField(_("Объём, часов"), null=True, blank=True)
    registration_open = models.BooleanField(_("Открыта самостоятельная регистрация"), default=True)
    status = models.CharField(
        _("Статус"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    cancel_reason = models.CharField(_("Причина отмены"), max_length=300, blank=True)
    description = models.TextField(_("Программа и описание"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создано"), auto_now_add=True)
    updated = models.DateTimeField(_("Изменено"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Методическое мероприятие")
        verbose_name_plural = _("Методические мероприятия")
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="network_event_dates"
            ),
            models.CheckConstraint(
                condition=Q(organizer_organization__isnull=False)
                | Q(organizer_association__isnull=False),
                name="network_event_organizer",
            ),
            models.CheckConstraint(
                condition=Q(level="school", organization__isnull=False)
                | Q(level="municipal", municipality__isnull=False, organization__isnull=True)
                | Q(
                    level__in=["regional", "interregional", "federal"],
                    municipality__isnull=True,
                    organization__isnull=True,
                ),
                name="network_event_reach",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:event_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """Seen around the scope's places (a teacher: the events of the region, of the
        municipality and of the organizations where they work, so that they can register), by
        who may change it, and by whoever sees one of its participants."""
        attended = Participation.objects.filter(
            person__in=Person.objects.filter(Person.scope_filter(scope)).values("pk")
        ).values("event_id")
        return places(scope).reach_q() | cls.change_filter(scope) | Q(pk__in=attended)

    @classmethod
    def change_filter(cls, scope):
        """Managers over its reach, the organizing organization's managers, and the head of the
        organizing association."""
        return target_change_q(scope) | scope.q(
            organization="organizer_organization", person="organizer_association__head"
        )

    @property
    def organizer(self):
        return self.organizer_association or self.organizer_organization

    @property
    def organizers(self):
        return [item for item in (self.organizer_organization, self.organizer_association) if item]

    @property
    def reach(self):
        return self.organization or self.municipality or self.region

    # Tables and exports show the local time (their columns do not convert aware datetimes).
    @property
    def local_start(self):
        return timezone.localtime(self.starts_at)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at)

    def has_started(self, now=None):
        return (now or timezone.now()) >= self.starts_at

    def has_ended(self, now=None):
        return (now or timezone.now()) > self.ends_at

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("Окончание не может быть раньше начала.")})
        if not self.organizer_organization_id and not self.organizer_association_id:
            raise ValidationError(
                _("Укажите организатора: организацию или методическое объединение.")
            )
        if not self.place.strip() and not self.link.strip():
            raise ValidationError(
                {"place": _("Укажите место проведения или ссылку на трансляцию.")}
            )
        if self.capacity == 0:
            raise ValidationError({"capacity": _("Мест должно быть не меньше одного.")})


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Участник")
    SPEAKER = "speaker", _("Выступающий")
    ORGANIZER = "organizer", _("Организатор")
    EXPERT = "expert", _("Эксперт")


class Participation(models.Model):
    """A person registered for an event in a role, and whether they attended: the lines of the
    registration lists of municipal events (seed 001, §4). The organization and the position
    are those of the person's main job at registration."""

    event = models.ForeignKey(
        Event,
        verbose_name=_("Мероприятие"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Работник"),
        on_delete=models.PROTECT,
        related_name="event_participations",
    )
    role = models.CharField(
        _("Роль"),
        max_length=12,
        choices=ParticipationRole.choices,
        default=ParticipationRole.PARTICIPANT,
    )
    topic = models.CharField(_("Тема выступления"), max_length=300, blank=True)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.ForeignKey(
        "registry.Position",
        verbose_name=_("Должность"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("Зарегистрирован"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Зарегистрировал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attended = models.BooleanField(_("Присутствовал"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Участие в мероприятии")
        verbose_name_plural = _("Участники мероприятий")
        ordering = ["event", "person__last_name", "person__first_name", "person__middle_name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="network_participation_once")
        ]

    def __str__(self):
        return f"{self.person}: {self.event}"

    def get_absolute_url(self):
        return self.event.get_absolute_url()

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        """The participant's own managers (and the participant), and the event's managers."""
        people = Person.objects.filter(Person.scope_filter(scope)).values("pk")
        return Q(person__in=people) | cls.change_filter(scope)

    @classmethod
    def change_filter(cls, scope):
        return Q(event__in=Event.objects.filter(Event.change_filter(scope)).values("pk"))
