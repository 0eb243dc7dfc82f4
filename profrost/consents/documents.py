"""The printable consent (DOCX): one form per person, pre-filled with what the registry keeps,
in the text version the region has in force, each on its own page, to be signed by hand."""

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK

from profrost.core import documents
from profrost.core.dates import format_date

from . import selectors


def consent_forms(people):
    """A DOCX of consent forms for `people` (each with their region's current text); people
    whose region has no text are left out. Returns (content, how many forms)."""
    people = list(people)
    texts = selectors.texts_of(people)
    document = Document()
    documents.setup_page(document)
    printed = 0
    for person in people:
        text = texts.get(person.pk)
        if text is None:
            continue
        if printed:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        consent_form(document, person, text)
        printed += 1
    return documents.document_bytes(document), printed


def consent_form(document, person, text):
    documents.heading(document, text.title.upper(), size=12)
    document.add_paragraph(
        _("Я, %(name)s, дата рождения %(born)s,")
        % {"name": person.full_name, "born": format_date(person.birth_date)}
    )
    if person.snils:
        document.add_paragraph(_("СНИЛС: %(snils)s,") % {"snils": person.snils_display})
    document.add_paragraph(
        _("в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ")
    )
    documents.section_title(document, _("Оператор"))
    document.add_paragraph(text.operator)
    documents.section_title(document, _("Цели обработки"))
    document.add_paragraph(text.purposes)
    documents.section_title(document, _("Содержание согласия"))
    for paragraph in text.body.splitlines():
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())
    document.add_paragraph(_("Редакция текста № %(version)s.") % {"version": text.version}).runs[
        0
    ].italic = True
    document.add_paragraph()
    document.add_paragraph(
        _("«____» ______________ 20___ г.      ____________ / %(name)s")
        % {"name": person.full_name}
    )
    document.add_paragraph(_("(дата)                                        (подпись)"))
