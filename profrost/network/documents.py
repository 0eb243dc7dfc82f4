"""The certificate of attendance of a methodical event (DOCX), for an attended participation."""

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from profrost.core.dates import format_date
from profrost.core.text import count_phrase

from .models import EventKind, ParticipationRole

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HOUR_FORMS = ("час", "часа", "часов")

# «принял участие в семинаре в качестве выступающего»: the kind in the prepositional case and
# the role in the genitive.
KIND_PREPOSITIONAL = {
    EventKind.CONFERENCE: "конференции",
    EventKind.FORUM: "форуме",
    EventKind.SEMINAR: "семинаре",
    EventKind.WORKSHOP: "практикуме",
    EventKind.ROUND_TABLE: "круглом столе",
    EventKind.MASTER_CLASS: "мастер-классе",
    EventKind.WEBINAR: "вебинаре",
    EventKind.OPEN_LESSON: "открытом уроке",
    EventKind.CONSULTATION: "консультации",
    EventKind.INTERNSHIP: "стажировке",
    EventKind.MEETING: "заседании методического объединения",
    EventKind.READINGS: "педагогических чтениях",
    EventKind.OTHER: "мероприятии",
}
ROLE_GENITIVE = {
    ParticipationRole.PARTICIPANT: "участника",
    ParticipationRole.SPEAKER: "выступающего",
    ParticipationRole.ORGANIZER: "организатора",
    ParticipationRole.EXPERT: "эксперта",
}


def took_part(person):
    """«принял» or «приняла» by the patronymic, «принял(а)» when it does not tell."""
    middle = (person.middle_name or "").strip().lower()
    if middle.endswith(("вна", "чна", "кызы")):
        return "приняла"
    if middle.endswith(("вич", "ич", "оглы")):
        return "принял"
    return "принял(а)"


def event_dates(event):
    first = timezone.localtime(event.starts_at).date()
    last = timezone.localtime(event.ends_at).date()
    if first == last:
        return format_date(first)
    return f"{format_date(first)} — {format_date(last)}"


def certificate_number(participation):
    return f"{participation.event_id}-{participation.pk}"


def certificate_lines(participation):
    """The certificate's text, line by line: what the DOCX shows and the tests read."""
    event, person = participation.event, participation.person
    organization, position = participation.organization, participation.position
    place = ", ".join(
        name
        for name in (position and position.name, organization and organization.short_name)
        if name
    )
    statement = (
        f"{took_part(person)} участие в {KIND_PREPOSITIONAL[event.kind]} «{event.title}» "
        f"в качестве {ROLE_GENITIVE[participation.role]}"
    )
    details = [
        _("Уровень: %(level)s") % {"level": event.get_level_display().lower()},
        _("Дата проведения: %(dates)s") % {"dates": event_dates(event)},
    ]
    if event.place:
        details.append(_("Место проведения: %(place)s") % {"place": event.place})
    if event.hours:
        details.append(_("Объём: %(hours)s") % {"hours": count_phrase(event.hours, HOUR_FORMS)})
    details.append(
        _("Организатор: %(organizer)s")
        % {"organizer": ", ".join(str(item) for item in event.organizers)}
    )
    if participation.topic:
        details.append(_("Тема выступления: «%(topic)s»") % {"topic": participation.topic})
    return {
        "title": _("СЕРТИФИКАТ"),
        "subtitle": _("участника методического мероприятия"),
        "intro": _("Настоящий сертификат подтверждает, что"),
        "name": person.full_name,
        "place": place,
        "statement": statement,
        "details": details,
        "number": _("Регистрационный номер: %(number)s")
        % {"number": certificate_number(participation)},
        "issued": _("Дата выдачи: %(date)s") % {"date": format_date(timezone.localdate())},
    }


def _paragraph(document, text, *, size=12, bold=False, center=False, space_after=6):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def certificate_docx(participation):
    lines = certificate_lines(participation)
    document = Document()
    document.core_properties.title = f"{lines['title']} {lines['name']}"
    document.core_properties.author = "ПрофРост"
    _paragraph(document, lines["title"], size=28, bold=True, center=True, space_after=0)
    _paragraph(document, lines["subtitle"], size=14, center=True, space_after=24)
    _paragraph(document, lines["intro"], size=13, center=True)
    _paragraph(document, lines["name"], size=20, bold=True, center=True, space_after=2)
    if lines["place"]:
        _paragraph(document, lines["place"], size=12, center=True, space_after=12)
    _paragraph(document, lines["statement"], size=14, center=True, space_after=18)
    for detail in lines["details"]:
        _paragraph(document, detail, size=12, space_after=2)
    _paragraph(document, "", space_after=36)
    _paragraph(document, _("Руководитель организатора  ____________  /  ____________________/"))
    _paragraph(document, _("М. П."), size=10, space_after=24)
    _paragraph(document, lines["number"], size=10, space_after=0)
    _paragraph(document, lines["issued"], size=10)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
