from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedManager
from profrost.registry.models import Person, not_withdrawn

from .places import places, target_change_q


class TargetLevel(models.TextChoices):
    REGION = "region", _("Региональный")
    MUNICIPALITY = "municipality", _("Муниципальный")
    ORGANIZATION = "organization", _("Уровень организации")


class AssociationKind(models.TextChoices):
    SCHOOL_MO = "school_mo", _("Школьное методическое объединение (ШМО)")
    DISTRICT_MO = "district_mo", _("Районное методическое объединение (РМО)")
    REGIONAL_MO = "regional_mo", _("Региональное методическое объединение")
    COMMUNITY = "community", _("Профессиональное сообщество")
    CLUB = "club", _("Клуб педагогов")
    COUNCIL = "council", _("Методический совет")
    PROJECT_TEAM = "project_team", _("Проектная методическая команда")
    YOUNG_TEACHERS = "young", _("Объединение молодых педагогов")


# The kinds bound to one level by the regulations: an ШМО works in an organization, an РМО in a
# municipality; the others may be set up at any level.
KIND_LEVEL = {
    AssociationKind.SCHOOL_MO: TargetLevel.ORGANIZATION,
    AssociationKind.DISTRICT_MO: TargetLevel.MUNICIPALITY,
    AssociationKind.REGIONAL_MO: TargetLevel.REGION,
}


def check_target(obj, level):
    """The region is always stored; the municipality from the municipal level down, the
    organization at the level of an organization only (as diagnostics.Campaign does)."""
    if level == TargetLevel.MUNICIPALITY and not obj.municipality_id:
        raise ValidationError({"municipality": _("Укажите муниципалитет.")})
    if level == TargetLevel.ORGANIZATION and not obj.organization_id:
        raise ValidationError({"organization": _("Укажите организацию.")})


