"""The files of an event: the iCalendar file, the certificate of attendance, the registration
list."""

from datetime import datetime
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from profrost.network import ical, services
from profrost.network.models import Event
from tests import factories
from tests.network.factories import EventFactory


def local(*args):
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def webinar(net):
    return EventFactory(
        title="Вебинар: оценивание; обратная связь, рубрики",
        kind="webinar",
        organizer_organization=net["service_a"],
        starts_at=local(2026, 3, 5, 15, 0),
        ends_at=local(2026, 3, 5, 16, 30),
        place="",
        link="https://webinar.example.org/room-7",
        description="Первая строка\nВторая строка с \\ обратной чертой",
        hours=2,
    )


# iCalendar ---------------------------------------------------------------------------------


def unfold(text):
    return text.replace("\r\n ", "")


def test_ics_is_rfc_5545_with_crlf_utc_times_and_escaping(webinar):
    text = ical.event_calendar(
        webinar, url="https://profrost.example.org/network/events/1/", host="profrost.example.org"
    )
    lines = unfold(text).split("\r\n")

    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert lines[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ProfRost//Metodicheskaya set//RU",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
    ]
    assert f"UID:event-{webinar.pk}@profrost.example.org" in lines
    assert "DTSTART:20260305T120000Z" in lines  # 15:00 in Moscow
    assert "DTEND:20260305T133000Z" in lines
    assert "SUMMARY:Вебинар: оценивание\\; обратная связь\\, рубрики" in lines
    assert "LOCATION:https://webinar.example.org/room-7" in lines
    assert "STATUS:CONFIRMED" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith(
        "DESCRIPTION:Первая строка\\nВторая строка с \\\\ обратной чертой\\nФорма: Вебинар."
    )
    assert lines[-3:] == ["END:VEVENT", "END:VCALENDAR", ""]


def test_ics_folds_lines_at_75_octets_without_splitting_a_letter(webinar):
    webinar.title = "Очень длинное название мероприятия " * 4
    text = ical.event_calendar(webinar)

    physical = text.split("\r\n")
    summary = unfold(text).split("\r\n")

    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert all(line.encode("utf-8").decode("utf-8") == line for line in physical)
    assert f"SUMMARY:{webinar.title}" in summary


def test_ics_cancelled_event_is_cancelled(webinar, net):
    services.cancel_event(webinar, by=net["methodist_a"], reason="Болезнь лектора")

    lines = unfold(ical.event_calendar(webinar)).split("\r\n")

    assert "STATUS:CANCELLED" in lines


def test_ics_page_answers_text_calendar_to_who_sees_the_event(webinar, net, client):
    client.force_login(net["teacher_a"])

    response = client.get(f"/network/events/{webinar.pk}/ics/")
    client.force_login(net["teacher_b"])
    outsider = client.get(f"/network/events/{webinar.pk}/ics/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="event-{webinar.pk}.ics"'
    assert response.content.decode("utf-8").startswith("BEGIN:VCALENDAR\r\n")
    assert outsider.status_code == 404


# The certificate ---------------------------------------------------------------------------


@pytest.fixture
def attended(net):
    """Teacher A2 («Аверина Петровна») attended event A as a speaker; teacher A registered but
    was absent."""
    event = net["event_a"]
    event.hours = 4
    event.save()
    speaker = services.register(event, net["person_a2"], by=net["methodist_a"], role="speaker")
    speaker.topic = "Смысловое чтение"
    speaker.save()
    services.register(event, net["person_a"], by=net["teacher_a"])
    Event.objects.filter(pk=event.pk).update(
        starts_at=local(2026, 3, 5, 10), ends_at=local(2026, 3, 5, 13)
    )
    event.refresh_from_db()
    services.mark_attendance(
        event, {net["person_a2"].pk: True, net["person_a"].pk: False}, by=net["methodist_a"]
    )
    return event.participations.get(person=net["person_a2"])


def docx_text(content):
    return [paragraph.text for paragraph in Document(BytesIO(content)).paragraphs if paragraph.text]


def test_certificate_names_the_participant_the_role_and_the_event(attended, net, client):
    client.force_login(net["teacher_a2"])

    response = client.get(f"/network/participations/{attended.pk}/certificate/")

    text = docx_text(response.content)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert text[:5] == [
        "СЕРТИФИКАТ",
        "участника методического мероприятия",
        "Настоящий сертификат подтверждает, что",
        attended.person.full_name,
        "Учитель, Школа А",
    ]
    assert text[5] == "приняла участие в семинаре «Семинар Город А» в качестве выступающего"
    assert "Дата проведения: 05.03.2026" in text
    assert "Объём: 4 часа" in text
    assert "Организатор: ИМЦ Город А" in text
    assert "Тема выступления: «Смысловое чтение»" in text
    assert f"Регистрационный номер: {attended.event_id}-{attended.pk}" in text


def test_certificate_only_for_an_attended_participation(attended, net, client):
    absent = attended.event.participations.get(person=net["person_a"])
    client.force_login(net["teacher_a"])

    response = client.get(f"/network/participations/{absent.pk}/certificate/")

    assert response.status_code == 404


def test_certificate_trio_participant_their_admin_and_a_colleague(attended, net, client):
    statuses = {}
    for name in ("teacher_a2", "org_admin_a", "methodist_a", "teacher_a", "teacher_b"):
        client.force_login(net[name])
        statuses[name] = client.get(
            f"/network/participations/{attended.pk}/certificate/"
        ).status_code

    assert statuses == {
        "teacher_a2": 200,
        "org_admin_a": 200,
        "methodist_a": 200,
        "teacher_a": 404,
        "teacher_b": 404,
    }


# The registration list ---------------------------------------------------------------------


def test_registration_list_has_the_columns_of_the_seed_lists(attended, net, client):
    third = factories.EmploymentFactory(
        organization=net["org_b"], person__last_name="Борисова"
    ).person
    attended.event.participations.create(person=third, organization=net["org_b"])
    client.force_login(net["methodist_a"])

    response = client.get(f"/network/events/{attended.event_id}/registration-list/")

    sheet = load_workbook(BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(
        ["№", "ФИО", "Организация", "Должность", "Роль", "Подпись / отметка о присутствии"]
    )
    assert rows[0][0] == "Регистрационный лист участников: Семинар Город А"
    assert rows[header + 1 :] == [
        [1, net["person_a2"].full_name, "Школа А", "Учитель", "Выступающий", "присутствовал(а)"],
        [2, net["person_a"].full_name, "Школа А", "Учитель", "Участник", "отсутствовал(а)"],
        [3, third.full_name, "Школа Б", None, "Участник", None],
    ]
