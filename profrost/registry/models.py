from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profrost.core.dates import add_years
from profrost.core.scoping import ScopedManager, ScopedQuerySet

from .validators import (
    format_snils,
    validate_birth_date,
    validate_oktmo,
    validate_organization_inn,
    validate_snils,
)

YOUNG_AGE_LIMIT = 35
YOUNG_CAREER_LIMIT = 3
# The attestation order in force since 01.09.2023 sets the first and highest categories without
# an end date; categories set before that date keep their five-year term.
ATTESTATION_ORDER_START = date(2023, 9, 1)
COMPLIANCE_TERM_YEARS = 5
FORMER_CATEGORY_TERM_YEARS = 5


class Region(models.Model):
    """A subject of the Russian Federation served by one ЦНППМ."""

    name = models.CharField(_("Название"), max_length=200, unique=True)
    code = models.CharField(_("Код"), max_length=10, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Регион")
        verbose_name_plural = _("Регионы")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:municipality_list") + f"?region={self.pk}"

    @classmethod
    def scope_filter(cls, scope):
        municipalities = Municipality.objects.filter(Municipality.scope_filter(scope))
        return scope.q(region="pk") | Q(pk__in=municipalities.values("region_id"))


class Municipality(models.Model):
    """A municipal district or city district with its education authority."""

    region = models.ForeignKey(
        Region, verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="municipalities"
    )
    name = models.CharField(_("Название"), max_length=200)
    oktmo = models.CharField(
        _("Код ОКТМО"), max_length=11, unique=True, validators=[validate_oktmo]
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Муниципалитет")
        verbose_name_plural = _("Муниципалитеты")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="registry_municipality_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:municipality_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        organizations = Organization.objects.filter(scope.q(organization="pk"))
        return scope.q(region="region", municipality="pk") | Q(
            pk__in=organizations.values("municipality_id")
        )


class OrganizationKind(models.TextChoices):
    SCHOOL = "school", _("Общеобразовательная организация")
    KINDERGARTEN = "kindergarten", _("Дошкольная образовательная организация")
    ADDITIONAL = "additional", _("Организация дополнительного образования")
    VOCATIONAL = "vocational", _("Профессиональная образовательная организация")
    INSTITUTE = "institute", _("Институт развития образования / ЦНППМ")
    METHODICAL_SERVICE = "methodical_service", _("Муниципальная методическая служба")
    OTHER = "other", _("Иная организация")


class Organization(models.Model):
    """An educational organization (ОО) or a body of the methodical system."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Муниципалитет"),
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    name = models.CharField(_("Полное наименование"), max_length=500)
    short_name = models.CharField(_("Краткое наименование"), max_length=200)
    inn = models.CharField(
        _("ИНН"), max_length=10, unique=True, validators=[validate_organization_inn]
    )
    kind = models.CharField(_("Тип"), max_length=32, choices=OrganizationKind.choices)
    low_results = models.BooleanField(_("ШНОР (низкие образовательные результаты)"), default=False)
    unfavourable_conditions = models.BooleanField(
        _("Неблагоприятные социальные условия"), default=False
    )
    address = models.CharField(_("Адрес"), max_length=300, blank=True)
    email = models.EmailField(_("Электронная почта"), blank=True)
    phone = models.CharField(_("Телефон"), max_length=50, blank=True)
    is_active = models.BooleanField(_("Действует"), default=True)

    objects = ScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Организация")
        verbose_name_plural = _("Организации")
        ordering = ["short_name"]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("registry:organization_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        query = scope.q(
            region="municipality__region", municipality="municipality", organization="pk"
        )
        if scope.person_ids:
            own = Employment.objects.filter(person_id__in=scope.person_ids)
            query |= Q(pk__in=own.values("organization_id"))
        return query


class OrganizationStatusKind(models.TextChoices):
    INNOVATION_SITE = "innovation_site", _("Инновационная площадка")
    RESOURCE_CENTRE = "resource_centre", _("Ресурсный центр")
    INTERNSHIP_SITE = "internship_site", _("Стажировочная площадка")


class OrganizationStatus(models.Model):
    """A dated status of an organization: innovation site, resource centre, internship site."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        on_delete=models.CASCADE,
        related_name="statuses",
    )
    kind = models.CharField(_("Статус"), max_length=32, choices=OrganizationStatusKind.choices)
    level = models.CharField(_("Уровень"), max_length=100, blank=True)
    topic = models.CharField(_("Тема"), max_length=500, blank=True)
    start_date = models.DateField(_("Дата присвоения"))
    end_date = models.DateField(_("Действует до"), null=True, blank=True)
    document = models.CharField(_("Документ"), max_length=300, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Статус организации")
        verbose_name_plural = _("Статусы организаций")
        ordering = ["-start_date"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.organization})"

    @classmethod
    def scope_filter(cls, scope):
        return Q(organization__in=Organization.objects.filter(Organization.scope_filter(scope)))

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Дата окончания раньше даты присвоения.")})


class PositionCategory(models.TextChoices):
    TEACHING = "teaching", _("Педагогическая")
    MANAGEMENT = "management", _("Руководящая")


class Position(models.Model):
    """An entry of the reference list of teaching and management positions."""

    name = models.CharField(_("Название"), max_length=200, unique=True)
    category = models.CharField(_("Категория"), max_length=16, choices=PositionCategory.choices)
    order = models.PositiveSmallIntegerField(_("Порядок"), default=0)

    class Meta:
        verbose_name = _("Должность")
        verbose_name_plural = _("Должности")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def is_management(self):
        return self.category == PositionCategory.MANAGEMENT


class Subject(models.Model):
    """An entry of the reference list of subjects and areas taught."""

    name = models.CharField(_("Название"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("Порядок"), default=0)

    class Meta:
        verbose_name = _("Предмет")
        verbose_name_plural = _("Предметы")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PersonQuerySet(ScopedQuerySet):
    def young_specialists(self, on=None):
        """Seed 003 6.2.6: under 35 and in the first three years of work, both conditions; a
        person whose career start is unknown is not counted."""
        on = on or timezone.localdate()
        return self.filter(
            Q(birth_date__gt=add_years(on, -YOUNG_AGE_LIMIT))
            & Q(career_start__gt=add_years(on, -YOUNG_CAREER_LIMIT))
        )


class Person(models.Model):
    """A teaching or management worker. Birth date, СНИЛС and contacts are personal data."""

    last_name = models.CharField(_("Фамилия"), max_length=100)
    first_name = models.CharField(_("Имя"), max_length=100)
    middle_name = models.CharField(_("Отчество"), max_length=100, blank=True)
    birth_date = models.DateField(_("Дата рождения"), validators=[validate_birth_date])
    snils = models.CharField(
        _("СНИЛС"), max_length=11, null=True, blank=True, unique=True, validators=[validate_snils]
    )
    email = models.EmailField(_("Электронная почта"), blank=True)
    phone = models.CharField(_("Телефон"), max_length=50, blank=True)
    career_start = models.DateField(_("Начало педагогической деятельности"), null=True, blank=True)
    created = models.DateTimeField(_("Создана"), auto_now_add=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Работник")
        verbose_name_plural = _("Работники")
        ordering = ["last_name", "first_name", "middle_name"]
        indexes = [models.Index(fields=["last_name", "first_name", "middle_name", "birth_date"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        employments = Employment.objects.filter(
            scope.q(
                region="organization__municipality__region",
                municipality="organization__municipality",
                organization="organization",
            )
        )
        return Q(pk__in=employments.values("person_id")) | scope.q(person="pk")

    @property
    def full_name(self):
        return " ".join(
            part for part in (self.last_name, self.first_name, self.middle_name) if part
        )

    @property
    def snils_display(self):
        return format_snils(self.snils) if self.snils else ""

    def age(self, on=None):
        on = on or timezone.localdate()
        born = self.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def career_years(self, on=None):
        if not self.career_start:
            return None
        on = on or timezone.localdate()
        start = self.career_start
        return on.year - start.year - ((on.month, on.day) < (start.month, start.day))

    def is_young_specialist(self, on=None):
        """Under 35 and in the first three years of work (seed 003 6.2.6), as
        `PersonQuerySet.young_specialists`."""
        career = self.career_years(on)
        return self.age(on) < YOUNG_AGE_LIMIT and (
            career is not None and career < YOUNG_CAREER_LIMIT
        )

    def clean(self):
        today = timezone.localdate()
        if self.snils:
            self.snils = "".join(ch for ch in self.snils if ch.isdigit())
        if self.career_start and self.career_start > today:
            raise ValidationError(
                {"career_start": _("Начало педагогической деятельности не может быть в будущем.")}
            )
        if (
            self.career_start
            and self.birth_date
            and self.career_start < add_years(self.birth_date, 14)
        ):
            raise ValidationError(
                {"career_start": _("Педагогическая деятельность не может начаться раньше 14 лет.")}
            )


class EmploymentQuerySet(ScopedQuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class Employment(models.Model):
    """A person's job at an organization: position, subjects, main or part-time, dates."""

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.CASCADE, related_name="employments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        on_delete=models.PROTECT,
        related_name="employments",
    )
    position = models.ForeignKey(Position, verbose_name=_("Должность"), on_delete=models.PROTECT)
    subjects = models.ManyToManyField(Subject, verbose_name=_("Предметы"), blank=True)
    is_main = models.BooleanField(_("Основное место работы"), default=True)
    start_date = models.DateField(_("Дата начала"))
    end_date = models.DateField(_("Дата окончания"), null=True, blank=True)

    objects = EmploymentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[subjects])

    class Meta:
        verbose_name = _("Место работы")
        verbose_name_plural = _("Места работы")
        ordering = ["-is_main", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="registry_employment_dates",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.position}, {self.organization}"

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.person_id])

    @classmethod
    def scope_filter(cls, scope):
        return scope.q(
            region="organization__municipality__region",
            municipality="organization__municipality",
            organization="organization",
            person="person",
        )

    @property
    def is_active(self):
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Дата окончания раньше даты начала.")})


class AttestationCategory(models.TextChoices):
    COMPLIANCE = "compliance", _("Соответствие занимаемой должности")
    FIRST = "first", _("Первая квалификационная категория")
    HIGHEST = "highest", _("Высшая квалификационная категория")
    METHODIST = "methodist", _("Педагог-методист")
    MENTOR = "mentor", _("Педагог-наставник")


HIGHEST_REQUIRED = {AttestationCategory.METHODIST, AttestationCategory.MENTOR}


def attestation_valid_until(category, decision_date):
    """The end of validity under the attestation order in force since 01.09.2023."""
    if category == AttestationCategory.COMPLIANCE:
        return add_years(decision_date, COMPLIANCE_TERM_YEARS)
    if (
        category in (AttestationCategory.FIRST, AttestationCategory.HIGHEST)
        and decision_date < ATTESTATION_ORDER_START
    ):
        return add_years(decision_date, FORMER_CATEGORY_TERM_YEARS)
    return None


class AttestationQuerySet(ScopedQuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(decision_date__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def latest_per_person(self):
        latest = self.model.objects.filter(person=models.OuterRef("person")).order_by(
            "-decision_date", "-pk"
        )
        return self.filter(pk=models.Subquery(latest.values("pk")[:1]))


class Attestation(models.Model):
    """An attestation decision: a category with its date and, where the law sets one, its term."""

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.CASCADE, related_name="attestations"
    )
    category = models.CharField(_("Категория"), max_length=16, choices=AttestationCategory.choices)
    decision_date = models.DateField(_("Дата решения"))
    order_number = models.CharField(_("Номер распорядительного акта"), max_length=100, blank=True)
    position = models.ForeignKey(
        Position, verbose_name=_("Должность"), null=True, blank=True, on_delete=models.PROTECT
    )
    valid_until = models.DateField(_("Действует до"), null=True, blank=True, editable=False)

    objects = AttestationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Аттестация")
        verbose_name_plural = _("Аттестации")
        ordering = ["-decision_date"]

    def __str__(self):
        return f"{self.get_category_display()} ({self.decision_date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.person_id])

    @classmethod
    def scope_filter(cls, scope):
        return Q(person__in=Person.objects.filter(Person.scope_filter(scope)).values("pk"))

    def save(self, *args, **kwargs):
        self.valid_until = attestation_valid_until(self.category, self.decision_date)
        super().save(*args, **kwargs)

    def clean(self):
        if not (self.decision_date and self.category and self.person_id):
            return
        if self.decision_date > timezone.localdate():
            raise ValidationError({"decision_date": _("Дата решения не может быть в будущем.")})
        if self.category in HIGHEST_REQUIRED:
            holds_highest = (
                Attestation.objects.filter(
                    person_id=self.person_id, category=AttestationCategory.HIGHEST
                )
                .in_force(self.decision_date)
                .exclude(pk=self.pk)
                .exists()
            )
            if not holds_highest:
                raise ValidationError(
                    {
                        "category": _(
                            "Категория «%(category)s» устанавливается только работнику, "
                            "имеющему действующую высшую квалификационную категорию."
                        )
                        % {"category": self.get_category_display()}
                    }
                )


# The synonyms of the reference lists, kept apart to keep this module short.
from .models_synonyms import *  # noqa: E402, F403
