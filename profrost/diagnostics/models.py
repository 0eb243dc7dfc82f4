"""Instruments, campaigns, attempts, competence results and deficits.

A `CompetenceResult` is one measured level of one competence of one person on one date; rows are
never overwritten, so the history of every competence is the list of its results. A `Deficit` is
opened by a result below the proficient level and closed by a later proficient result.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager, ScopedQuerySet
from profrost.registry.models import Organization, Person, Region

DEFAULT_DEFICIT_BELOW = 50
DEFAULT_PROFICIENT_FROM = 75


def person_in_scope(scope, path="person"):
    """Rows whose person lies inside the scope, as for the registry's people."""
    people = Person.objects.filter(Person.scope_filter(scope)).values("pk")
    return Q(**{f"{path}__in": people})


class CompetenceLevel(models.TextChoices):
    DEFICIT = "deficit", _("Дефицит")
    PARTIAL = "partial", _("Частично сформирована")
    PROFICIENT = "proficient", _("Сформирована")


class InstrumentKind(models.TextChoices):
    TEST = "test", _("Тест")
    QUESTIONNAIRE = "questionnaire", _("Анкета")
    SELF_ASSESSMENT = "self_assessment", _("Самооценка")
    CASE = "case", _("Кейс")


class InstrumentStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    PUBLISHED = "published", _("Опубликован")
    ARCHIVED = "archived", _("В архиве")


