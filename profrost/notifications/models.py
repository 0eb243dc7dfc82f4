"""Notifications: what the product tells a user, in the inbox and by e-mail."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    DIAGNOSTIC_ASSIGNED = "diagnostic_assigned", _("Назначена диагностика")
    ROUTE_AGREED = "route_agreed", _("Маршрут согласован")
    CHECKPOINT_MARKED = "checkpoint_marked", _("Педагог отметил контрольную точку")
    ENROLLMENT_APPROVED = "enrollment_approved", _("Заявка на обучение одобрена")
    ENROLLMENT_REJECTED = "enrollment_rejected", _("Заявка на обучение отклонена")
    RECOMMENDATION_RECEIVED = "recommendation_received", _("Получена рекомендация")
    RECOMMENDATION_ANSWERED = "recommendation_answered", _("Получен ответ на рекомендацию")
    DATA_REQUEST_RECEIVED = "data_request_received", _("Получен запрос данных")
    DATA_REQUEST_RETURNED = "data_request_returned", _("Ответ на запрос данных возвращён")
    MENTORING_PAIR_FORMED = "mentoring_pair_formed", _("Сформирована наставническая пара")
    EVENT_REGISTRATION_CONFIRMED = (
        "event_registration_confirmed",
        _("Регистрация на мероприятие подтверждена"),
    )
    PERIOD_COMPUTED = "period_computed", _("Рассчитаны показатели мониторинга")
    DIAGNOSTIC_DEADLINE = "diagnostic_deadline", _("Приближается срок диагностики")
    CHECKPOINT_DUE = "checkpoint_due", _("Приближается срок контрольной точки")
    CHECKPOINT_OVERDUE = "checkpoint_overdue", _("Контрольная точка просрочена")
    COURSE_STARTING = "course_starting", _("Скоро начало обучения")
    DATA_REQUEST_DEADLINE = "data_request_deadline", _("Приближается срок запроса данных")
    EVENT_TOMORROW = "event_tomorrow", _("Мероприятие завтра")
    ATTESTATION_DUE = "attestation_due", _("Приближается срок аттестации")
    SENSITIVE_ATTENTION = "sensitive_attention", _("Результат скрининга требует внимания")


class Notification(models.Model):
    """One event told to one user. `key` names the event (e.g. «route:12»): a user is told of
    the same event of a kind once, however often the action that causes it is repeated."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Получатель"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("Вид"), max_length=40, choices=NotificationKind.choices)
    title = models.CharField(_("Заголовок"), max_length=300)
    text = models.TextField(_("Текст"), blank=True)
    url = models.CharField(_("Ссылка"), max_length=500, blank=True)
    key = models.CharField(_("Событие"), max_length=100)
    created_at = models.DateTimeField(_("Создано"), default=timezone.now)
    read_at = models.DateTimeField(_("Прочитано"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("Отправлено письмом"), null=True, blank=True)

    class Meta:
        verbose_name = _("Уведомление")
        verbose_name_plural = _("Уведомления")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "key"], name="notifications_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notifications_unread")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notifications:go", args=[self.pk])

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationSetting(models.Model):
    """A user's choice: a daily digest instead of single letters, and the kinds switched off.
    A kind switched off is neither shown in the inbox nor sent by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Пользователь"),
        on_delete=models.CASCADE,
        related_name="notification_setting",
    )
    digest = models.BooleanField(_("Раз в день одним письмом"), default=False)
    # A list of NotificationKind values; JSON rather than an array so that SQLite keeps it too.
    muted_kinds = models.JSONField(_("Отключённые виды"), default=list, blank=True)

    class Meta:
        verbose_name = _("Настройка уведомлений")
        verbose_name_plural = _("Настройки уведомлений")

    def __str__(self):
        return str(self.user)
