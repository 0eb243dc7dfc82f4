"""Mentoring programmes, mentor–mentee pairs and their meetings.

A programme belongs to an organization or a municipality (the region and the municipality are
stored with it, as with diagnostic campaigns, so that scope filters stay simple). A pair belongs
to the organization where the mentee works; it may be part of a programme. A pair is active until
it is completed with a result or terminated with a reason.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.core.scoping import ScopedQuerySet
from profrost.registry.models import Organization, not_withdrawn


class ProgramLevel(models.TextChoices):
    MUNICIPALITY = "municipality", _("Муниципальная")
    ORGANIZATION = "organization", _("Уровень организации")


class ProgramStatus(models.TextChoices):
    PLANNED = "planned", _("Запланирована")
    CURRENT = "current", _("Действует")
    FINISHED = "finished", _("Завершена")


class ProgramQuerySet(ScopedQuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class MentoringProgram(models.Model):
    """A mentoring programme of an organization or of a municipality, approved by an order."""

    title = models.CharField(_("Название"), max_length=300)
    level = models.CharField(_("Уровень"), max_length=16, choices=ProgramLevel.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("Регион"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        on_delete=models.PROTECT,
        related_name="mentoring_programs",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mentoring_programs",
    )
    starts_on = models.DateField(_("Начало"))
    ends_on = models.DateField(_("Окончание"))
    goals = models.TextField(_("Цели и задачи"), blank=True)
    coordinator = models.ForeignKey(
        "registry.Person",
        verbose_name=_("Куратор программы"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_mentoring_programs",
    )
    document_number = models.CharField(_("Номер приказа"), max_length=100, blank=True)
    document_date = models.DateField(_("Дата приказа"), null=True, blank=True)
    allow_several_mentors = models.BooleanField(
        _("Допускается несколько наставников"),
        default=False,
        help_text=_("У одного наставляемого может быть несколько действующих наставников."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), auto_now_add=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("Программа наставничества")
        verbose_name_plural = _("Программы наставничества")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="mentoring_program_dates"
            ),
            models.CheckConstraint(
                condition=Q(level="municipality", organization__isnull=True)
                | Q(level="organization", organization__isnull=False),
                name="mentoring_program_target",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mentoring:program_detail", args=[self.pk])

    @classmethod
    def scope_filter(cls, scope):
        """Seen by who holds its target, by the organizations of a municipality (its municipal
        programmes), by its coordinator and by whoever sees one of its pairs."""
        municipalities = Organization.objects.filter(scope.q(organization="pk")).values(
            "municipality_id"
        )
        pairs = MentoringPair.objects.filter(MentoringPair.scope_filter(scope)).values("program_id")
        query = cls.change_filter(scope) | Q(pk__in=pairs) | scope.q(person="coordinator")
        if scope.organization_ids:
            query |= Q(level=ProgramLevel.MUNICIPALITY, municipality__in=municipalities)
        return query

    @classmethod
    def change_filter(cls, scope):
        return scope.q(region="region", municipality="municipality") | (
            Q(level=ProgramLevel.ORGANIZATION) & scope.q(organization="organization")
        )

    @property
    def target(self):
        return self.organization or self.municipality

    def status_on(self, on=None):
        on = on or timezone.localdate()
        if on < self.starts_on:
            return ProgramStatus.PLANNED
        if on > self.ends_on:
            return ProgramStatus.FINISHED
        return ProgramStatus.CURRENT

    @property
    def status(self):
        return self.status_on()

    def covers(self, organization):
        """Whether a pair of the organization may belong to this programme."""
        if self.level == ProgramLevel.ORGANIZATION:
            return self.organization_id == organization.pk
        return self.municipality_id == organization.municipality_id

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Дата окончания не может быть раньше начала.")})
        if self.level == ProgramLevel.ORGANIZATION and not self.organization_id:
            raise ValidationError({"organization": _("Укажите организацию.")})
        if self.level == ProgramLevel.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": _("Укажите муниципалитет.")})
        if self.document_date and self.document_date > timezone.localdate():
            raise ValidationError({"document_date": _("Дата приказа не может быть в будущем.")})


class PairKind(models.TextChoices):
    """Forms of mentoring of teachers (seed 002, 3.3.3)."""

    MENTOR_YOUNG = "mentor_young", _("Наставник – молодой специалист")
    TEACHER_TEACHER = "teacher_teacher", _("Педагог – педагог")
    MANAGER_TEACHER = "manager_teacher", _("Руководитель – педагог")


class PairStatus(models.TextChoices):
    ACTIVE = "active", _("Действует")
    COMPLETED = "completed", _("Завершена")
    TERMINATED = "terminated", _("Прекращена")


class PairQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=PairStatus.ACTIVE)


class MentoringPair(models.Model):
    """A mentor and a mentee: the form, the period, goals tied to the mentee's deficits, the
    meetings and, at the end, the result. Belongs to the organization where the mentee works."""

    program = models.ForeignKey(
        MentoringProgram,
        verbose_name=_("Программа наставничества"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairs",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("Организация наставляемого"),
        on_delete=models.PROTECT,
        related_name="mentoring_pairs",
    )
    mentor = models.ForeignKey(
        "registry.Person",
        verbose_name=_("Наставник"),
        on_delete=models.PROTECT,
        related_name="mentoring_as_mentor",
    )
    mentee = models.ForeignKey(
        "registry.Person",
        verbose_name=_("Наставляемый"),
        on_delete=models.PROTECT,
        related_name="mentoring_as_mentee",
    )
    kind = models.CharField(
        _("Форма наставничества"),
        max_length=20,
        choices=PairKind.choices,
        default=PairKind.MENTOR_YOUNG,
    )
    starts_on = models.DateField(_("Начало"))
    planned_end_on = models.DateField(_("Плановое окончание"))
    status = models.CharField(
        _("Состояние"), max_length=12, choices=PairStatus.choices, default=PairStatus.ACTIVE
    )
    ended_on = models.DateField(_("Дата окончания"), null=True, blank=True)
    goals = models.TextField(_("Цели и задачи"), blank=True)
    deficits = models.ManyToManyField(
        "diagnostics.Deficit",
        verbose_name=_("Дефициты наставляемого"),
        blank=True,
        related_name="mentoring_pairs",
    )
    result = models.TextField(_("Результаты"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Создал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Создана"), auto_now_add=True)
    updated = models.DateTimeField(_("Изменена"), auto_now=True)

    objects = PairQuerySet.as_manager()

    class Meta:
        verbose_name = _("Наставническая пара")
        verbose_name_plural = _("Наставнические пары")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["mentee", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="mentoring_pair_not_self"
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=models.F("starts_on")),
                name="mentoring_pair_planned_end",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True)
                | (~Q(status="active") & Q(ended_on__gte=models.F("starts_on"))),
                name="mentoring_pair_ended_on",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status="active"),
                name="mentoring_pair_active_once",
                violation_error_message=_("Эта пара наставника и наставляемого уже действует."),
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"

    def get_absolute_url(self):
        return reverse("mentoring:pair_detail", args=[self.pk])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "mentee", "mentor")

    @classmethod
    def scope_filter(cls, scope):
        """In scope as the mentee's organization is; a teacher sees the pairs they are in."""
        return cls.change_filter(scope) | scope.q(person="mentee")

    @classmethod
    def change_filter(cls, scope):
        """Managers change the pairs of their organizations; a mentor keeps their own pairs."""
        return scope.q(
            region="organization__municipality__region",
            municipality="organization__municipality",
            organization="organization",
            person="mentor",
        )

    @property
    def is_active(self):
        return self.status == PairStatus.ACTIVE

    def deficit_list(self):
        """The competences of the deficits addressed, for the export (prefetch them)."""
        return "; ".join(
            f"{deficit.competence.code} {deficit.competence.name}"
            for deficit in self.deficits.all()
        )

    def clean(self):
        errors = {}
        if self.mentor_id and self.mentee_id and self.mentor_id == self.mentee_id:
            errors["mentor"] = _("Наставник и наставляемый не могут быть одним человеком.")
        if self.starts_on and self.planned_end_on and self.planned_end_on < self.starts_on:
            errors["planned_end_on"] = _("Плановое окончание не может быть раньше начала.")
        if self.status == PairStatus.ACTIVE:
            self.ended_on = None
        else:
            if not self.ended_on:
                errors["ended_on"] = _("Укажите дату окончания.")
            elif self.starts_on and self.ended_on < self.starts_on:
                errors["ended_on"] = _("Дата окончания не может быть раньше начала.")
            elif self.ended_on > timezone.localdate():
                errors["ended_on"] = _("Дата окончания не может быть в будущем.")
            if not self.result.strip():
                errors["result"] = (
                    _("Опишите результаты наставничества.")
                    if self.status == PairStatus.COMPLETED
                    else _("Укажите причину прекращения.")
                )
        if errors:
            raise ValidationError(errors)


