"""Data requests to organizations (seed 001 §4, «запросы в образовательные организации»).

A municipal or regional methodist builds a form (a request with its fields), sends it to the
organizations of the own scope, and each organization's administrator fills the answers of the
own organization. The request is seen by who holds its level (its region, or its municipality and
the region above it) and, once sent, by whoever holds one of the organizations it went to.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedQuerySet


class RequestLevel(models.TextChoices):
    REGION = "region", _("Региональный")
    MUNICIPALITY = "municipality", _("Муниципальный")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SENT = "sent", _("Отправлен")
    CLOSED = "closed", _("Закрыт")


class DataRequest(models.Model):
    """A request for data the system does not hold: a form sent to organizations by a deadline.

    The region is always stored and the municipality for a municipal request, so that scope
    filters stay simple. Fields change only while the request is a draft."""

    title = models.CharField(_("Название"), max_length=300)
    instructions = models.TextField(
        _("Пояснения для организаций"),
        blank=True,
        help_text=_("Что и на какую дату указывать, откуда брать сведения."),
    )
    level = models.CharField(_("Уровень"), max_length=16, choices=RequestLevel.choices)
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
    deadline = models.DateField(_("Срок ответа"))
    status = models.CharField(
        _("Статус"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создан"), auto_now_add=True)
    sent_at = models.DateTimeField(_("Отправлен"), null=True, blank=True)
    closed_at = models.DateTimeField(_("Закрыт"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Запрос данных")
        verbose_name_plural = _("Запросы данных")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="region") | Q(municipality__isnull=False),
                name="datarequests_request_municipality",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("datarequests:request_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """Its owners see it; once sent, so does whoever holds an organization it went to."""
        reached = RequestRecipient.objects.filter(
            scope.q(
                region="organization__municipality__region",
                municipality="organization__municipality",
                organization="organization",
            )
        ).values("request_id")
        return cls.change_filter(scope) | (~Q(status=RequestStatus.DRAFT) & Q(pk__in=reached))

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region") | (
            Q(level=RequestLevel.MUNICIPALITY) & scope.q(municipality="municipality")
        )

    @property
    def sender(self):
        return self.municipality if self.level == RequestLevel.MUNICIPALITY else self.region

    @property
    def is_draft(self):
        return self.status == RequestStatus.DRAFT

    @property
    def is_sent(self):
        return self.status == RequestStatus.SENT

    @property
    def is_closed(self):
        return self.status == RequestStatus.CLOSED

    def deadline_passed(self, today=None):
        return (today or timezone.localdate()) > self.deadline

    def clean(self):
        if self.level == RequestLevel.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": _("Укажите муниципалитет.")})
        if (
            self.municipality_id
            and self.region_id
            and self.municipality.region_id != self.region_id
        ):
            raise ValidationError({"municipality": _("Муниципалитет из другого региона.")})


class FieldKind(models.TextChoices):
    NUMBER = "number", _("Число")
    INTEGER = "integer", _("Целое число")
    TEXT = "text", _("Текст")
    BOOLEAN = "boolean", _("Да/нет")
    DATE = "date", _("Дата")
    CHOICE = "choice", _("Выбор из списка")


NUMERIC_KINDS = (FieldKind.NUMBER, FieldKind.INTEGER)
# Numbers are kept with four decimals: shares, hours and money all fit.
NUMBER_DIGITS, NUMBER_DECIMALS = 18, 4
MAX_NUMBER = Decimal(10) ** (NUMBER_DIGITS - NUMBER_DECIMALS)


class RequestField(models.Model):
    """One question of a request: what to enter, of which kind, and the limits of the answer."""

    request = models.ForeignKey(
        DataRequest, verbose_name=_("Запрос"), on_delete=models.CASCADE, related_name="fields"
    )
    order = models.PositiveSmallIntegerField(_("Номер"), default=0)
    label = models.CharField(_("Вопрос"), max_length=300)
    kind = models.CharField(_("Тип ответа"), max_length=10, choices=FieldKind.choices)
    required = models.BooleanField(_("Обязательный"), default=True)
    hint = models.CharField(_("Подсказка"), max_length=500, blank=True)
    choices = models.TextField(
        _("Варианты ответа"),
        blank=True,
        help_text=_("Для выбора из списка: каждый вариант с новой строки."),
    )
    min_value = models.DecimalField(
        _("Не меньше"),
        max_digits=NUMBER_DIGITS,
        decimal_places=NUMBER_DECIMALS,
        null=True,
        blank=True,
        help_text=_("Для чисел; пусто — без ограничения."),
    )
    max_value = models.DecimalField(
        _("Не больше"),
        max_digits=NUMBER_DIGITS,
        decimal_places=NUMBER_DECIMALS,
        null=True,
        blank=True,
        help_text=_("Для чисел; пусто — без ограничения."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Поле запроса")
        verbose_name_plural = _("Поля запроса")
        ordering = ["request", "order", "pk"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("datarequests:request_detail", args=[self.request_id]) + "#fields"

    @classmethod
    def scope_filter(cls, scope):
        return Q(request__in=DataRequest.objects.filter(DataRequest.scope_filter(scope)))

    @classmethod
    def change_filter(cls, scope):
        return Q(request__in=DataRequest.objects.filter(DataRequest.change_filter(scope)))

    @property
    def is_numeric(self):
        return self.kind in NUMERIC_KINDS

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        if self.kind == FieldKind.CHOICE:
            options = self.choice_list
            if len(options) < 2:
                raise ValidationError(
                    {"choices": _("Укажите не меньше двух вариантов, каждый с новой строки.")}
                )
            if len(set(options)) != len(options):
                raise ValidationError({"choices": _("Варианты ответа не должны повторяться.")})
            self.choices = "\n".join(options)
        else:
            self.choices = ""
        if self.kind not in NUMERIC_KINDS:
            self.min_value = self.max_value = None
            return
        for name in ("min_value", "max_value"):
            value = getattr(self, name)
            if self.kind == FieldKind.INTEGER and value is not None and value != int(value):
                raise ValidationError({name: _("Для целого числа границы должны быть целыми.")})
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError({"max_value": _("Верхняя граница меньше нижней.")})


class RecipientStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Не начат")
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("Отправлен")
    RETURNED = "returned", _("Возвращён на доработку")


class RequestRecipient(models.Model):
    """An organization a request is sent to, with the state of its answer."""

    request = models.ForeignKey(
        DataRequest, verbose_name=_("Запрос"), on_delete=models.CASCADE, related_name="recipients"
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        on_delete=models.PROTECT,
        related_name="data_requests",
    )
    status = models.CharField(
        _("Состояние ответа"),
        max_length=12,
        choices=RecipientStatus.choices,
        default=RecipientStatus.NOT_STARTED,
    )
    updated_at = models.DateTimeField(_("Изменён"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("Отправлен"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Отправил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_comment = models.TextField(_("Комментарий методиста"), blank=True)
    returned_at = models.DateTimeField(_("Возвращён"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Получатель запроса")
        verbose_name_plural = _("Получатели запроса")
        ordering = ["request", "organization__short_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organization"], name="datarequests_recipient_once"
            )
        ]

    def __str__(self):
        return f"{self.request}: {self.organization}"

    def get_absolute_url(self):
        return reverse("datarequests:answer", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """The request's owners see every recipient; an organization (or who holds it) sees its
        own once the request is sent."""
        owners = DataRequest.objects.filter(DataRequest.change_filter(scope)).values("pk")
        own = scope.q(
            region="organization__municipality__region",
            municipality="organization__municipality",
            organization="organization",
        )
        return Q(request__in=owners) | (~Q(request__status=RequestStatus.DRAFT) & own)

    @classmethod
    def change_filter(cls, scope):
        """Answering: only an organization of the own scope, of a request that was sent."""
        return ~Q(request__status=RequestStatus.DRAFT) & scope.q(organization="organization")

    @property
    def is_submitted(self):
        return self.status == RecipientStatus.SUBMITTED

    def is_overdue(self, today=None):
        return (
            not self.request.is_draft
            and not self.is_submitted
            and self.request.deadline_passed(today)
        )


class RequestAnswer(models.Model):
    """The value one organization gave to one field, stored by its type."""

    recipient = models.ForeignKey(
        RequestRecipient,
        verbose_name=_("Получатель"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    field = models.ForeignKey(
        RequestField, verbose_name=_("Поле"), on_delete=models.CASCADE, related_name="answers"
    )
    number = models.DecimalField(
        _("Число"),
        max_digits=NUMBER_DIGITS,
        decimal_places=NUMBER_DECIMALS,
        null=True,
        blank=True,
    )
    text = models.TextField(_("Текст"), blank=True)
    flag = models.BooleanField(_("Да/нет"), null=True, blank=True)
    day = models.DateField(_("Дата"), null=True, blank=True)
    updated = models.DateTimeField(_("Сохранён"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ответ на запрос")
        verbose_name_plural = _("Ответы на запросы")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "field"], name="datarequests_answer_once")
        ]

    def __str__(self):
        return f"{self.recipient_id}/{self.field_id}"

    @classmethod
    def scope_filter(cls, scope):
        recipients = RequestRecipient.objects.filter(RequestRecipient.scope_filter(scope))
        return Q(recipient__in=recipients)

    @property
    def value(self):
        """The typed value for the field's kind: Decimal, int, str, bool or date (or None)."""
        kind = self.field.kind
        if kind == FieldKind.INTEGER:
            return None if self.number is None else int(self.number)
        if kind == FieldKind.NUMBER:
            return self.number
        if kind == FieldKind.BOOLEAN:
            return self.flag
        if kind == FieldKind.DATE:
            return self.day
        return self.text or None
