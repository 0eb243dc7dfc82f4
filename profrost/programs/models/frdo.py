"""What the federal register of documents on education (ФИС ФРДО) needs of a ДПО document: its
classifiers (kinds of document, forms of study, sources of funding), the numbering of each
provider's documents, and the export batches that took them there (docs/frdo.md)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from profrost.registry.models import Organization

from .catalogue import StudyForm
from .enrollments import DocumentKind


class Classifier(models.Model):
    """An entry of one of the register's classifiers: `name` is the value as the register's
    template writes it, exactly, case included."""

    name = models.CharField(_("Значение в ФИС ФРДО"), max_length=300, unique=True)
    is_active = models.BooleanField(_("Действует"), default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class RegisterDocumentKind(Classifier):
    """A kind of ДПО document of the register; `kind` is the product's kind it stands for, so
    that an issued document gets it by default."""

    kind = models.CharField(
        _("Документ в системе"),
        max_length=12,
        choices=DocumentKind.choices,
        null=True,
        blank=True,
        unique=True,
    )

    class Meta(Classifier.Meta):
        verbose_name = _("Вид документа (ФИС ФРДО)")
        verbose_name_plural = _("Виды документов (ФИС ФРДО)")


class RegisterStudyForm(Classifier):
    """A form of study of the register; `forms` are the program's forms it stands for."""

    forms = models.CharField(
        _("Формы обучения программ"),
        max_length=100,
        blank=True,
        help_text=_("Коды форм обучения программ через запятую: ") + ", ".join(StudyForm.values),
    )

    class Meta(Classifier.Meta):
        verbose_name = _("Форма обучения (ФИС ФРДО)")
        verbose_name_plural = _("Формы обучения (ФИС ФРДО)")

    def clean(self):
        unknown = {code.strip() for code in self.forms.split(",") if code.strip()} - set(
            StudyForm.values
        )
        if unknown:
            raise ValidationError({"forms": _("Нет таких форм обучения программ.")})


class FundingSource(Classifier):
    """A source of funding of the training, as the register names it."""

    class Meta(Classifier.Meta):
        verbose_name = _("Источник финансирования (ФИС ФРДО)")
        verbose_name_plural = _("Источники финансирования (ФИС ФРДО)")


def number_pattern_is_valid(pattern):
    try:
        pattern.format(year=2000, seq=1)
    except (KeyError, IndexError, ValueError):
        return False
    return True


class DocumentNumbering(models.Model):
    """How a provider numbers the documents it issues: the series of its forms and the patterns
    of the number and the registration number, filled from one counter when a document is
    issued ({year}: the year of issue, {seq}: the counter, e.g. «{year}-{seq:05d}»)."""

    provider = models.OneToOneField(
        Organization,
        verbose_name=_("Организация-провайдер"),
        on_delete=models.CASCADE,
        related_name="document_numbering",
    )
    series = models.CharField(_("Серия бланков"), max_length=20, blank=True)
    number_pattern = models.CharField(_("Шаблон номера"), max_length=50, default="{year}{seq:06d}")
    registration_pattern = models.CharField(
        _("Шаблон регистрационного номера"), max_length=50, default="{year}-{seq:05d}"
    )
    last = models.PositiveIntegerField(_("Последний выданный номер"), default=0)
    funding = models.ForeignKey(
        FundingSource,
        verbose_name=_("Источник финансирования по умолчанию"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Нумерация документов провайдера")
        verbose_name_plural = _("Нумерация документов провайдеров")

    def __str__(self):
        return str(self.provider)

    def clean(self):
        for name in ("number_pattern", "registration_pattern"):
            if not number_pattern_is_valid(getattr(self, name)):
                raise ValidationError(
                    {
                        name: _(
                            "Шаблон может содержать только {year} и {seq}, например "
                            "«{year}-{seq:05d}»."
                        )
                    }
                )


class ExportBatch(models.Model):
    """One «Шаблон ДПО» file: the provider, the period of issue and who took it."""

    provider = models.ForeignKey(
        Organization,
        verbose_name=_("Организация-провайдер"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_from = models.DateField(_("Выданы с"))
    issued_to = models.DateField(_("Выданы по"))
    created = models.DateTimeField(_("Выгружен"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Кто выгрузил"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Выгрузка в ФИС ФРДО")
        verbose_name_plural = _("Выгрузки в ФИС ФРДО")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.provider}: {self.created:%d.%m.%Y %H:%M}"


class ExportedDocument(models.Model):
    """A document as it went out in a batch: its row's fingerprint tells whether it has changed
    since, and so needs a correction upload."""

    batch = models.ForeignKey(ExportBatch, on_delete=models.CASCADE, related_name="documents")
    enrollment = models.ForeignKey(
        "programs.Enrollment", on_delete=models.CASCADE, related_name="exports"
    )
    number = models.CharField(_("Номер документа при выгрузке"), max_length=100)
    fingerprint = models.CharField(_("Отпечаток строки"), max_length=64)

    class Meta:
        verbose_name = _("Выгруженный документ")
        verbose_name_plural = _("Выгруженные документы")
        ordering = ["-batch__created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "enrollment"], name="programs_exported_once")
        ]

    def __str__(self):
        return self.number
