"""Attestation of teachers: categories with the term each is valid for."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from profrost.core.dates import add_years
from profrost.core.scoping import ScopedQuerySet

from .people import Person, staff_record_rule
from .references import Position

# The attestation order in force since 01.09.2023 sets the first and highest categories without
# an end date; categories set before that date keep their five-year term.
ATTESTATION_ORDER_START = date(2023, 9, 1)
COMPLIANCE_TERM_YEARS = 5
FORMER_CATEGORY_TERM_YEARS = 5


class AttestationCategory(models.TextChoices):
    COMPLIANCE = "compliance", _("Соответствие занимаемой должности")
    FIRST = "first", _("Первая квалификационная категория")
    HIGHEST = "highest", _("Высшая квалификационная категория")
    METHODIST = "methodist", _("Педагог-методист")
    MENTOR = "mentor", _("Педагог-наставник")


HIGHEST_REQUIRED = {AttestationCategory.METHODIST, AttestationCategory.MENTOR}


def attestation_valid_until(category, decision_date):
    """The end of validity under the attestation order in force since 01.09.2023."""
    if category == AttestationCategory.COMPLIANCE:
        return add_years(decision_date, COMPLIANCE_TERM_YEARS)
    if (
        category in (AttestationCategory.FIRST, AttestationCategory.HIGHEST)
        and decision_date < ATTESTATION_ORDER_START
    ):
        return add_years(decision_date, FORMER_CATEGORY_TERM_YEARS)
    return None


class AttestationQuerySet(ScopedQuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(decision_date__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )

    def latest_per_person(self):
        latest = self.model.objects.filter(person=models.OuterRef("person")).order_by(
            "-decision_date", "-pk"
        )
        return self.filter(pk=models.Subquery(latest.values("pk")[:1]))


class Attestation(models.Model):
    """An attestation decision: a category with its date and, where the law sets one, its term."""

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.CASCADE, related_name="attestations"
    )
    category = models.CharField(_("Категория"), max_length=16, choices=AttestationCategory.choices)
    decision_date = models.DateField(_("Дата решения"))
    order_number = models.CharField(_("Номер распорядительного акта"), max_length=100, blank=True)
    position = models.ForeignKey(
        Position, verbose_name=_("Должность"), null=True, blank=True, on_delete=models.PROTECT
    )
    valid_until = models.DateField(_("Действует до"), null=True, blank=True, editable=False)

    objects = AttestationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Аттестация")
        verbose_name_plural = _("Аттестации")
        ordering = ["-decision_date"]
        # A person's latest decision is asked for every person of a scope (the attestations
        # due on the home page, the category on the staff list): one index walk each.
        indexes = [
            models.Index(fields=["person", "-decision_date"], name="attestation_person_date"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} ({self.decision_date:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("registry:person_detail", args=[self.person_id])

    @classmethod
    def private_filter(cls, user):
        return staff_record_rule(user)

    @classmethod
    def scope_filter(cls, scope):
        return Q(person__in=Person.objects.filter(Person.scope_filter(scope)).values("pk"))

    def save(self, *args, **kwargs):
        self.valid_until = attestation_valid_until(self.category, self.decision_date)
        super().save(*args, **kwargs)

    def clean(self):
        if not (self.decision_date and self.category and self.person_id):
            return
        if self.decision_date > timezone.localdate():
            raise ValidationError({"decision_date": _("Дата решения не может быть в будущем.")})
        if self.category in HIGHEST_REQUIRED:
            holds_highest = (
                Attestation.objects.filter(
                    person_id=self.person_id, category=AttestationCategory.HIGHEST
                )
                .in_force(self.decision_date)
                .exclude(pk=self.pk)
                .exists()
            )
            if not holds_highest:
                raise ValidationError(
                    {
                        "category": _(
                            "Категория «%(category)s» устанавливается только работнику, "
                            "имеющему действующую высшую квалификационную категорию."
                        )
                        % {"category": self.get_category_display()}
                    }
                )
