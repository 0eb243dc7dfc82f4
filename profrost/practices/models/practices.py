"""The bank of effective practices: a practice is submitted, examined by named experts with a
score sheet, included in the bank (or rejected) and then disseminated at events.

Scope: a practice lies in the region, the municipality and the organization of its authors'
organization; a teacher sees the practices they wrote and those they examine.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.roles import Perm
from profrost.core.scoping import ScopedManager, ScopedQuerySet, resolve_scope
from profrost.network.models import EventLevel
from profrost.registry.models import not_withdrawn

from ..validators import FILE_HELP, FILE_VALIDATORS

# The score sheet: five criteria, each scored 0–3 (docs/practices.md).
CRITERION_MAX = 3
CRITERIA = (
    ("relevance", _("Актуальность")),
    ("novelty", _("Новизна")),
    ("effectiveness", _("Результативность")),
    ("replicability", _("Тиражируемость")),
    ("elaboration", _("Методическая проработанность")),
)
MAX_TOTAL = CRITERION_MAX * len(CRITERIA)
# The rule of inclusion in the bank: at least MIN_REVIEWS completed score sheets, none pending,
# and a mean total of at least PASS_MEAN of MAX_TOTAL.
MIN_REVIEWS = 2
PASS_MEAN = 10


class PracticeKind(models.TextChoices):
    PEDAGOGICAL = "pedagogical", _("Педагогическая практика")
    MANAGERIAL = "managerial", _("Управленческая практика")


class PracticeLevel(models.TextChoices):
    MUNICIPAL = "municipal", _("Муниципальный")
    REGIONAL = "regional", _("Региональный")


class PracticeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Подана")
    EXPERTISE = "expertise", _("На экспертизе")
    IN_BANK = "in_bank", _("В банке практик")
    DISSEMINATED = "disseminated", _("Распространяется")
    REJECTED = "rejected", _("Отклонена")


PUBLISHED = (PracticeStatus.IN_BANK, PracticeStatus.DISSEMINATED)


class PracticeQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(status__in=PUBLISHED)

    def changeable_by(self, user, perm):
        """Expertise is managed by the level of the practice: a regional one by the region's
        roles only, a municipal one also by the municipality's."""
        if perm != Perm.MANAGE_PRACTICES:
            return super().changeable_by(user, perm)
        return self.within(resolve_scope(user, perm), self.model.manage_filter)


def _coauthored(person_ids):
    return Practice.coauthors.through.objects.filter(person_id__in=person_ids).values("practice_id")


