"""The catalogue of additional professional programs (ДПП): programs, their competences and
cohorts."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Employment, Organization, Region

# The order on additional professional programs: a ПК program has at least 16 hours, a ПП
# program at least 250.
MIN_HOURS = {"pk": 16, "pp": 250}


def provided_by(scope):
    """Programs of the regions the scope holds: their cohorts' learners are the provider's."""
    return Program.objects.filter(Program.change_filter(scope)).values("pk")


class ProgramKind(models.TextChoices):
    PK = "pk", _("Повышение квалификации (ПК)")
    PP = "pp", _("Профессиональная переподготовка (ПП)")
    INTERNSHIP = "internship", _("Стажировка")
    SEMINAR_SERIES = "seminars", _("Цикл семинаров")
    OTHER = "other", _("Иная неформальная программа")


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", _("Очная")
    MIXED = "mixed", _("Очно-заочная")
    PART_TIME = "part_time", _("Заочная")
    DISTANCE = "distance", _("С применением ДОТ")


class DppType(models.TextChoices):
    """The type of an additional professional program as the federal register writes it."""

    PK = "pk", _("Повышение квалификации")
    PP = "pp", _("Профессиональная переподготовка")


class Program(models.Model):
    """An additional professional program of the region's catalogue.

    A program without a region is common to all regions (e.g. from the Федеральный реестр).
    """

    title = models.CharField(_("Название"), max_length=500)
    kind = models.CharField(_("Вид"), max_length=12, choices=ProgramKind.choices)
    hours = models.PositiveIntegerField(_("Объём, часов"), validators=[MinValueValidator(1)])
    form = models.CharField(_("Форма обучения"), max_length=12, choices=StudyForm.choices)
    provider = models.ForeignKey(
        Organization,
        verbose_name=_("Организация-провайдер"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
    )
    provider_name = models.CharField(
        _("Провайдер (если его нет в реестре)"), max_length=300, blank=True
    )
    federal_registry = models.BooleanField(_("В Федеральном реестре ДПП"), default=False)
    registry_number = models.CharField(_("Номер в Федеральном реестре"), max_length=50, blank=True)
    quality_management = models.BooleanField(
        _("Управление качеством образования"),
        default=False,
        help_text=_(
            "Программа для управленческих команд по управлению качеством образования: "
            "учитывается в показателе «Доля управленческих команд, повысивших квалификацию»."
        ),
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("Регион"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
    )
    positions = models.ManyToManyField("registry.Position", verbose_name=_("Должности"), blank=True)
    subjects = models.ManyToManyField("registry.Subject", verbose_name=_("Предметы"), blank=True)
    competences = models.ManyToManyField(
        "competences.Competence",
        through="ProgramCompetence",
        verbose_name=_("Компетенции"),
        blank=True,
    )
    # What the federal registers need (ФИС ФРДО for the documents, ФР ДПП; docs/frdo.md).
    dpp_type = models.CharField(_("Вид ДПП"), max_length=2, choices=DppType.choices, blank=True)
    activity_area = models.CharField(
        _("Область профессиональной деятельности"), max_length=300, blank=True
    )
    qualification = models.CharField(
        _("Квалификация"),
        max_length=300,
        blank=True,
        help_text=_("Для профессиональной переподготовки."),
    )
    speciality_group = models.CharField(
        _("Укрупнённая группа специальностей (УГС)"), max_length=300, blank=True
    )
    registry_url = models.URLField(_("Ссылка в Федеральном реестре"), blank=True)
    description = models.TextField(_("Аннотация"), blank=True)
    url = models.URLField(_("Ссылка"), blank=True)
    is_active = models.BooleanField(_("Действует"), default=True)
    created = models.DateTimeField(_("Добавлена"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Программа ДПО")
        verbose_name_plural = _("Программы ДПО")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry_number"],
                condition=~Q(registry_number=""),
                name="programs_registry_number_unique",
                violation_error_message=_(
                    "Программа с таким номером в Федеральном реестре уже есть в каталоге."
                ),
            )
        ]
        indexes = [models.Index(fields=["kind", "hours"], name="programs_program_kind_hours")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:program_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        regions = Region.objects.filter(Region.scope_filter(scope)).values("pk")
        query = Q(region__isnull=True) | Q(region__in=regions)
        if scope.person_ids:
            # A teacher reads the catalogue of the regions where they work.
            own = Employment.objects.filter(person_id__in=scope.person_ids)
            query |= Q(region__in=own.values("organization__municipality__region"))
        return query

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region")

    @property
    def provider_display(self):
        return str(self.provider) if self.provider_id else self.provider_name

    @property
    def competence_codes(self):
        """The codes of the competences addressed, from the prefetched `links`."""
        return ", ".join(link.competence.code for link in self.links.all())

    @property
    def competence_names(self):
        """The names of the competences addressed, for the screen (prefetched `links`)."""
        return "; ".join(link.competence.name for link in self.links.all())

    def clean(self):
        minimum = MIN_HOURS.get(self.kind)
        if minimum and self.hours is not None and self.hours < minimum:
            raise ValidationError(
                {
                    "hours": _("Программа вида «%(kind)s» должна быть не меньше %(hours)s часов.")
                    % {"kind": self.get_kind_display(), "hours": minimum}
                }
            )
        if self.dpp_type and self.kind in DppType.values and self.dpp_type != self.kind:
            raise ValidationError(
                {
                    "dpp_type": _("Вид ДПП не совпадает с видом программы «%(kind)s».")
                    % {"kind": self.get_kind_display()}
                }
            )
        if self.federal_registry and not self.registry_number:
            raise ValidationError(
                {"registry_number": _("Укажите номер программы в Федеральном реестре.")}
            )
        if not self.provider_id and not self.provider_name:
            raise ValidationError({"provider_name": _("Укажите организацию-провайдера.")})


class ProgramCompetence(models.Model):
    """A competence a program addresses, with the weight of the program in it."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="links")
    competence = models.ForeignKey(
        "competences.Competence", verbose_name=_("Компетенция"), on_delete=models.PROTECT
    )
    weight = models.DecimalField(_("Вес"), max_digits=4, decimal_places=2, default=1)

    class Meta:
        verbose_name = _("Компетенция программы")
        verbose_name_plural = _("Компетенции программы")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "competence"], name="programs_program_competence"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="programs_weight_positive"),
        ]

    def __str__(self):
        return f"{self.competence} × {self.weight}"


