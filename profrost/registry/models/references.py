"""The reference lists of positions and subjects, and their synonyms: the names rosters give
to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profrost.core.importers.references import reference_key
from profrost.core.scoping import ScopedQuerySet


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


class ReferenceKind(models.TextChoices):
    POSITION = "position", _("Должность")
    SUBJECT = "subject", _("Предмет")


class ReferenceSynonymQuerySet(ScopedQuerySet):
    pass


class ReferenceSynonym(models.Model):
    """Another name of a position or a subject, as rosters write it («зам. директора по УВР»,
    «Английский язык»): imports match it as the reference row. Kept by administrators, or added
    from an import preview by whoever may keep the reference lists."""

    kind = models.CharField(_("Справочник"), max_length=16, choices=ReferenceKind.choices)
    synonym = models.CharField(_("Как пишут в файлах"), max_length=200)
    # The synonym as imports compare it (core.importers.references.reference_key).
    key = models.CharField(_("Для сравнения"), max_length=200, editable=False)
    position = models.ForeignKey(
        Position, verbose_name=_("Должность"), null=True, blank=True, on_delete=models.CASCADE
    )
    subject = models.ForeignKey(
        Subject, verbose_name=_("Предмет"), null=True, blank=True, on_delete=models.CASCADE
    )
    created_by = models.ForeignKey(
        "core.User",
        verbose_name=_("Кто добавил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Добавлен"), auto_now_add=True)

    objects = models.Manager.from_queryset(ReferenceSynonymQuerySet)()

    class Meta:
        verbose_name = _("Синоним справочника")
        verbose_name_plural = _("Синонимы справочников")
        ordering = ["kind", "synonym"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="registry_synonym_unique_key"),
            models.CheckConstraint(
                condition=Q(
                    kind=ReferenceKind.POSITION, position__isnull=False, subject__isnull=True
                )
                | Q(kind=ReferenceKind.SUBJECT, subject__isnull=False, position__isnull=True),
                name="registry_synonym_target_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.synonym} → {self.target}"

    def get_absolute_url(self):
        return reverse("registry:synonym_update", args=[self.pk])

    @property
    def target(self):
        return self.position if self.kind == ReferenceKind.POSITION else self.subject

    @classmethod
    def scope_filter(cls, scope):
        # The reference lists are common to everyone: so are their synonyms.
        return Q()

    def clean(self):
        self.key = reference_key(self.synonym)
        if not self.key:
            raise ValidationError({"synonym": _("Укажите, как это значение пишут в файлах.")})
        if self.target is None:
            raise ValidationError(_("Выберите, чему соответствует синоним."))
        other = "subject" if self.kind == ReferenceKind.POSITION else "position"
        setattr(self, other, None)

    def save(self, *args, **kwargs):
        self.key = reference_key(self.synonym)
        super().save(*args, **kwargs)


class Country(models.Model):
    """An entry of ОКСМ, the classifier of the world's countries: a person's citizenship as the
    federal register of documents (ФИС ФРДО) takes it, by its three-digit code."""

    code = models.CharField(_("Код ОКСМ"), max_length=3, unique=True)
    name = models.CharField(_("Краткое наименование"), max_length=200)
    is_active = models.BooleanField(_("Действует"), default=True)

    class Meta:
        verbose_name = _("Страна (ОКСМ)")
        verbose_name_plural = _("Страны (ОКСМ)")
        ordering = ["name"]

    def __str__(self):
        return self.name
