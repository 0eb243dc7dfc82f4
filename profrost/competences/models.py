from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager


class CompetenceAudience(models.TextChoices):
    ALL = "all", _("Все работники")
    TEACHERS = "teachers", _("Педагоги")
    MANAGERS = "managers", _("Управленческие кадры")


class CompetenceGroup(models.Model):
    """A group of the framework: предметные, методические, … управленческие, цифровые."""

    code = models.SlugField(_("Код"), max_length=40, unique=True)
    name = models.CharField(_("Название"), max_length=200, unique=True)
    audience = models.CharField(
        _("Для кого"),
        max_length=10,
        choices=CompetenceAudience.choices,
        default=CompetenceAudience.TEACHERS,
    )
    order = models.PositiveSmallIntegerField(_("Порядок"), default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Группа компетенций")
        verbose_name_plural = _("Группы компетенций")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("competences:competence_list") + f"?group={self.pk}"

    @classmethod
    def scope_filter(cls, scope):
        # The framework is the region's common language: anyone with a scope may read it.
        return Q()


class Competence(models.Model):
    """A professional competence with a stable code that imports and the API use.

    Competences form a tree under their group; a competence may name the labour function of the
    professional standard «Педагог» it comes from.
    """

    group = models.ForeignKey(
        CompetenceGroup,
        verbose_name=_("Группа"),
        on_delete=models.PROTECT,
        related_name="competences",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Входит в"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(
        _("Код"),
        max_length=40,
        unique=True,
        help_text=_("Латинские буквы, цифры, точка, дефис: например, MET.02."),
    )
    name = models.CharField(_("Название"), max_length=300)
    description = models.TextField(_("Описание"), blank=True)
    labour_function = models.CharField(
        _("Трудовая функция профстандарта «Педагог»"),
        max_length=300,
        blank=True,
        help_text=_("Например: A/01.6 Общепедагогическая функция. Обучение."),
    )
    order = models.PositiveSmallIntegerField(_("Порядок"), default=0)
    is_active = models.BooleanField(_("Используется"), default=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Компетенция")
        verbose_name_plural = _("Компетенции")
        ordering = ["group__order", "order", "code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("competences:competence_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        return Q()

    def clean(self):
        if self.code:
            self.code = self.code.strip().upper()
            allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
            if not set(self.code) <= allowed:
                raise ValidationError(
                    {"code": _("Код может содержать только латинские буквы, цифры, «.», «-», «_».")}
                )
        if self.parent_id:
            if self.parent.group_id != self.group_id:
                raise ValidationError(
                    {"parent": _("Вышестоящая компетенция должна быть из той же группы.")}
                )
            node = self.parent
            while node is not None:
                if self.pk and node.pk == self.pk:
                    raise ValidationError(
                        {"parent": _("Компетенция не может входить сама в себя.")}
                    )
                node = node.parent
