from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .audit_labels import describe
from .roles import ROLE_LEVEL, Level, Role


class User(AbstractUser):
    """A login. A teacher's user is linked to the person record that is their own."""

    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("Работник"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("Пользователь")
        verbose_name_plural = _("Пользователи")

    def __str__(self):
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role held by a user over one scope: a region, a municipality or an organization.

    The teacher role has no scope object: it covers the user's own person record.
    """

    user = models.ForeignKey(
        User, verbose_name=_("Пользователь"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("Роль"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("Регион"), null=True, blank=True, on_delete=models.CASCADE
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )

    class Meta:
        verbose_name = _("Роль пользователя")
        verbose_name_plural = _("Роли пользователей")
        constraints = [
            *[
                models.UniqueConstraint(
                    fields=["user", "role", scope],
                    condition=Q(**{f"{scope}__isnull": False}),
                    name=f"core_roleassignment_unique_{scope}",
                )
                for scope in ("region", "municipality", "organization")
            ],
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region=None, municipality=None, organization=None),
                name="core_roleassignment_unique_own",
            ),
        ]

    def __str__(self):
        scope = self.region or self.municipality or self.organization
        return f"{self.get_role_display()}: {scope}" if scope else self.get_role_display()

    @property
    def level(self):
        return ROLE_LEVEL[self.role]

    def clean(self):
        scopes = {
            Level.REGION: self.region_id,
            Level.MUNICIPALITY: self.municipality_id,
            Level.ORGANIZATION: self.organization_id,
        }
        level = ROLE_LEVEL.get(self.role)
        for scope_level, value in scopes.items():
            if scope_level == level and not value:
                raise ValidationError(
                    _("Для роли «%(role)s» укажите %(scope)s.")
                    % {"role": self.get_role_display(), "scope": scope_level.label.lower()}
                )
            if scope_level != level and value:
                raise ValidationError(
                    _("Роль «%(role)s» не назначается на уровне «%(scope)s».")
                    % {"role": self.get_role_display(), "scope": scope_level.label}
                )
        if level == Level.PERSON and not self.user.person_id:
            raise ValidationError(_("Роль «Педагог» требует связи пользователя с работником."))


class AuditEntry(models.Model):
    """One action on the data, with a namespaced code such as registry.person.created."""

    created = models.DateTimeField(_("Когда"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, verbose_name=_("Кто"), null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(_("Действие"), max_length=100, db_index=True)
    object_type = models.CharField(_("Тип объекта"), max_length=100, blank=True)
    object_id = models.CharField(_("Объект"), max_length=64, blank=True)
    object_repr = models.CharField(_("Описание"), max_length=300, blank=True)
    data = models.JSONField(_("Данные"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Запись журнала")
        verbose_name_plural = _("Журнал действий")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.created:%d.%m.%Y %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self):
        return describe(self.action, self.data)


class ImportBatchStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Проверен, ожидает подтверждения")
    QUESTIONS = "questions", _("Ждёт ответов: что означают столбцы и значения")
    APPLIED = "applied", _("Импортирован")
    FAILED = "failed", _("Есть ошибки, не импортирован")
    EXPIRED = "expired", _("Не подтверждён вовремя, файл удалён")
    CHECKING = "checking", _("Проверяется")
    APPLYING = "applying", _("Записывается")

    @classmethod
    def waiting(cls):
        """A batch that still holds its file, until it is confirmed, answered or abandoned."""
        return (cls.PREVIEWED, cls.QUESTIONS)

    @classmethod
    def busy(cls):
        """A large file being checked or written by a background job; it holds its file."""
        return (cls.CHECKING, cls.APPLYING)


class ImportBatch(models.Model):
    """One uploaded import file and what its check found. The file itself (personal data) is
    kept only while the preview waits for confirmation, IMPORT_PREVIEW_RETENTION_HOURS at most;
    afterwards the batch keeps the summary and the errors."""

    kind = models.CharField(_("Вид импорта"), max_length=50)
    user = models.ForeignKey(
        User,
        verbose_name=_("Пользователь"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    filename = models.CharField(_("Исходное имя файла"), max_length=255)
    content = models.BinaryField(_("Содержимое файла"), null=True, blank=True)
    status = models.CharField(
        _("Состояние"),
        max_length=16,
        choices=ImportBatchStatus.choices,
        default=ImportBatchStatus.PREVIEWED,
    )
    summary = models.JSONField(_("Итоги проверки"), default=dict, blank=True)
    # What the user answered in the preview: {"columns": {header key: field key or ""},
    # "values": {column key: {value key: reference row pk}}}, and the options ticked when
    # confirming: "confirm": {option key: true, "base_url": the site's address}.
    answers = models.JSONField(_("Ответы пользователя"), default=dict, blank=True)
    created = models.DateTimeField(_("Загружен"), auto_now_add=True)
    applied = models.DateTimeField(_("Импортирован"), null=True, blank=True)
    # The background job that checks or writes a large file (IMPORT_BACKGROUND_SIZE) or one of
    # many rows (IMPORT_BACKGROUND_ROWS).
    job = models.ForeignKey(
        "Job",
        verbose_name=_("Фоновая задача"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Пакет импорта")
        verbose_name_plural = _("Пакеты импорта")
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.filename} ({self.created:%d.%m.%Y %H:%M})"


class ColumnMapping(models.Model):
    """A header of an import file that a user mapped to an importer's column (or chose not to
    load) in a preview. It is remembered for the user's scope (an organization, a municipality
    or a region) and the kind of import, and applied to the next file with the same header."""

    kind = models.CharField(_("Вид импорта"), max_length=50)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("Регион"), null=True, blank=True, on_delete=models.CASCADE
    )
    municipality = models.ForeignKey(
        "registry.Municipality",
        verbose_name=_("Муниципалитет"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("Организация"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    header_key = models.CharField(_("Заголовок для сравнения"), max_length=200)
    header = models.CharField(_("Заголовок в файле"), max_length=200)
    field = models.CharField(_("Поле импорта"), max_length=50, blank=True)  # "" — не загружать
    updated_by = models.ForeignKey(
        User, verbose_name=_("Кто выбрал"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated = models.DateTimeField(_("Когда"), auto_now=True)

    class Meta:
        verbose_name = _("Сопоставление столбца")
        verbose_name_plural = _("Сопоставления столбцов")
        constraints = [
            *[
                models.UniqueConstraint(
                    fields=["kind", scope, "header_key"],
                    condition=Q(**{f"{scope}__isnull": False}),
                    name=f"core_columnmapping_unique_{scope}",
                )
                for scope in ("region", "municipality", "organization")
            ],
            models.UniqueConstraint(
                fields=["kind", "header_key"],
                condition=Q(region=None, municipality=None, organization=None),
                name="core_columnmapping_unique_everywhere",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.header} → {self.field or '—'}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("В очереди")
    RUNNING = "running", _("Выполняется")
    DONE = "done", _("Готово")
    FAILED = "failed", _("Ошибка")


class Job(models.Model):
    """A long computation run as a background task; its page polls the progress."""

    kind = models.CharField(_("Вид задачи"), max_length=50)
    title = models.CharField(_("Задача"), max_length=300)
    user = models.ForeignKey(
        User,
        verbose_name=_("Пользователь"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(
        _("Состояние"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("Выполнено, %"), default=0)
    message = models.CharField(_("Сообщение"), max_length=500, blank=True)
    result_url = models.CharField(_("Результат"), max_length=300, blank=True)
    # A file the job wrote into the private export storage (core/exports.py), downloaded by
    # the job's user only and removed after EXPORT_RETENTION_HOURS.
    result_file = models.CharField(_("Файл"), max_length=300, blank=True)
    created = models.DateTimeField(_("Создана"), auto_now_add=True)
    started = models.DateTimeField(_("Начата"), null=True, blank=True)
    finished = models.DateTimeField(_("Завершена"), null=True, blank=True)

    class Meta:
        verbose_name = _("Фоновая задача")
        verbose_name_plural = _("Фоновые задачи")
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