class Cohort(models.Model):
    """A run of a program: dates, capacity, place or link."""

    program = models.ForeignKey(
        Program, verbose_name=_("Программа"), on_delete=models.PROTECT, related_name="cohorts"
    )
    title = models.CharField(_("Поток"), max_length=200, blank=True)
    starts_on = models.DateField(_("Начало"))
    ends_on = models.DateField(_("Окончание"))
    capacity = models.PositiveIntegerField(_("Мест"), validators=[MinValueValidator(1)])
    place = models.CharField(_("Место проведения"), max_length=300, blank=True)
    link = models.URLField(_("Ссылка на занятия"), blank=True)
    applications_close_on = models.DateField(_("Приём заявок до"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Поток обучения")
        verbose_name_plural = _("Потоки обучения")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="programs_cohort_dates"
            )
        ]
        indexes = [models.Index(fields=["starts_on"], name="programs_cohort_starts")]

    def __str__(self):
        label = self.title or self.starts_on.strftime("%d.%m.%Y")
        return f"{self.program}: {label}"

    def get_absolute_url(self):
        return reverse("programs:cohort_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        return Q(program__in=Program.objects.filter(Program.scope_filter(scope)).values("pk"))

    @classmethod
    def change_filter(cls, scope):
        return Q(program__in=Program.objects.filter(Program.change_filter(scope)).values("pk"))

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})
        if (
            self.applications_close_on
            and self.ends_on
            and self.applications_close_on > self.ends_on
        ):
            raise ValidationError(
                {
                    "applications_close_on": _(
                        "Приём заявок должен закончиться не позже окончания потока."
                    )
                }
            )

    def open_for_applications(self, today=None):
        today = today or timezone.localdate()
        closes = self.applications_close_on or self.ends_on
        return today <= closes and today <= self.ends_on
