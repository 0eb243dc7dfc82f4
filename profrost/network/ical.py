"""An event as an iCalendar file (RFC 5545), written by hand: one VEVENT needs a few dozen lines,
which is less than a dependency. Lines end with CRLF and are folded at 75 octets; text values
escape backslashes, semicolons, commas and newlines."""

from datetime import UTC

from django.utils import timezone

from .models import EventStatus

PRODID = "-//ProfRost//Metodicheskaya set//RU"
LINE_OCTETS = 75
STATUS = {
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def escape(text):
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Splits a content line into parts of at most 75 octets of UTF-8, never inside a
    character; each continuation begins with a space."""
    parts, current, size = [], "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def utc(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def description(event):
    lines = [event.description.strip()] if event.description.strip() else []
    lines.append(f"Форма: {event.get_kind_display()}. Уровень: {event.get_level_display()}.")
    lines.append("Организатор: " + ", ".join(str(item) for item in event.organizers))
    if event.link:
        lines.append(f"Ссылка: {event.link}")
    if event.is_cancelled and event.cancel_reason:
        lines.append(f"Отменено: {event.cancel_reason}")
    return "\n".join(lines)


def event_calendar(event, *, url="", host="profrost", now=None):
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:event-{event.pk}@{host}",
        f"DTSTAMP:{utc(now)}",
        f"DTSTART:{utc(event.starts_at)}",
        f"DTEND:{utc(event.ends_at)}",
        f"SUMMARY:{escape(event.title)}",
        f"DESCRIPTION:{escape(description(event))}",
        f"LOCATION:{escape(event.place or event.link)}",
        f"CATEGORIES:{escape(event.get_kind_display())}",
        f"STATUS:{STATUS[event.status]}",
    ]
    if event.updated:
        lines.append(f"LAST-MODIFIED:{utc(event.updated)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
