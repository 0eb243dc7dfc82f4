"""What an uploaded file of this app may be: office documents, PDF, images and archives, up to
20 MB."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from profrost.core.files import DOCUMENT_EXTENSIONS

MAX_UPLOAD_MB = 20

validate_extension = FileExtensionValidator(
    allowed_extensions=DOCUMENT_EXTENSIONS,
    message=_(
        "Файлы с расширением «%(extension)s» не принимаются. Допустимые форматы: "
        "%(allowed_extensions)s."
    ),
)


def validate_size(file):
    if file.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError(
            _("Файл больше %(limit)d МБ: уменьшите его или разместите по ссылке.")
            % {"limit": MAX_UPLOAD_MB},
            code="file_too_large",
        )


FILE_VALIDATORS = [validate_extension, validate_size]
FILE_HELP = format_lazy(
    _("PDF, документы, таблицы, презентации, изображения или ZIP, не больше {limit} МБ."),
    limit=MAX_UPLOAD_MB,
)
