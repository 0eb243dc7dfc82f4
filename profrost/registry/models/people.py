"""People of the registry and their jobs."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profrost.core.dates import add_years
from profrost.core.roles import Perm
from profrost.core.scoping import ScopedQuerySet, resolve_scope

from ..validators import format_snils, validate_birth_date, validate_snils
from .places import Organization
from .references import Country, Position, Subject

YOUNG_AGE_LIMIT = 35
YOUNG_CAREER_LIMIT = 3


class ConsentState(models.TextChoices):
    """Where the person's consent to the processing of personal data stands (kept by the
    consents app's services; docs/personal-data.md)."""

    MISSING = "missing", _("Нет согласия")
    GIVEN = "given", _("Согласие дано")
    WITHDRAWN = "withdrawn", _("Согласие отозвано")


class Gender(models.TextChoices):
    # The labels are the values the federal register of documents (ФИС ФРДО) takes.
    MALE = "male", _("Муж")
    FEMALE = "female", _("Жен")


class EducationLevel(models.TextChoices):
    """The level of the education a ДПО learner had before (ВО or СПО is required by law)."""

    HIGHER = "higher", _("ВО")
    SECONDARY = "secondary", _("СПО")


# ОКСМ code of the Russian Federation: the citizenship a new person starts with.
RUSSIA = "643"


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
    # What the federal register of documents on education needs of a ДПО learner (docs/frdo.md).
    gender = models.CharField(_("Пол"), max_length=6, choices=Gender.choices, blank=True)
    citizenship = models.ForeignKey(
        Country,
        verbose_name=_("Гражданство"),
        to_field="code",
        default=RUSSIA,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    education_level = models.CharField(
        _("Уровень образования"), max_length=10, choices=EducationLevel.choices, blank=True
    )
    diploma_last_name = models.CharField(_("Фамилия в дипломе"), max_length=100, blank=True)
    diploma_series = models.CharField(_("Серия диплома"), max_length=20, blank=True)
    diploma_number = models.CharField(_("Номер диплома"), max_length=30, blank=True)
    created = models.DateTimeField(_("Создана"), auto_now_add=True)
    consent_state = models.CharField(
        _("Согласие на обработку ПДн"),
        max_length=10,
        choices=ConsentState.choices,
        default=ConsentState.MISSING,
        editable=False,
        db_index=True,
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["consent_state"])

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

    @classmethod
    def private_filter(cls, user):
        return staff_record_rule(user, "pk")

    @property
    def consent_withdrawn(self):
        return self.consent_state == ConsentState.WITHDRAWN

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
    def private_filter(cls, user):
        return staff_record_rule(user)

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


def not_withdrawn(user, *paths):
    """Rows about people (at each of `paths`, «pk» for the person itself) none of whom has
    withdrawn their consent (bar the user themselves): after a withdrawal nobody
    else reads the person's diagnostics, routes, network, mentoring or achievements
    (docs/personal-data.md, «Отзыв согласия»). The private filter of every model that is a
    record about a person."""
    rule = Q()
    person_id = getattr(user, "person_id", None)
    for path in paths:
        state = "consent_state" if path == "pk" else f"{path}__consent_state"
        kept = ~Q(**{state: ConsentState.WITHDRAWN})
        if person_id:
            kept |= Q(**{path: person_id})
        rule &= kept
    return rule


def staff_record_rule(user, path="person"):
    """After the consent is withdrawn the person stays only in the staff record their employer
    must keep (the registry card, the jobs, the attestation): seen by themselves and by whoever
    keeps their staff record (registry.manage_staff), not by the region's methodists."""
    keepers = resolve_scope(user, Perm.MANAGE_STAFF)
    if keepers.everything or keepers == resolve_scope(user, Perm.VIEW_REGISTRY):
        # Whoever keeps the staff record of everybody they see (a school, a municipality, the
        # region's administrator) sees the withdrawn too: no extra filter to pay for.
        return Q()
    rule = not_withdrawn(user, path)
    if not keepers.empty:
        rule |= Person.scope_filter(keepers) if path == "pk" else person_in_scope(keepers, path)
    return rule


def person_in_scope(scope, path="person"):
    """Rows whose person (at `path`) lies inside the scope, as for the registry's people: the
    scope filter of every model that belongs to a person."""
    people = Person.objects.filter(Person.scope_filter(scope)).values("pk")
    return Q(**{f"{path}__in": people})