class MeetingKind(models.TextChoices):
    CONSULTATION = "consultation", _("Консультация")
    LESSON_VISIT = "lesson_visit", _("Посещение урока (занятия) наставляемого")
    OPEN_LESSON = "open_lesson", _("Открытый урок (занятие) наставника")
    PLANNING = "planning", _("Совместное планирование")
    ANALYSIS = "analysis", _("Анализ урока (занятия)")
    ONLINE = "online", _("Онлайн-встреча")
    OTHER = "other", _("Иное")


class MentoringMeeting(models.Model):
    """A meeting of a pair: the date, the form, the topic and notes."""

    pair = models.ForeignKey(
        MentoringPair,
        verbose_name=_("Наставническая пара"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    held_on = models.DateField(_("Дата"))
    kind = models.CharField(
        _("Форма встречи"),
        max_length=16,
        choices=MeetingKind.choices,
        default=MeetingKind.CONSULTATION,
    )
    topic = models.CharField(_("Тема"), max_length=300)
    duration_minutes = models.PositiveSmallIntegerField(
        _("Продолжительность, мин"), null=True, blank=True
    )
    notes = models.TextField(_("Содержание и договорённости"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Записал"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("Записана"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("Встреча наставнической пары")
        verbose_name_plural = _("Встречи наставнических пар")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d.%m.%Y}: {self.topic}"

    def get_absolute_url(self):
        return reverse("mentoring:pair_detail", args=[self.pair_id])

    @classmethod
    def private_filter(cls, user):
        return not_withdrawn(user, "pair__mentee", "pair__mentor")

    @classmethod
    def scope_filter(cls, scope):
        pairs = MentoringPair.objects.filter(MentoringPair.scope_filter(scope)).values("pk")
        return Q(pair__in=pairs)

    @classmethod
    def change_filter(cls, scope):
        pairs = MentoringPair.objects.filter(MentoringPair.change_filter(scope)).values("pk")
        return Q(pair__in=pairs)

    def clean(self):
        if not self.held_on:
            return
        if self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("Дата встречи не может быть в будущем.")})
        pair = self.pair if self.pair_id else None
        if pair is not None and self.held_on < pair.starts_on:
            raise ValidationError(
                {
                    "held_on": _("Встреча не может быть раньше начала наставничества (%(day)s).")
                    % {"day": f"{pair.starts_on:%d.%m.%Y}"}
                }
            )
        if pair is not None and pair.ended_on and self.held_on > pair.ended_on:
            raise ValidationError(
                {
                    "held_on": _("Встреча не может быть позже окончания наставничества (%(day)s).")
                    % {"day": f"{pair.ended_on:%d.%m.%Y}"}
                }
            )