class Association(models.Model):
    """A methodical association or a professional community: an ШМО of an organization, an РМО
    of a municipality, a regional association, a community, a club, a methodical council or a
    project team; united by a subject or a problem area, led by its head."""

    title = models.CharField(_("Название"), max_length=300)
    kind = models.CharField(_("Вид"), max_length=16, choices=AssociationKind.choices)
    level = models.CharField(_("Уровень"), max_length=16, choices=TargetLevel.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="associations",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="associations",
    )
    subject = models.ForeignKey(
        "registry.Subject",
        verbose_name=_("Предмет"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    problem_area = models.CharField(
        _("Проблемная область"),
        max_length=300,
        blank=True,
        help_text=_("Для межпредметных и метапредметных объединений, сообществ и команд."),
    )
    head = models.ForeignKey(
        Person,
        verbose_name=_("Руководитель"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_associations",
    )
    description = models.TextField(_("Цели и направления работы"), blank=True)
    founded_on = models.DateField(_("Дата создания"), null=True, blank=True)
    is_active = models.BooleanField(_("Действует"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создано"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Методическое объединение")
        verbose_name_plural = _("Методические объединения")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="region", municipality__isnull=True, organization__isnull=True)
                | Q(level="municipality", municipality__isnull=False, organization__isnull=True)
                | Q(level="organization", municipality__isnull=False, organization__isnull=False),
                name="network_association_target",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("network:association_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """Seen around the scope's places (a teacher: the associations of the region, of the
        municipality and of the organizations where they work), by who may change it, and by
        whoever sees one of its members."""
        members = Membership.objects.filter(
            person__in=Person.objects.filter(Person.scope_filter(scope)).values("pk")
        ).values("association_id")
        return places(scope).reach_q() | cls.change_filter(scope) | Q(pk__in=members)

    @classmethod
    def change_filter(cls, scope):
        """Managers over its target, and its head: heading an association is a scope of its own."""
        return target_change_q(scope) | scope.q(person="head")

    @property
    def target(self):
        return self.organization or self.municipality or self.region

    def clean(self):
        required = KIND_LEVEL.get(self.kind)
        if required and self.level and self.level != required:
            raise ValidationError(
                {
                    "level": _("%(kind)s создаётся на уровне «%(level)s».")
                    % {"kind": self.get_kind_display(), "level": required.label}
                }
            )
        check_target(self, self.level)
        if not self.subject_id and not self.problem_area.strip():
            raise ValidationError(
                {"problem_area": _("Укажите предмет или проблемную область объединения.")}
            )


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Член объединения")
    HEAD = "head", _("Руководитель")
    DEPUTY = "deputy", _("Заместитель руководителя")
    SECRETARY = "secretary", _("Секретарь")


class Membership(models.Model):
    """A person's membership in an association, from joining to leaving; one current
    membership per person and association."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("Объединение"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("Работник"),
        on_delete=models.PROTECT,
        related_name="association_memberships",
    )
    role = models.CharField(
        _("Роль"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    joined_on = models.DateField(_("Вступил"))
    left_on = models.DateField(_("Выбыл"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Членство в объединении")
        verbose_name_plural = _("Члены объединений")
        ordering = ["association", "left_on", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "person"],
                condition=Q(left_on__isnull=True),
                name="network_membership_current_once",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="network_membership_dates",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.association}"

    def get_absolute_url(self):
        return self.association.get_absolute_url()

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "person")

    @classmethod
    def scope_filter(cls, scope):
        return Q(association__in=Association.objects.filter(Association.scope_filter(scope)))

    @classmethod
    def change_filter(cls, scope):
        return Q(association__in=Association.objects.filter(Association.change_filter(scope)))

    @property
    def is_current(self):
        return self.left_on is None


class AssociationReport(models.Model):
    """A report of an association's work for a period: the analysis the regulations ask of every
    methodical association at the end of a school year."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("Объединение"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    period = models.CharField(
        _("Период"), max_length=100, help_text=_("Например: 2024/2025 учебный год.")
    )
    submitted_on = models.DateField(_("Дата отчёта"))
    text = models.TextField(_("Анализ работы и результаты"))
    file = models.FileField(_("Файл отчёта"), upload_to="network/reports/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создан"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Отчёт объединения")
        verbose_name_plural = _("Отчёты объединений")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self):
        return _("Отчёт за %(period)s") % {"period": self.period}

    def get_absolute_url(self):
        return self.association.get_absolute_url()

    @classmethod
    def scope_filter(cls, scope):
        return Membership.scope_filter(scope)

    @classmethod
    def change_filter(cls, scope):
        return Membership.change_filter(scope)


class HorizontalGroupStatus(models.TextChoices):
    ACTIVE = "active", _("Работает")
    COMPLETED = "completed", _("Завершена")
    CANCELLED = "cancelled", _("Прекращена")


class HorizontalGroup(models.Model):
    """«Горизонтальное обучение» inside an association: members who hold a competence and
    members who need it, learning together for a period (seed 002, 3.3.3)."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("Объединение"),
        on_delete=models.CASCADE,
        related_name="horizontal_groups",
    )
    competence = models.ForeignKey(
        "competences.Competence",
        verbose_name=_("Компетенция"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    holders = models.ManyToManyField(
        Person, verbose_name=_("Владеют компетенцией"), related_name="+"
    )
    learners = models.ManyToManyField(
        Person, verbose_name=_("Осваивают компетенцию"), related_name="horizontal_learning"
    )
    starts_on = models.DateField(_("Начало"))
    ends_on = models.DateField(_("Окончание"), null=True, blank=True)
    status = models.CharField(
        _("Состояние"),
        max_length=10,
        choices=HorizontalGroupStatus.choices,
        default=HorizontalGroupStatus.ACTIVE,
    )
    notes = models.TextField(_("Формы работы и результаты"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("Группа горизонтального обучения")
        verbose_name_plural = _("Группы горизонтального обучения")
        ordering = ["association", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="network_horizontal_group_dates",
            )
        ]

    def __str__(self):
        return f"{self.competence} ({self.association})"

    def get_absolute_url(self):
        return self.association.get_absolute_url() + "#horizontal"

    @classmethod
    def scope_filter(cls, scope):
        return Membership.scope_filter(scope)

    @classmethod
    def change_filter(cls, scope):
        return Membership.change_filter(scope)
