"""Where people work: regions, municipalities, organizations and their statuses."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profrost.core.scoping import ScopedManager

from ..validators import validate_oktmo, validate_organization_inn


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
            own = cls.objects.filter(employments__person_id__in=scope.person_ids)
            query |= Q(pk__in=own.values("pk"))
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