class Instrument(models.Model):
    """A diagnostic instrument: items tied to competences, level thresholds and an audience.

    An instrument without a region ships with the product; a region's methodists edit their own
    instruments and copy the shipped ones.
    """

    title = models.CharField(_("Название"), max_length=300)
    code = models.SlugField(_("Код"), max_length=60, unique=True, null=True, blank=True)
    kind = models.CharField(_("Вид"), max_length=20, choices=InstrumentKind.choices)
    status = models.CharField(
        _("Статус"),
        max_length=10,
        choices=InstrumentStatus.choices,
        default=InstrumentStatus.DRAFT,
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("Регион"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
        help_text=_("Пусто — инструмент из поставки системы."),
    )
    description = models.TextField(_("Описание"), blank=True)
    instructions = models.TextField(_("Инструкция для участника"), blank=True)
    deficit_below = models.PositiveSmallIntegerField(
        _("Дефицит ниже, %"),
        default=DEFAULT_DEFICIT_BELOW,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    proficient_from = models.PositiveSmallIntegerField(
        _("Сформирована от, %"),
        default=DEFAULT_PROFICIENT_FROM,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # Seed 003 6.2.7 counts the staff diagnosed «в ЦНППМПР»: the region's diagnostics of
    # deficits, not every survey or screening run through the system.
    counts_as_diagnosis = models.BooleanField(
        _("Диагностика профессиональных дефицитов"),
        default=False,
        help_text=_(
            "Результаты учитываются в показателе «Доля работников, прошедших диагностику "
            "дефицитов». Анкеты и скрининги (например, выгорания) не отмечайте."
        ),
    )
    positions = models.ManyToManyField("registry.Position", verbose_name=_("Должности"), blank=True)
    subjects = models.ManyToManyField("registry.Subject", verbose_name=_("Предметы"), blank=True)
    created = models.DateTimeField(_("Создан"), auto_now_add=True)
    updated = models.DateTimeField(_("Изменён"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Инструмент диагностики")
        verbose_name_plural = _("Инструменты диагностики")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deficit_below__lte=models.F("proficient_from")),
                name="diagnostics_instrument_thresholds",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("diagnostics:instrument_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """The shipped instruments and those of the regions in reach are read by everyone there;
        changing one is limited to its region's holders of the permission."""
        regions = Region.objects.filter(Region.scope_filter(scope)).values("pk")
        return Q(region__isnull=True) | Q(region__in=regions)

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region")

    def clean(self):
        if (
            self.deficit_below is not None
            and self.proficient_from is not None
            and self.deficit_below > self.proficient_from
        ):
            raise ValidationError(
                {"proficient_from": _("Порог «сформирована» не может быть ниже порога дефицита.")}
            )

    def level_for(self, percent):
        if percent < self.deficit_below:
            return CompetenceLevel.DEFICIT
        if percent < self.proficient_from:
            return CompetenceLevel.PARTIAL
        return CompetenceLevel.PROFICIENT

    @property
    def is_locked(self):
        """Once anyone has answered, items and thresholds stay as they were answered."""
        return Answer.objects.filter(attempt__campaign__instrument=self).exists()


class ItemKind(models.TextChoices):
    SINGLE = "single", _("Один вариант")
    MULTIPLE = "multiple", _("Несколько вариантов")
    SCALE = "scale", _("Шкала (самооценка)")
    NUMBER = "number", _("Число")
    TEXT = "text", _("Свободный ответ")


CHOICE_KINDS = (ItemKind.SINGLE, ItemKind.MULTIPLE)


class Item(models.Model):
    """One question of an instrument. Choice items score by their options' points."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("Инструмент"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("Номер"), default=0)
    kind = models.CharField(_("Вид вопроса"), max_length=10, choices=ItemKind.choices)
    text = models.TextField(_("Текст вопроса"))
    hint = models.CharField(_("Пояснение"), max_length=500, blank=True)
    scale_min = models.SmallIntegerField(_("Шкала от"), default=1)
    scale_max = models.SmallIntegerField(_("Шкала до"), default=5)
    scale_min_label = models.CharField(_("Подпись начала шкалы"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("Подпись конца шкалы"), max_length=100, blank=True)
    reverse = models.BooleanField(
        _("Обратная шкала"),
        default=False,
        help_text=_("Больший ответ — меньший балл (например, «испытываю трудности часто»)."),
    )
    correct_number = models.DecimalField(
        _("Верный ответ (число)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("Допустимое отклонение"), max_digits=12, decimal_places=3, default=Decimal(0)
    )
    points = models.DecimalField(
        _("Баллы за верное число"), max_digits=6, decimal_places=2, default=Decimal(1)
    )
    competences = models.ManyToManyField(
        "competences.Competence",
        through="ItemCompetence",
        verbose_name=_("Компетенции"),
        blank=True,
    )

    class Meta:
        verbose_name = _("Вопрос")
        verbose_name_plural = _("Вопросы")
        ordering = ["instrument", "order", "pk"]

    def __str__(self):
        return f"{self.order}. {self.text[:80]}"

    def clean(self):
        if self.kind == ItemKind.SCALE and self.scale_min >= self.scale_max:
            raise ValidationError({"scale_max": _("Конец шкалы должен быть больше начала.")})
        if self.kind == ItemKind.NUMBER and self.correct_number is None:
            raise ValidationError(
                {"correct_number": _("Для числового вопроса укажите верный ответ.")}
            )
        if self.tolerance is not None and self.tolerance < 0:
            raise ValidationError({"tolerance": _("Отклонение не может быть отрицательным.")})
        if self.points is not None and self.points < 0:
            raise ValidationError({"points": _("Баллы не могут быть отрицательными.")})


class Option(models.Model):
    """An answer option of a choice item; wrong options may carry negative points."""

    item = models.ForeignKey(
        Item, verbose_name=_("Вопрос"), on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveSmallIntegerField(_("Номер"), default=0)
    text = models.CharField(_("Текст варианта"), max_length=500)
    points = models.DecimalField(_("Баллы"), max_digits=6, decimal_places=2, default=Decimal(0))

    class Meta:
        verbose_name = _("Вариант ответа")
        verbose_name_plural = _("Варианты ответа")
        ordering = ["item", "order", "pk"]

    def __str__(self):
        return self.text


class ItemCompetence(models.Model):
    """The tie of a scored item to a competence, with the weight of the item in it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="links")
    competence = models.ForeignKey(
        "competences.Competence", verbose_name=_("Компетенция"), on_delete=models.PROTECT
    )
    weight = models.DecimalField(
        _("Вес"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("Связь вопроса с компетенцией")
        verbose_name_plural = _("Связи вопросов с компетенциями")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "competence"], name="diagnostics_item_competence"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="diagnostics_weight_positive"),
        ]

    def __str__(self):
        return f"{self.competence} × {self.weight}"


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


class ResultSource(models.TextChoices):
    CAMPAIGN = "campaign", _("Диагностика в системе")
    IMPORT = "import", _("Импорт внешних результатов")


class CompetenceResult(models.Model):
    """One measured level of one competence of one person on one date. Never overwritten."""

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="results"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("Компетенция"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    source = models.CharField(_("Источник"), max_length=10, choices=ResultSource.choices)
    source_title = models.CharField(_("Диагностика"), max_length=300)
    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("Прохождение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
    )
    import_batch = models.ForeignKey(
        "core.ImportBatch",
        verbose_name=_("Файл импорта"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    measured_on = models.DateField(_("Дата диагностики"))
    score = models.DecimalField(_("Балл"), max_digits=8, decimal_places=2)
    max_score = models.DecimalField(_("Максимальный балл"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(_("Процент"), max_digits=5, decimal_places=1)
    level = models.CharField(_("Уровень"), max_length=10, choices=CompetenceLevel.choices)
    created = models.DateTimeField(_("Записан"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Результат по компетенции")
        verbose_name_plural = _("Результаты по компетенциям")
        ordering = ["-measured_on", "-pk"]
        indexes = [
            models.Index(fields=["person", "competence", "measured_on"]),
            # The «в разрезе ОО» summary filters by organization and period.
            models.Index(fields=["organization", "measured_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "competence"],
                condition=Q(attempt__isnull=False),
                name="diagnostics_result_per_attempt",
            ),
            models.UniqueConstraint(
                fields=["person", "competence", "measured_on", "source_title"],
                condition=Q(attempt__isnull=True),
                name="diagnostics_imported_result_once",
            ),
            models.CheckConstraint(
                condition=Q(max_score__gt=0, score__gte=0, score__lte=models.F("max_score")),
                name="diagnostics_result_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.competence.code} {self.percent} %"

    def get_absolute_url(self):
        return reverse("diagnostics:deficit_map", args=[self.person_id])

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)


class DeficitStatus(models.TextChoices):
    OPEN = "open", _("Не закрыт")
    CLOSED = "closed", _("Закрыт")


class Deficit(models.Model):
    """A professional deficit: a competence found below the proficient level.

    It remembers the result that found it, what was done about it, and the later result that
    closed it.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="deficits"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("Компетенция"),
        on_delete=models.PROTECT,
        related_name="deficits",
    )
    level = models.CharField(
        _("Уровень при выявлении"), max_length=10, choices=CompetenceLevel.choices
    )
    found_by = models.ForeignKey(
        CompetenceResult,
        verbose_name=_("Выявлен по результату"),
        on_delete=models.PROTECT,
        related_name="found_deficits",
    )
    found_on = models.DateField(_("Выявлен"))
    status = models.CharField(
        _("Состояние"), max_length=8, choices=DeficitStatus.choices, default=DeficitStatus.OPEN
    )
    addressed_note = models.TextField(_("Чем устраняется"), blank=True)
    closed_by = models.ForeignKey(
        CompetenceResult,
        verbose_name=_("Закрыт по результату"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_deficits",
    )
    closed_on = models.DateField(_("Закрыт"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Профессиональный дефицит")
        verbose_name_plural = _("Профессиональные дефициты")
        ordering = ["-found_on", "competence__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competence"],
                condition=Q(status="open"),
                name="diagnostics_one_open_deficit",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.competence}"

    def get_absolute_url(self):
        return reverse("diagnostics:deficit_map", args=[self.person_id])

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)
