"""Individual educational routes (ИОМ), their items and checkpoints."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.methodists.models import MethodistAssignment
from profrost.registry.models import Person


def person_in_scope(scope, path="person"):
    people = Person.objects.filter(Person.scope_filter(scope)).values("pk")
    return Q(**{f"{path}__in": people})


class RouteStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    AGREED = "agreed", _("Согласован")
    IN_PROGRESS = "in_progress", _("Выполняется")
    COMPLETED = "completed", _("Завершён")
    CANCELLED = "cancelled", _("Отменён")


class Route(models.Model):
    """An individual educational route (ИОМ, seed 003 1.3): activities that address a person's
    deficits, accompanied by a tutor with checkpoints.

    `deficit_snapshot` keeps the deficit map the route was built from, one entry per open
    deficit: {"deficit", "competence", "code", "name", "level", "percent", "found_on", "note"};
    `note` is the methodist's explanation for a deficit that no item addresses.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="routes"
    )
    title = models.CharField(_("Название"), max_length=300)
    starts_on = models.DateField(_("Начало"))
    ends_on = models.DateField(_("Окончание"))
    status = models.CharField(
        _("Статус"), max_length=12, choices=RouteStatus.choices, default=RouteStatus.DRAFT
    )
    tutor = models.ForeignKey(
        Person,
        verbose_name=_("Тьютор (методист)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tutored_routes",
    )
    hours_budget = models.PositiveIntegerField(
        _("Бюджет часов"), default=72, validators=[MinValueValidator(1)]
    )
    deficit_snapshot = models.JSONField(_("Дефициты при построении"), default=list, blank=True)
    goal = models.TextField(_("Цель маршрута"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Составил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создан"), auto_now_add=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Согласовал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreed_on = models.DateField(_("Согласован"), null=True, blank=True)
    completed_on = models.DateField(_("Завершён"), null=True, blank=True)
    cancel_reason = models.TextField(_("Причина отмены"), blank=True)
    rediagnosis_attempt = models.ForeignKey(
        "diagnostics.Attempt",
        verbose_name=_("Повторная диагностика"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Индивидуальный образовательный маршрут")
        verbose_name_plural = _("Индивидуальные образовательные маршруты")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="routes_route_dates"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("routes:route_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """The people in scope; for a person-level scope also the routes they tutor and those
        of the people assigned to them as a methodist of the regional asset."""
        query = person_in_scope(scope) | scope.q(person="tutor")
        if scope.person_ids:
            today = timezone.localdate()
            assigned = MethodistAssignment.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today),
                methodist__person__in=scope.person_ids,
                starts_on__lte=today,
            )
            query |= Q(person__in=assigned.values("person_id"))
        return query

    @property
    def is_open(self):
        return self.status in (RouteStatus.DRAFT, RouteStatus.AGREED, RouteStatus.IN_PROGRESS)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Окончание раньше начала.")})
        if self.tutor_id and self.tutor_id == self.person_id:
            raise ValidationError({"tutor": _("Тьютор не может сопровождать сам себя.")})


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
    def scope_filter(cls, scope):
        return Q(item__in=RouteItem.objects.filter(RouteItem.scope_filter(scope)).values("pk"))

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()
