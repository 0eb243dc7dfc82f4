"""The document an enrolment ends with, as the federal register of documents (ФИС ФРДО) takes
it: issued with the provider's numbers at completion, corrected by the provider afterwards
(docs/frdo.md)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.services import Errors, assign

from ..models import (
    REGISTERED,
    DocumentNumbering,
    DocumentStatus,
    Enrollment,
    Program,
    RegisterDocumentKind,
    RegisterStudyForm,
)


def numbering_of(program):
    """The provider's numbering, its row locked so that two documents never get one number;
    None when the program has no provider in the registry or the provider numbers by hand."""
    if not program.provider_id:
        return None
    return (
        DocumentNumbering.objects.select_for_update().filter(provider=program.provider_id).first()
    )


def next_numbers(numbering, year):
    """The number and the registration number of the provider's next document."""
    numbering.last += 1
    numbering.save(update_fields=["last"])
    values = {"year": year, "seq": numbering.last}
    return numbering.number_pattern.format(**values), numbering.registration_pattern.format(
        **values
    )


def study_form_of(program):
    for study_form in RegisterStudyForm.objects.filter(is_active=True):
        if program.form in {code.strip() for code in study_form.forms.split(",")}:
            return study_form
    return None


def issue(enrollment, program, numbering, number):
    """Fills the register's data of a document issued on completion: its kind, form of study
    and funding by default, and, when the provider numbers its documents here, the series, the
    number (unless typed) and the registration number from its counter."""
    enrollment.issued_on = enrollment.completed_on
    enrollment.document_number = number
    if enrollment.document_kind not in REGISTERED:
        return
    enrollment.document_type = RegisterDocumentKind.objects.filter(
        kind=enrollment.document_kind, is_active=True
    ).first()
    enrollment.study_form = study_form_of(program)
    if numbering is None:
        return
    given, registration = next_numbers(numbering, enrollment.issued_on.year)
    enrollment.document_number = number or given
    enrollment.registration_number = registration
    enrollment.document_series = numbering.series
    enrollment.funding = numbering.funding


DOCUMENT_FIELDS = (
    "document_type",
    "document_status",
    "original",
    "document_series",
    "document_number",
    "registration_number",
    "issued_on",
    "study_form",
    "funding",
)


def may_change_document(user, enrollment):
    programs = Program.objects.changeable_by(user, Perm.MANAGE_PROGRAMS)
    return programs.filter(pk=enrollment.cohort.program_id).exists()


def check_document(enrollment, errors):
    if enrollment.issued_on and enrollment.issued_on > timezone.localdate():
        errors.add("issued_on", _("Дата выдачи не может быть в будущем."))
    if enrollment.issued_on and enrollment.issued_on < enrollment.cohort.starts_on:
        errors.add(
            "issued_on",
            _("Дата выдачи раньше начала потока (%(date)s).")
            % {"date": format_date(enrollment.cohort.starts_on)},
        )
    original = enrollment.original
    if enrollment.document_status == DocumentStatus.DUPLICATE and original is None:
        errors.add("original", _("Для дубликата укажите запись, по которой выдан оригинал."))
    if original is not None and (
        original.pk == enrollment.pk or original.person_id != enrollment.person_id
    ):
        errors.add("original", _("Оригинал — другая запись того же работника."))


@transaction.atomic
def update_document(enrollment, *, by, data):
    """The provider corrects the document's data; the ones already exported are flagged for a
    correction upload by the pre-check, which compares them with what went out."""
    enrollment = (
        Enrollment.objects.select_for_update().select_related("cohort").get(pk=enrollment.pk)
    )
    if not may_change_document(by, enrollment):
        raise PermissionDenied(_("Недостаточно прав, чтобы изменить данные документа."))
    changed = assign(enrollment, data, DOCUMENT_FIELDS)
    errors = Errors()
    check_document(enrollment, errors)
    errors.raise_if_any()
    enrollment.save()
    audit.log(by, "programs.enrollment.document_updated", enrollment, changed=changed)
    return enrollment
