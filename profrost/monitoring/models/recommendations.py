"""Targeted recommendations (адресные рекомендации): stages 5–6 of the management cycle of
seed 001 §4.

A recommendation is addressed to exactly one organization, municipality or person; a rule of
`rules.py` writes it from the stored values of a computed period, or a methodist writes it by
hand. The addressee answers it; the issuing side (the region, or the municipality over its
organizations and people) accepts the answer or closes it. The model keeps the indicator and
rule codes only: their names live in the registries of `indicators` and `rules`, which read
these models, so the pages look the names up there (`selectors.indicator_name`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import Scope, ScopedQuerySet, resolve_scope
from profrost.registry.models import Municipality, Organization, Person, Region, not_withdrawn

from .periods import MonitoringPeriod


class AddresseeLevel(models.TextChoices):
    ORGANIZATION = "organization", _("Организация")
    MUNICIPALITY = "municipality", _("Муниципалитет")
    PERSON = "person", _("Работник")


class RecommendationStatus(models.TextChoices):
    NEW = "new", _("Ожидает ответа")
    ANSWERED = "answered", _("Получен ответ")
    ACCEPTED = "accepted", _("Ответ принят")
    CLOSED = "closed", _("Закрыта")


def people_of_municipalities(municipality_ids):
    """People with a job (current or past) in an organization of the municipalities."""
    return Person.objects.filter(
        Person.scope_filter(Scope(municipality_ids=frozenset(municipality_ids)))
    ).values("pk")


class RecommendationQuerySet(ScopedQuerySet):
    def answerable_by(self, user, perm):
        """Recommendations addressed to the user: their organization, their municipality or
        their own person. The issuing side never answers its own recommendations."""
        own = {user.person_id} if user.person_id else set()
        return self.within(
            resolve_scope(user, perm), lambda scope: Recommendation.answer_filter(scope, own)
        )


class Recommendation(models.Model):
    """A targeted recommendation to one organization, municipality or person.

    `region` is stored for the scope. A rule's recommendation remembers the period, the
    indicator, the value it read and the threshold it compared with; a rule writes at most one
    recommendation per period and addressee (`addressee_key`, like the scope keys of the
    stored values).
    """

    period = models.ForeignKey(
        MonitoringPeriod,
        verbose_name=_("Период мониторинга"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    indicator = models.CharField(_("Показатель"), max_length=60, blank=True)
    rule = models.CharField(_("Правило"), max_length=60, blank=True)
    addressee_level = models.CharField(
        _("Кому адресована"), max_length=12, choices=AddresseeLevel.choices, editable=False
    )
    addressee_key = models.CharField(_("Ключ адресата"), max_length=40, editable=False)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Работник"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("Тема"), max_length=300)
    text = models.TextField(_("Текст рекомендации"))
    value = models.DecimalField(
        _("Значение показателя"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    threshold = models.DecimalField(
        _("Пороговое значение"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Автор"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), default=timezone.now)
    deadline = models.DateField(_("Срок ответа"), null=True, blank=True)
    status = models.CharField(
        _("Статус"),
        max_length=10,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.NEW,
    )
    answer = models.TextField(_("Ответ"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто ответил"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("Дата ответа"), null=True, blank=True)
    review_note = models.TextField(_("Комментарий к ответу"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто рассмотрел ответ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("Дата рассмотрения"), null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Адресная рекомендация")
        verbose_name_plural = _("Адресные рекомендации")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        organization__isnull=False,
                        municipality__isnull=True,
                        person__isnull=True,
                    )
                    | Q(
                        organization__isnull=True,
                        municipality__isnull=False,
                        person__isnull=True,
                    )
                    | Q(
                        organization__isnull=True,
                        municipality__isnull=True,
                        person__isnull=False,
                    )
                ),
                name="monitoring_recommendation_one_addressee",
                violation_error_message=_(
                    "Укажите одного адресата: организацию, муниципалитет или работника."
                ),
            ),
            models.UniqueConstraint(
                fields=["period", "rule", "addressee_key"],
                condition=~Q(rule=""),
                name="monitoring_recommendation_rule_once",
                violation_error_message=_(
                    "Правило уже выдало рекомендацию этому адресату по итогам периода."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created"], name="monitoring_rec_status"),
            models.Index(fields=["addressee_key"], name="monitoring_rec_addressee"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:recommendation_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        """Seen by the region; by a municipality over what is addressed to it, to its
        organizations and to its people; by an organization and a person over what is
        addressed to them."""
        query = scope.q(
            region="region",
            municipality="municipality",
            organization="organization",
            person="person",
        ) | scope.q(municipality="organization__municipality")
        if scope.municipality_ids:
            query |= Q(person__in=people_of_municipalities(scope.municipality_ids))
        return query

    @classmethod
    def change_filter(cls, scope):
        """The issuing side: the region over everything in it, a municipality over its
        organizations and its people — never over what is addressed to the municipality."""
        query = scope.q(region="region", municipality="organization__municipality")
        if scope.municipality_ids:
            query |= Q(person__in=people_of_municipalities(scope.municipality_ids))
        return query

    @classmethod
    def answer_filter(cls, scope, own_person_ids=()):
        return scope.q(
            municipality="municipality", organization="organization", person="person"
        ) | Q(person__in=set(own_person_ids))

    def save(self, *args, **kwargs):
        self.addressee_level, self.addressee_key = self.compute_addressee()
        super().save(*args, **kwargs)

    def compute_addressee(self):
        for level, pk in (
            (AddresseeLevel.ORGANIZATION, self.organization_id),
            (AddresseeLevel.MUNICIPALITY, self.municipality_id),
            (AddresseeLevel.PERSON, self.person_id),
        ):
            if pk:
                return level, f"{level}:{pk}"
        return "", ""

    def clean(self):
        addressees = [self.organization_id, self.municipality_id, self.person_id]
        if sum(1 for pk in addressees if pk) != 1:
            raise ValidationError(
                _("Укажите одного адресата: организацию, муниципалитет или работника.")
            )

    @property
    def addressee(self):
        return self.organization or self.municipality or self.person

    @property
    def addressee_name(self):
        if self.organization_id:
            return self.organization.short_name
        return str(self.addressee or "")

    @property
    def is_open(self):
        return self.status in (RecommendationStatus.NEW, RecommendationStatus.ANSWERED)

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            self.status == RecommendationStatus.NEW
            and self.deadline is not None
            and self.deadline < today
        )
