"""Instruments: tests, questionnaires, self-assessments and cases, their items, answer options and
the ties of items to competences with weights."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Region

DEFAULT_DEFICIT_BELOW = 50
DEFAULT_PROFICIENT_FROM = 75


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
    # Individual results of a sensitive instrument (the burnout screening) are seen by the
    # person and by the roles holding diagnostics.view_sensitive only (docs/personal-data.md).
    sensitive = models.BooleanField(
        _("Чувствительная методика"),
        default=False,
        help_text=_(
            "Личные результаты видят только сам работник и психолог; руководители и методисты — "
            "только сводные данные по группам от 5 человек."
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
        return self.campaigns.filter(attempts__answers__isnull=False).exists()


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
