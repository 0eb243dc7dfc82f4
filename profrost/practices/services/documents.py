"""Methodical materials and documents: atomic, validated, audited; the region and municipality
of a document follow from the organization or municipality it belongs to."""

from django.db import transaction

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.services import Errors, actor, assign, follow_level, full_clean, require

from ..models import Document, DocumentLevel

DOCUMENT_FIELDS = (
    "kind",
    "title",
    "number",
    "level",
    "region",
    "municipality",
    "organization",
    "topic",
    "valid_from",
    "valid_to",
    "description",
    "file",
    "url",
)


def _save_document(document, data):
    changed = assign(document, data, DOCUMENT_FIELDS)
    follow_level(document, document.level)
    errors = Errors()
    # Below the region the region follows from the municipality or the organization.
    full_clean(
        document, errors, exclude=[] if document.level == DocumentLevel.REGION else ["region"]
    )
    errors.raise_if_any()
    document.save()
    return changed


@transaction.atomic
def create_document(*, by, data):
    document = Document(created_by=actor(by))
    _save_document(document, data)
    require(Document.objects.changeable_by(by, Perm.MANAGE_MATERIALS), document)
    audit.log(by, "practices.document.created", document)
    return document


@transaction.atomic
def update_document(document, *, by, data):
    document = Document.objects.select_for_update().get(pk=document.pk)
    require(Document.objects.changeable_by(by, Perm.MANAGE_MATERIALS), document)
    changed = _save_document(document, data)
    require(Document.objects.changeable_by(by, Perm.MANAGE_MATERIALS), document)
    audit.log(by, "practices.document.updated", document, fields=sorted(changed))
    return document


@transaction.atomic
def delete_document(document, *, by):
    require(Document.objects.changeable_by(by, Perm.MANAGE_MATERIALS), document)
    audit.log(by, "practices.document.deleted", document)
    document.delete()
