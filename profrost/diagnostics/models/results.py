"""Competence results and deficits.

A `CompetenceResult` is one measured level of one competence of one person on one date; rows are
never overwritten, so the history of every competence is the list of its results. A `Deficit` is
opened by a result below the proficient level and closed by a later proficient result.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profrost.core.roles import Perm
from profrost.core.scoping import ScopedManager, resolve_scope
from profrost.registry.models import Organization, Person, not_withdrawn, person_in_scope

from .campaigns import Attempt
from .instruments import CompetenceLevel


def sensitive_rule(user, attempt="attempt", person="person"):
    """The rows a user may read by name among results of sensitive instruments: those of other
    instruments and imported ones, the user's own, and those of people in the user's scope of
    diagnostics.view_sensitive (the psychologist). `attempt` is the path to the result's
    attempt."""
    scope = resolve_scope(user, Perm.VIEW_SENSITIVE_RESULTS)
    if scope.everything:
        return Q()
    rule = not_sensitive(attempt)
    if getattr(user, "person_id", None):
        rule |= Q(**{person: user.person_id})
    if not scope.empty:
        rule |= person_in_scope(scope, person)
    return rule


def not_sensitive(attempt="found_by__attempt"):
    """Rows not of a sensitive instrument: the deficits a route (ИОМ) is built from. A burnout
    screening's finding is the psychologist's to follow, not an item of the route."""
    return Q(**{f"{attempt}__isnull": True}) | Q(
        **{f"{attempt}__campaign__instrument__sensitive": False}
    )


class ResultSource(models.TextChoices):
    CAMPAIGN = "campaign", _("Диагностика в системе")
    IMPORT = "import", _("Импорт внешних результатов")


class CompetenceResult(models.Model):
    """One measured level of one competence of one person on one date. Never overwritten."""

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="results"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("Компетенция"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    source = models.CharField(_("Источник"), max_length=10, choices=ResultSource.choices)
    source_title = models.CharField(_("Диагностика"), max_length=300)
    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("Прохождение"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="results",
    )
    import_batch = models.ForeignKey(
        "core.ImportBatch",
        verbose_name=_("Файл импорта"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    measured_on = models.DateField(_("Дата диагностики"))
    score = models.DecimalField(_("Балл"), max_digits=8, decimal_places=2)
    max_score = models.DecimalField(_("Максимальный балл"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(_("Процент"), max_digits=5, decimal_places=1)
    level = models.CharField(_("Уровень"), max_length=10, choices=CompetenceLevel.choices)
    created = models.DateTimeField(_("Записан"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Результат по компетенции")
        verbose_name_plural = _("Результаты по компетенциям")
        ordering = ["-measured_on", "-pk"]
        indexes = [
            models.Index(fields=["person", "competence", "measured_on"]),
            # The «в разрезе ОО» summary filters by organization and period.
            models.Index(fields=["organization", "measured_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "competence"],
                condition=Q(attempt__isnull=False),
                name="diagnostics_result_per_attempt",
            ),
            models.UniqueConstraint(
                fields=["person", "competence", "measured_on", "source_title"],
                condition=Q(attempt__isnull=True),
                name="diagnostics_imported_result_once",
            ),
            models.CheckConstraint(
                condition=Q(max_score__gt=0, score__gte=0, score__lte=models.F("max_score")),
                name="diagnostics_result_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.competence.code} {self.percent} %"

    def get_absolute_url(self):
        return reverse("diagnostics:deficit_map", args=[self.person_id])

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    @classmethod
    def private_filter(cls, user):
        return sensitive_rule(user) & not_withdrawn(user, "person")


class DeficitStatus(models.TextChoices):
    OPEN = "open", _("Не закрыт")
    CLOSED = "closed", _("Закрыт")


class Deficit(models.Model):
    """A professional deficit: a competence found below the proficient level.

    It remembers the result that found it, what was done about it, and the later result that
    closed it.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("Работник"), on_delete=models.PROTECT, related_name="deficits"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("Компетенция"),
        on_delete=models.PROTECT,
        related_name="deficits",
    )
    level = models.CharField(
        _("Уровень при выявлении"), max_length=10, choices=CompetenceLevel.choices
    )
    found_by = models.ForeignKey(
        CompetenceResult,
        verbose_name=_("Выявлен по результату"),
        on_delete=models.PROTECT,
        related_name="found_deficits",
    )
    found_on = models.DateField(_("Выявлен"))
    status = models.CharField(
        _("Состояние"), max_length=8, choices=DeficitStatus.choices, default=DeficitStatus.OPEN
    )
    addressed_note = models.TextField(_("Чем устраняется"), blank=True)
    closed_by = models.ForeignKey(
        CompetenceResult,
        verbose_name=_("Закрыт по результату"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="closed_deficits",
    )
    closed_on = models.DateField(_("Закрыт"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Профессиональный дефицит")
        verbose_name_plural = _("Профессиональные дефициты")
        ordering = ["-found_on", "competence__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "competence"],
                condition=Q(status="open"),
                name="diagnostics_one_open_deficit",
            )
        ]

    def __str__(self):
        return f"{self.person}: {self.competence}"

    def get_absolute_url(self):
        return reverse("diagnostics:deficit_map", args=[self.person_id])

    @classmethod
    def scope_filter(cls, scope):
        return person_in_scope(scope)

    @classmethod
    def private_filter(cls, user):
        # A deficit is as private as the result that found it.
        return sensitive_rule(user, attempt="found_by__attempt") & not_withdrawn(user, "person")
