"""Publications of teachers."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Organization, Person, not_withdrawn, person_in_scope

from .base import PublicationLevel, validate_year


class PublicationKind(models.TextChoices):
    ARTICLE = "article", _("Статья")
    THESES = "theses", _("Тезисы доклада")
    MANUAL = "manual", _("Методическое пособие")
    RECOMMENDATIONS = "recommendations", _("Методические рекомендации")
    TEXTBOOK = "textbook", _("Учебное пособие")
    PROGRAM = "program", _("Программа")
    COLLECTION = "collection", _("Сборник (составитель)")
    ELECTRONIC = "electronic", _("Электронный ресурс")
    OTHER = "other", _("Иное")


class Publication(models.Model):
    """A person's publication in a methodical, scientific or pedagogical edition."""

    person = models.ForeignKey(
        Person, verbose_name=_("Автор"), on_delete=models.CASCADE, related_name="publications"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Основное место работы автора на момент публикации."),
    )
    title = models.CharField(_("Название"), max_length=500)
    kind = models.CharField(
        _("Вид"), max_length=16, choices=PublicationKind.choices, default=PublicationKind.ARTICLE
    )
    edition = models.CharField(
        _("Издание"), max_length=500, help_text=_("Журнал, сборник, сайт; выходные данные.")
    )
    level = models.CharField(_("Уровень издания"), max_length=16, choices=PublicationLevel.choices)
    year = models.PositiveSmallIntegerField(_("Год"), validators=[validate_year])
    url = models.URLField(_("Ссылка"), max_length=500, blank=True)
    coauthors = models.CharField(_("Соавторы"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Внёс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Внесено"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Публикация")
        verbose_name_plural = _("Публикации")
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["year", "level"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("achievements:publication_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    @classmethod
    def change_filter(cls, scope):
        # A teacher's scope is their own person: they keep their own publications.
        return person_in_scope(scope)
