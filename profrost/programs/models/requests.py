"""Training requests (заявки) from people and whole staffs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Organization, Person, not_withdrawn

from .catalogue import Program


class RequestStatus(models.TextChoices):
    NEW = "new", _("Новая")
    ACCEPTED = "accepted", _("Учтена")
    DECLINED = "declined", _("Отклонена")


class TrainingRequest(models.Model):
    """A request (заявка) for training in a direction: from a person or from a whole staff."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        on_delete=models.PROTECT,
        related_name="training_requests",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Работник"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_requests",
        help_text=_("Пусто — заявка от коллектива организации."),
    )
    year = models.PositiveSmallIntegerField(_("Год обучения"))
    direction = models.CharField(_("Направление обучения"), max_length=300)
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("Компетенция"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    program = models.ForeignKey(
        Program,
        verbose_name=_("Желаемая программа"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    headcount = models.PositiveIntegerField(
        _("Число обучающихся"), default=1, validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("Статус"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    note = models.TextField(_("Комментарий"), blank=True)
    # The day the request was filed, which the indicators count by; a paper request entered
    # later keeps its own day.
    filed_on = models.DateField(_("Подана"), default=timezone.localdate)
    created = models.DateTimeField(_("Внесена в систему"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Подал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Заявка на обучение")
        verbose_name_plural = _("Заявки на обучение")
        ordering = ["-created"]
        indexes = [models.Index(fields=["year", "direction"], name="programs_request_year_dir")]

    def __str__(self):
        return f"{self.direction} ({self.year})"

    def get_absolute_url(self):
        return reverse("programs:request_detail", args=[self.pk])

    @property
    def author_display(self):
        return self.person.full_name if self.person_id else _("коллектив организации")

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return scope.q(
            region="organization__municipality__region",
            municipality="organization__municipality",
            organization="organization",
            person="person",
        )

    def clean(self):
        if self.person_id and self.headcount and self.headcount != 1:
            raise ValidationError({"headcount": _("Заявка работника — на одного человека.")})
