"""The items of a route (activities addressing its deficits) and their checkpoints."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Person, not_withdrawn

from .routes import Route


class ActivityKind(models.TextChoices):
    PROGRAM = "program", _("Программа ДПО")
    INTERNSHIP = "internship", _("Стажировка")
    EVENT = "event", _("Методическое мероприятие")
    MENTORING = "mentoring", _("Наставничество")
    HORIZONTAL = "horizontal", _("Горизонтальное обучение в объединении")
    SELF_EDUCATION = "self_education", _("Самообразование")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Запланировано")
    IN_PROGRESS = "in_progress", _("Выполняется")
    DONE = "done", _("Выполнено")
    NOT_DONE = "not_done", _("Не выполнено")


class RouteItem(models.Model):
    """One activity of a route: what deficit it addresses, what it is, when, and its evidence."""

    route = models.ForeignKey(
        Route, verbose_name=_("Маршрут"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("№"), default=0)
    deficit = models.ForeignKey(
        "diagnostics.Deficit",
        verbose_name=_("Дефицит"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="route_items",
    )
    covered_deficits = models.ManyToManyField(
        "diagnostics.Deficit",
        verbose_name=_("Дефициты, на которые направлен пункт"),
        blank=True,
        related_name="covering_route_items",
        help_text=_(
            "Одна программа может устранять несколько дефицитов; первый — в поле «Дефицит»."
        ),
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("Компетенция"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("Форма"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("Содержание"), max_length=500)
    cohort = models.ForeignKey(
        "programs.Cohort",
        verbose_name=_("Поток программы"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="route_items",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("Программа"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="route_items",
    )
    mentor = models.ForeignKey(
        Person,
        verbose_name=_("Наставник"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    link_title = models.CharField(_("Мероприятие, объединение"), max_length=300, blank=True)
    link_url = models.URLField(_("Ссылка"), blank=True)
    starts_on = models.DateField(_("Начало"), null=True, blank=True)
    ends_on = models.DateField(_("Окончание"), null=True, blank=True)
    hours = models.PositiveIntegerField(_("Часов"), default=0)
    expected_result = models.TextField(_("Ожидаемый результат"), blank=True)
    reporting_form = models.CharField(_("Форма отчётности"), max_length=300, blank=True)
    status = models.CharField(
        _("Статус"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    evidence_text = models.TextField(_("Подтверждение"), blank=True)
    evidence_file = models.FileField(
        _("Файл-подтверждение"), upload_to="routes/evidence/%Y/%m/", blank=True
    )
    evidence_url = models.URLField(_("Ссылка-подтверждение"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Пункт маршрута")
        verbose_name_plural = _("Пункты маршрута")
        ordering = ["route", "order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routes:route_detail", args=[self.route_id]) + f"#item-{self.pk}"

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "route__person")

    @classmethod
    def scope_filter(cls, scope):
        return Q(route__in=Route.objects.filter(Route.scope_filter(scope)).values("pk"))

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})
        if self.kind == ActivityKind.PROGRAM and not (self.cohort_id or self.program_id):
            raise ValidationError({"program": _("Укажите программу или её поток.")})
        if self.kind == ActivityKind.MENTORING and not self.mentor_id:
            raise ValidationError({"mentor": _("Укажите наставника.")})


class Checkpoint(models.Model):
    """A checkpoint (контрольная точка) of a route item with its date."""

    item = models.ForeignKey(
        RouteItem, verbose_name=_("Пункт"), on_delete=models.CASCADE, related_name="checkpoints"
    )
    title = models.CharField(_("Контрольная точка"), max_length=300)
    due_on = models.DateField(_("Срок"))
    done_on = models.DateField(_("Выполнена"), null=True, blank=True)
    note = models.TextField(_("Комментарий"), blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Контрольная точка")
        verbose_name_plural = _("Контрольные точки")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routes:route_detail", args=[self.item.route_id]) + f"#item-{self.item_id}"

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "item__route__person")

    @classmethod
    def scope_filter(cls, scope):
        return Q(item__in=RouteItem.objects.filter(RouteItem.scope_filter(scope)).values("pk"))

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()
