"""The export of a provider's documents to ФИС ФРДО: the file of those that pass the pre-check
and are new or changed since their last export, and the batch that remembers them."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.services import actor

from ..exporters import register_xlsx
from ..models import ExportBatch, ExportedDocument
from ..register import COLUMNS, check, documents, providers_for

CHANGE = COLUMNS.index("Номер документа для изменения")


def export_row(checked):
    """The row as it goes out: a changed document names the number it went out with."""
    row = list(checked.row)
    if checked.changed:
        row[CHANGE] = checked.enrollment.exported_number
    return row


@transaction.atomic
def export_documents(provider, issued_from, issued_to, *, by):
    """The «Шаблон ДПО» file and its batch; the documents that do not pass stay out."""
    if not providers_for(by).filter(pk=provider.pk).exists():
        raise PermissionDenied(_("Недостаточно прав, чтобы выгрузить документы этой организации."))
    due = [item for item in check(documents(provider, issued_from, issued_to)) if item.due]
    batch = ExportBatch.objects.create(
        provider=provider, issued_from=issued_from, issued_to=issued_to, created_by=actor(by)
    )
    ExportedDocument.objects.bulk_create(
        ExportedDocument(
            batch=batch,
            enrollment=item.enrollment,
            number=item.enrollment.document_number,
            fingerprint=item.fingerprint,
        )
        for item in due
    )
    audit.log(by, "programs.register.exported", batch, documents=len(due))
    return batch, register_xlsx([export_row(item) for item in due])
