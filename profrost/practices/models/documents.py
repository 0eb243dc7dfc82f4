"""Methodical materials and documents of the region, a municipality or an organization:
recommendations, manuals, municipal programmes and projects, monitorings, plans, regulations.

Seed 001 names «наличие» indicators (a programme, a project, a monitoring exists): each is the
question whether a document of a kind is in force for a scope on a date
(`selectors.documents_in_force`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedQuerySet
from profrost.network.models import places
from profrost.network.models.places import target_change_q

from ..validators import FILE_HELP, FILE_VALIDATORS


class DocumentKind(models.TextChoices):
    RECOMMENDATIONS = "recommendations", _("Методические рекомендации")
    MANUAL = "manual", _("Методическое пособие")
    MUNICIPAL_PROGRAM = "municipal_program", _("Муниципальная программа")
    MUNICIPAL_PROJECT = "municipal_project", _("Муниципальный проект")
    MONITORING = "monitoring", _("Мониторинг")
    PLAN = "plan", _("План")
    REGULATION = "regulation", _("Положение")
    OTHER = "other", _("Иной документ")


MUNICIPAL_KINDS = (DocumentKind.MUNICIPAL_PROGRAM, DocumentKind.MUNICIPAL_PROJECT)


class MunicipalTopic(models.TextChoices):
    """The areas of the municipal programmes and projects seed 001 §3.2 names one by one."""

    PROJECT_WORK = "project_work", _("Проектная и исследовательская деятельность обучающихся")
    PRE_PROFILE = "pre_profile", _("Предпрофильная подготовка и профильное обучение")
    INCLUSION = "inclusion", _("Инклюзивные практики")
    DIGITAL = "digital", _("Цифровизация образовательного процесса")
    ASSOCIATIONS = "associations", _("Поддержка ШМО и РМО")


class DocumentLevel(models.TextChoices):
    REGION = "region", _("Региональный")
    MUNICIPALITY = "municipality", _("Муниципальный")
    ORGANIZATION = "organization", _("Уровень организации")


class DocumentQuerySet(ScopedQuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on), Q(valid_to__isnull=True) | Q(valid_to__gte=on))


class Document(models.Model):
    """A document with a kind, a scope (the region, a municipality or an organization by its
    level; the upper places are stored too) and its period of force, as a file or a link."""

    kind = models.CharField(_("Вид"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("Название"), max_length=500)
    number = models.CharField(
        _("Реквизиты"),
        max_length=200,
        blank=True,
        help_text=_("Например: приказ от 01.09.2025 № 245."),
    )
    level = models.CharField(_("Уровень"), max_length=16, choices=DocumentLevel.choices)
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
        related_name="methodical_documents",
    )
    topic = models.CharField(
        _("Направление"),
        max_length=16,
        choices=MunicipalTopic.choices,
        blank=True,
        help_text=_("Для муниципальной программы или проекта."),
    )
    valid_from = models.DateField(_("Действует с"))
    valid_to = models.DateField(
        _("Действует по"), null=True, blank=True, help_text=_("Пусто — бессрочно.")
    )
    description = models.TextField(_("Аннотация"), blank=True)
    file = models.FileField(
        _("Файл"),
        upload_to="practices/documents/%Y/",
        blank=True,
        validators=FILE_VALIDATORS,
        help_text=FILE_HELP,
    )
    url = models.URLField(_("Ссылка"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Внёс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Внесён"), auto_now_add=True)
    updated = models.DateTimeField(_("Изменён"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Документ")
        verbose_name_plural = _("Методические материалы и документы")
        ordering = ["-valid_from", "title"]
        indexes = [models.Index(fields=["kind", "level", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="practices_document_period",
                violation_error_message=_("Окончание действия раньше его начала."),
            ),
            models.CheckConstraint(
                condition=Q(level="region", municipality__isnull=True, organization__isnull=True)
                | Q(level="municipality", municipality__isnull=False, organization__isnull=True)
                | Q(level="organization", municipality__isnull=False, organization__isnull=False),
                name="practices_document_reach",
                violation_error_message=_("Уровень документа не совпадает с его принадлежностью."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:document_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """Around the scope's places: a teacher reads the documents of the region, of the
        municipality and of the organizations where they work."""
        return places(scope).reach_q() | cls.change_filter(scope)

    @classmethod
    def change_filter(cls, scope):
        return target_change_q(scope)

    @property
    def target(self):
        return self.organization or self.municipality or self.region

    @property
    def in_force_now(self):
        return self.is_in_force()

    def is_in_force(self, on=None):
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Окончание действия раньше его начала.")
        if self.level == DocumentLevel.MUNICIPALITY and not self.municipality_id:
            errors["municipality"] = _("Укажите муниципалитет.")
        if self.level == DocumentLevel.ORGANIZATION and not self.organization_id:
            errors["organization"] = _("Укажите организацию.")
        if self.kind in MUNICIPAL_KINDS and self.level != DocumentLevel.MUNICIPALITY:
            errors["level"] = _(
                "Муниципальная программа или проект принимается на муниципальном уровне."
            )
        if self.topic and self.kind not in MUNICIPAL_KINDS:
            errors["topic"] = _("Направление указывается у муниципальной программы или проекта.")
        if not self.file and not self.url and not self.description:
            errors["file"] = _("Приложите файл, укажите ссылку или аннотацию документа.")
        if errors:
            raise ValidationError(errors)
