from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountStatus(models.TextChoices):
    NONE = "none", _("нет")
    INVITED = "invited", _("приглашение отправлено")
    ACTIVE = "active", _("активна")
    DISABLED = "disabled", _("отключена")


class Invitation(models.Model):
    """One sending of an invitation letter: a re-send is a new row, and only the latest row's
    link works (tokens.InvitationTokenGenerator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Учётная запись"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто пригласил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("Отправлено"), default=timezone.now)
    accepted_at = models.DateTimeField(_("Принято"), null=True, blank=True)

    class Meta:
        verbose_name = _("Приглашение")
        verbose_name_plural = _("Приглашения")
        ordering = ["-sent_at", "-pk"]
        get_latest_by = ["sent_at", "pk"]

    def __str__(self):
        return f"{self.user} ({self.sent_at:%d.%m.%Y})"


def account_status(user):
    """What the person card says of a person's login (None: the person has none)."""
    if user is None:
        return AccountStatus.NONE
    if not user.is_active:
        return AccountStatus.DISABLED
    if user.has_usable_password() or user.last_login:
        return AccountStatus.ACTIVE
    return AccountStatus.INVITED
