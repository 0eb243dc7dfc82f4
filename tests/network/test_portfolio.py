"""The network's sections of the portfolio: attended events and work in associations."""

from datetime import timedelta

import pytest
from django.utils import timezone

from profrost.network import portfolio, services
from profrost.network.models import Event

achievements_portfolio = pytest.importorskip("profrost.achievements.portfolio")


@pytest.fixture
def attended(net):
    event = net["event_a"]
    services.register(event, net["person_a"], by=net["teacher_a"])
    services.register(event, net["person_a2"], by=net["teacher_a2"])
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    event.refresh_from_db()
    services.mark_attendance(
        event, {net["person_a"].pk: True, net["person_a2"].pk: False}, by=net["methodist_a"]
    )
    return event


def test_portfolio_sections_are_registered_by_the_app():
    assert portfolio.events_section in achievements_portfolio.SECTIONS
    assert portfolio.associations_section in achievements_portfolio.SECTIONS


def test_portfolio_events_section_lists_attended_events_only(attended, net):
    own = portfolio.events_section(net["person_a"], net["teacher_a"])
    absent = portfolio.events_section(net["person_a2"], net["teacher_a2"])

    assert [row.cells[0] for row in own.rows] == ["Семинар Город А"]
    assert own.rows[0].cells[4] == "Участник"
    assert own.rows[0].url == f"/network/events/{attended.pk}/"
    assert absent.rows == []


def test_portfolio_associations_section_shows_the_role(net):
    section = portfolio.associations_section(net["person_a"], net["teacher_a"])

    assert [row.cells[:3] for row in section.rows] == [
        ["РМО учителей математики", "Районное методическое объединение (РМО)", "Руководитель"]
    ]


def test_portfolio_page_of_the_teacher_shows_the_attended_event(attended, net, client):
    client.force_login(net["teacher_a"])

    page = client.get(f"/achievements/people/{net['person_a'].pk}/portfolio/").content.decode()

    assert "Участие в методических мероприятиях" in page
    assert "Семинар Город А" in page
    assert "РМО учителей математики" in page
