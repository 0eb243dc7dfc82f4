"""The document of a completed ДПО training (DOCX for printing on the provider's form): the
удостоверение or диплом with the series, number and registration number that go to ФИС ФРДО."""

from django.utils.translation import gettext as _
from docx import Document

from profrost.core.dates import format_date
from profrost.core.documents import document_bytes, heading, label_block, setup_page
from profrost.core.text import count_phrase

HOUR_FORMS = ("час", "часа", "часов")
WIDTHS = (6.0, 11.0)


def certificate_lines(enrollment):
    """The document's title and its labelled lines: what the DOCX shows and the tests read."""
    program, person = enrollment.cohort.program, enrollment.person
    cohort = enrollment.cohort
    issuer = program.provider_display
    return {
        "title": enrollment.get_document_kind_display().upper(),
        "pairs": [
            (_("Серия"), enrollment.document_series or "—"),
            (_("Номер"), enrollment.document_number or "—"),
            (_("Регистрационный номер"), enrollment.registration_number or "—"),
            (_("Дата выдачи"), format_date(enrollment.issued_on or enrollment.completed_on)),
            (_("Выдан(о)"), person.full_name),
            (_("Программа"), program.title),
            (_("Объём"), count_phrase(program.hours, HOUR_FORMS)),
            (
                _("Срок обучения"),
                f"{format_date(cohort.starts_on)} — "
                f"{format_date(enrollment.completed_on or cohort.ends_on)}",
            ),
            (_("Организация"), issuer),
        ],
    }


def certificate_docx(enrollment):
    lines = certificate_lines(enrollment)
    document = Document()
    setup_page(document)
    document.core_properties.title = f"{lines['title']} {enrollment.person.full_name}"
    document.core_properties.author = "ПрофРост"
    heading(document, lines["title"], size=16)
    label_block(document, lines["pairs"], WIDTHS)
    document.add_paragraph("")
    document.add_paragraph(_("Руководитель  ____________  /  ____________________/"))
    document.add_paragraph(_("М. П."))
    return document_bytes(document)
