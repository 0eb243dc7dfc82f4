"""Consent to the processing of personal data (152-ФЗ): since 01.09.2025 a separate document.

The region keeps the text in versions (`ConsentText`); a person's consent (`Consent`) names the
version it was given to, how (a signed paper scanned by the school, or accepted by the person in
the system) and when, and its withdrawal. A person has at most one consent in force."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Person, Region

SCAN_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
MAX_SCAN_SIZE = 10 * 1024 * 1024


class ConsentMethod(models.TextChoices):
    PAPER = "paper", _("Подписано на бумаге")
    ONLINE = "online", _("Принято в системе")


class ConsentText(models.Model):
    """A version of the region's consent text; a new version never changes what was signed."""

    region = models.ForeignKey(
        Region, verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("Версия"))
    title = models.CharField(_("Заголовок"), max_length=300)
    operator = models.TextField(
        _("Оператор"), help_text=_("Наименование и адрес оператора персональных данных.")
    )
    purposes = models.TextField(_("Цели обработки"))
    body = models.TextField(_("Текст согласия"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Текст согласия")
        verbose_name_plural = _("Тексты согласия")
        ordering = ["region", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="consents_text_version")
        ]

    def __str__(self):
        return _("%(title)s, версия %(version)s") % {"title": self.title, "version": self.version}

    @classmethod
    def scope_filter(cls, scope):
        return scope.q(
            region="region",
            municipality="region__municipalities",
            organization="region__municipalities__organizations",
        )


class Consent(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="consents"
    )
    text = models.ForeignKey(
        ConsentText, verbose_name=_("Текст согласия"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("Как дано"), max_length=10, choices=ConsentMethod.choices)
    given_on = models.DateField(_("Дата согласия"))
    scan = models.FileField(_("Скан подписанного согласия"), upload_to="consents/%Y/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто внёс"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("Внесено"), default=timezone.now)
    withdrawn_on = models.DateField(_("Дата отзыва"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто внёс отзыв"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_note = models.TextField(_("Основание отзыва"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Согласие на обработку персональных данных")
        verbose_name_plural = _("Согласия на обработку персональных данных")
        ordering = ["person", "-given_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(withdrawn_on__isnull=True),
                name="consents_one_in_force",
            )
        ]

    def __str__(self):
        return _("Согласие от %(date)s") % {"date": self.given_on.strftime("%d.%m.%Y")}

    def get_absolute_url(self):
        return reverse("consents:person", args=[self.person_id])

    @property
    def in_force(self):
        return self.withdrawn_on is None

    @classmethod
    def scope_filter(cls, scope):
        return Q(person__in=Person.objects.filter(Person.scope_filter(scope)).values("pk"))


class Erasure(models.Model):
    """A person whose personal data were removed once the retention term after their last job
    had passed (consents/retention.py). The person row stays, anonymised, so that counts and
    the records the law requires keep it; this row says it was done, and when."""

    person = models.OneToOneField(
        Person, verbose_name=_("Работник"), on_delete=models.CASCADE, related_name="erasure"
    )
    erased_on = models.DateField(_("Данные удалены"))

    class Meta:
        verbose_name = _("Удаление персональных данных по сроку хранения")
        verbose_name_plural = _("Удаления персональных данных по сроку хранения")
        ordering = ["-erased_on", "-pk"]

    def __str__(self):
        return _("Данные удалены %(date)s") % {"date": self.erased_on.strftime("%d.%m.%Y")}