class Practice(models.Model):
    """A pedagogical or managerial practice submitted to the municipal or the regional bank."""

    title = models.CharField(_("Название практики"), max_length=300)
    kind = models.CharField(
        _("Вид"), max_length=16, choices=PracticeKind.choices, default=PracticeKind.PEDAGOGICAL
    )
    level = models.CharField(
        _("Уровень банка"),
        max_length=16,
        choices=PracticeLevel.choices,
        default=PracticeLevel.MUNICIPAL,
        help_text=_("Муниципальный или региональный банк: кто проводит экспертизу."),
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("Регион"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    main_author = models.ForeignKey(
        "registry.Person",
        verbose_name=_("Автор"),
        on_delete=models.PROTECT,
        related_name="main_practices",
    )
    coauthors = models.ManyToManyField(
        "registry.Person",
        verbose_name=_("Соавторы"),
        blank=True,
        related_name="coauthored_practices",
    )
    subjects = models.ManyToManyField(
        "registry.Subject", verbose_name=_("Предметы"), blank=True, related_name="+"
    )
    competences = models.ManyToManyField(
        "competences.Competence",
        verbose_name=_("Компетенции"),
        blank=True,
        related_name="practices",
    )
    description = models.TextField(
        _("Описание практики"), help_text=_("Идея, содержание, этапы, условия применения.")
    )
    results = models.TextField(
        _("Результаты и эффекты"),
        blank=True,
        help_text=_("Чего удалось достичь и чем это подтверждается."),
    )
    file = models.FileField(
        _("Файл"),
        upload_to="practices/practices/%Y/",
        blank=True,
        validators=FILE_VALIDATORS,
        help_text=FILE_HELP,
    )
    link = models.URLField(_("Ссылка на материалы"), max_length=500, blank=True)
    status = models.CharField(
        _("Статус"),
        max_length=16,
        choices=PracticeStatus.choices,
        default=PracticeStatus.SUBMITTED,
        editable=False,
    )
    submitted_on = models.DateField(_("Подана"), default=timezone.localdate, editable=False)
    included_on = models.DateField(_("Включена в банк"), null=True, blank=True, editable=False)
    rejected_on = models.DateField(_("Отклонена"), null=True, blank=True, editable=False)
    decision_comment = models.TextField(_("Решение по итогам экспертизы"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Подал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), auto_now_add=True)
    updated = models.DateTimeField(_("Изменена"), auto_now=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Практика")
        verbose_name_plural = _("Практики")
        ordering = ["-submitted_on", "title"]
        indexes = [models.Index(fields=["status", "level"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(included_on__isnull=True)
                | Q(included_on__gte=models.F("submitted_on")),
                name="practices_practice_included_after_submitted",
                violation_error_message=_("Практика не может войти в банк раньше подачи."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:practice_detail", args=[self.pk])

    def get_public_url(self):
        return reverse("practices:public_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "main_author")

    @classmethod
    def scope_filter(cls, scope):
        """Around its organization, and for a person: the practices they wrote or examine."""
        query = cls.change_filter(scope)
        if scope.person_ids:
            reviewed = PracticeReview.objects.filter(expert_id__in=scope.person_ids)
            query |= Q(pk__in=reviewed.values("practice_id"))
        return query

    @classmethod
    def change_filter(cls, scope):
        query = scope.q(region="region", municipality="municipality", organization="organization")
        if scope.person_ids:
            query |= Q(main_author__in=scope.person_ids) | Q(pk__in=_coauthored(scope.person_ids))
        return query

    @classmethod
    def manage_filter(cls, scope):
        return scope.q(region="region") | (
            Q(level=PracticeLevel.MUNICIPAL) & scope.q(municipality="municipality")
        )

    # The list's annotations (selectors.practices_for_list) as people read them.

    @property
    def expertise_progress(self):
        total = getattr(self, "review_count", 0)
        return f"{getattr(self, 'completed_count', 0)} из {total}" if total else ""

    @property
    def mean_rounded(self):
        mean = getattr(self, "mean_total", None)
        return None if mean is None else round(mean, 1)

    @property
    def mean_display(self):
        mean = self.mean_rounded
        return "" if mean is None else f"{mean:.1f}".replace(".", ",").removesuffix(",0")

    @property
    def is_published(self):
        return self.status in PUBLISHED

    def save(self, *args, **kwargs):
        if self.organization_id and not self.municipality_id:
            self.fill_place()
        super().save(*args, **kwargs)

    def fill_place(self):
        municipality = self.organization.municipality
        self.municipality_id = municipality.pk
        self.region_id = municipality.region_id


class ReviewRecommendation(models.TextChoices):
    INCLUDE = "include", _("Включить в банк")
    REVISE = "revise", _("Доработать")
    REJECT = "reject", _("Отклонить")


def score_field(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(CRITERION_MAX)],
    )


class PracticeReview(models.Model):
    """An expert's score sheet of a practice: one per expert and practice. It is filled only by
    the user linked to the expert's person record, whatever their role."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("Практика"), on_delete=models.CASCADE, related_name="reviews"
    )
    expert = models.ForeignKey(
        "registry.Person",
        verbose_name=_("Эксперт"),
        on_delete=models.PROTECT,
        related_name="practice_reviews",
    )
    assigned_on = models.DateField(_("Назначен"), default=timezone.localdate)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Назначил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    relevance = score_field(_("Актуальность"))
    novelty = score_field(_("Новизна"))
    effectiveness = score_field(_("Результативность"))
    replicability = score_field(_("Тиражируемость"))
    elaboration = score_field(_("Методическая проработанность"))
    total = models.PositiveSmallIntegerField(_("Сумма баллов"), null=True, blank=True)
    recommendation = models.CharField(
        _("Рекомендация"), max_length=10, choices=ReviewRecommendation.choices, blank=True
    )
    comment = models.TextField(_("Заключение эксперта"), blank=True)
    completed_on = models.DateField(_("Заполнен"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Лист экспертной оценки")
        verbose_name_plural = _("Листы экспертной оценки")
        ordering = ["practice", "assigned_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "expert"],
                name="practices_review_once_per_expert",
                violation_error_message=_("Этот эксперт уже назначен на практику."),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | (Q(total__isnull=False, total__lte=MAX_TOTAL) & ~Q(recommendation="")),
                name="practices_review_completed_sheet",
                violation_error_message=_(
                    "Заполненный лист оценки должен иметь баллы и рекомендацию."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.expert}: {self.practice}"

    def get_absolute_url(self):
        return reverse("practices:review_form", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """Seen around the practice's organization and by the expert; the authors see the
        expertise summary on the practice's page, not the sheets."""
        query = scope.q(
            region="practice__region",
            municipality="practice__municipality",
            organization="practice__organization",
        )
        if scope.person_ids:
            query |= Q(expert__in=scope.person_ids)
        return query

    @property
    def is_completed(self):
        return self.completed_on is not None

    def scores(self):
        return [(label, getattr(self, name)) for name, label in CRITERIA]


class DisseminationKind(models.TextChoices):
    TALK = "talk", _("Выступление на мероприятии")
    MASTER_CLASS = "master_class", _("Мастер-класс")
    OPEN_LESSON = "open_lesson", _("Открытый урок (занятие)")
    SEMINAR = "seminar", _("Семинар, практикум")
    INTERNSHIP = "internship", _("Стажировка")
    PUBLICATION = "publication", _("Публикация")
    OTHER = "other", _("Иное")


class Dissemination(models.Model):
    """Where a practice of the bank was shown: an event (a methodical event of the network when
    it is one), a publication, an internship."""

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("Практика"),
        on_delete=models.CASCADE,
        related_name="disseminations",
    )
    held_on = models.DateField(_("Дата"))
    kind = models.CharField(_("Форма"), max_length=16, choices=DisseminationKind.choices)
    title = models.CharField(
        _("Мероприятие или издание"),
        max_length=300,
        help_text=_("Пусто — название выбранного мероприятия."),
    )
    level = models.CharField(_("Уровень"), max_length=16, choices=EventLevel.choices)
    event = models.ForeignKey(
        "network.Event",
        verbose_name=_("Мероприятие сети"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practice_disseminations",
    )
    url = models.URLField(_("Ссылка"), max_length=500, blank=True)
    participants = models.PositiveIntegerField(_("Участников"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Записал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Распространение практики")
        verbose_name_plural = _("Распространение практик")
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d.%m.%Y})"

    def get_absolute_url(self):
        return self.practice.get_absolute_url()

    @classmethod
    def scope_filter(cls, scope):
        return Q(practice__in=Practice.objects.filter(Practice.scope_filter(scope)).values("pk"))

    @classmethod
    def change_filter(cls, scope):
        return Q(practice__in=Practice.objects.filter(Practice.manage_filter(scope)).values("pk"))

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("Дата распространения не может быть в будущем.")})
