"""Enrolments in cohorts, their transitions and post-course support."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager, ScopedQuerySet
from profrost.registry.models import Organization, Person, person_in_scope

from .catalogue import Cohort, provided_by


class EnrollmentStatus(models.TextChoices):
    APPLIED = "applied", _("Заявка подана")
    APPROVED = "approved", _("Заявка одобрена")
    REJECTED = "rejected", _("Заявка отклонена")
    COMPLETED = "completed", _("Обучение завершено")
    WITHDRAWN = "withdrawn", _("Выбыл")


# Places are held by approved and completed enrolments.
HOLDS_PLACE = (EnrollmentStatus.APPROVED, EnrollmentStatus.COMPLETED)


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Удостоверение о повышении квалификации")
    DIPLOMA = "diploma", _("Диплом о профессиональной переподготовке")
    OTHER = "other", _("Сертификат, справка")


# The documents the federal register keeps: the удостоверение of a ПК, the диплом of a ПП.
REGISTERED = (DocumentKind.CERTIFICATE, DocumentKind.DIPLOMA)


class DocumentStatus(models.TextChoices):
    ORIGINAL = "original", _("Оригинал")
    DUPLICATE = "duplicate", _("Дубликат")


class Enrollment(models.Model):
    """A person's place in a cohort: applied → approved or rejected → completed or withdrawn."""

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("Поток"), on_delete=models.PROTECT, related_name="enrollments"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="enrollments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("Статус"),
        max_length=10,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.APPLIED,
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Заявку подал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_on = models.DateField(_("Дата заявки"), default=timezone.localdate)
    document_kind = models.CharField(
        _("Документ"), max_length=12, choices=DocumentKind.choices, blank=True
    )
    document_number = models.CharField(_("Номер документа"), max_length=100, blank=True)
    completed_on = models.DateField(_("Дата окончания обучения"), null=True, blank=True)
    # The document as the federal register of documents (ФИС ФРДО) takes it (docs/frdo.md).
    document_type = models.ForeignKey(
        "programs.RegisterDocumentKind",
        verbose_name=_("Вид документа (ФИС ФРДО)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_status = models.CharField(
        _("Статус документа"),
        max_length=10,
        choices=DocumentStatus.choices,
        default=DocumentStatus.ORIGINAL,
    )
    document_series = models.CharField(_("Серия документа"), max_length=20, blank=True)
    registration_number = models.CharField(_("Регистрационный номер"), max_length=100, blank=True)
    issued_on = models.DateField(_("Дата выдачи"), null=True, blank=True)
    study_form = models.ForeignKey(
        "programs.RegisterStudyForm",
        verbose_name=_("Форма обучения (ФИС ФРДО)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    funding = models.ForeignKey(
        "programs.FundingSource",
        verbose_name=_("Источник финансирования"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    original = models.ForeignKey(
        "self",
        verbose_name=_("Оригинал документа"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        help_text=_("Для дубликата: запись, по которой выдан оригинал."),
    )
    note = models.TextField(_("Примечание"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Запись на обучение")
        verbose_name_plural = _("Записи на обучение")
        ordering = ["-applied_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                name="programs_enrollment_once",
                violation_error_message=_("Работник уже записан на этот поток."),
            )
        ]
        # The «no training for three years» list and a person's last completion read by person,
        # status and completion date.
        indexes = [
            models.Index(
                fields=["person", "status", "completed_on"], name="programs_enrol_completion"
            ),
            models.Index(fields=["status"], name="programs_enrollment_status"),
        ]

    def __str__(self):
        return f"{self.person}: {self.cohort}"

    def get_absolute_url(self):
        return reverse("programs:enrollment_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        # The provider side (the region keeping the catalogue) also sees its learners.
        return person_in_scope(scope) | Q(cohort__program__in=provided_by(scope))


class EnrollmentTransition(models.Model):
    """One move of an enrolment's status: who, when, from and to what, why."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        _("Было"), max_length=10, choices=EnrollmentStatus.choices, blank=True
    )
    to_status = models.CharField(_("Стало"), max_length=10, choices=EnrollmentStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("Когда"), auto_now_add=True)
    note = models.CharField(_("Комментарий"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Изменение статуса записи")
        verbose_name_plural = _("Изменения статусов записей")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class PostCourseSupport(models.Model):
    """Post-course support (посткурсовое сопровождение) after a completed enrolment."""

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("Обучение"),
        on_delete=models.CASCADE,
        related_name="support",
    )
    date = models.DateField(_("Дата"))
    form = models.CharField(_("Форма сопровождения"), max_length=200)
    description = models.TextField(_("Содержание"), blank=True)
    result = models.TextField(_("Результат"), blank=True)
    by = models.ForeignKey(
        Person,
        verbose_name=_("Кто сопровождал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Посткурсовое сопровождение")
        verbose_name_plural = _("Посткурсовое сопровождение")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.enrollment}: {self.form}"

    def get_absolute_url(self):
        return reverse("programs:enrollment_detail", args=[self.enrollment_id])

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope, "enrollment__person") | Q(
            enrollment__cohort__program__in=provided_by(scope)
        )
