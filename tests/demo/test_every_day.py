"""The demo builds on every day of the year and tells the truth on its first screen.

`make run` builds the demo on whatever day it is, so a fault that depends on the day and the
demo's random draws together only shows on that day. These days are chosen to break date
arithmetic: the first and last day of every month of one year (half-year and school-year
bounds among them), 29 February of a leap year, and the real today. The clock is moved to each
day for the whole build and the page visits, as `make run` would run then.
"""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from profrost.core.context_processors import navigation
from profrost.core.models import User
from profrost.demo.registry.users import DEMO_USERNAMES
from profrost.methodists.models import Methodist
from profrost.monitoring import selectors
from profrost.monitoring.indicators.base import REGISTRY
from profrost.monitoring.models import IndicatorValue, MonitoringPeriod, PeriodStatus, ScopeLevel
from profrost.routes.models import Route

TEACHERS = 200
NOT_LINKED = "не связана с карточкой работника"
# Indicators that the first screen of the demo must never show as 0 because of its dates.
LIVELY = [
    "route_share",
    "events_count",
    "event_participants",
    "young_difficulties_monitored",
    "training_requests",
]
# The «Моё» pages and the ones that act for the user's own person.
OWN_PAGES = [
    "diagnostics:my_diagnostics",
    "routes:my_route",
    "programs:my_training",
    "network:my_events",
    "mentoring:my_mentoring",
    "achievements:my_portfolio",
    "practices:my_reviews",
    "routes:tutor_checkpoints",
]
# Date fields that record something that happened: never after the demo's today.
HAPPENED = {
    "created",
    "created_at",
    "updated",
    "modified",
    "measured_on",
    "found_on",
    "closed_on",
    "agreed_on",
    "completed_on",
    "submitted_at",
    "started_at",
    "filed_on",
    "answered_at",
    "decided_on",
    "issued_on",
    "computed_at",
    "applied",
    "joined_on",
}


def month_ends(year):
    days = []
    for month in range(1, 13):
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        days += [first, following - timedelta(days=1)]
    return days


DAYS = [*month_ends(2027), date(2028, 2, 29)]


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def on(day):
    """The clock at noon of `day`, local time, moving on from there."""
    moment = timezone.make_aware(datetime.combine(day, time(12)))
    return time_machine.travel(moment, tick=True)


def build(day):
    call_command("seed_demo", teachers=TEACHERS, today=day.strftime("%d.%m.%Y"), stdout=StringIO())


def check_pages(client, day, every_menu_item=False):
    for username in DEMO_USERNAMES:
        user = User.objects.get(username=username)
        assert user.person_id, f"{username} is not linked to a person"
        client.force_login(user)
        urls = [reverse("home"), *(reverse(name) for name in OWN_PAGES)]
        if every_menu_item:
            request = type("Request", (), {"user": user})()
            urls += [url for _, _, links in navigation(request)["nav_menus"] for _, url in links]
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code == 200, (day, username, url, response.status_code)
            assert NOT_LINKED not in response.content.decode(), (day, username, url)


def check_nothing_in_the_future(day):
    latest = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.name not in HAPPENED:
                continue
            if isinstance(field, models.DateTimeField):
                late = model._default_manager.filter(**{f"{field.name}__gte": latest})
            elif isinstance(field, models.DateField):
                late = model._default_manager.filter(**{f"{field.name}__gt": day})
            else:
                continue
            assert not late.exists(), (day, model.__name__, field.name, late.first())


def check_routes_follow_their_diagnosis(day):
    """A route starts on or after the day of every deficit it was built from."""
    for starts_on, snapshot in Route.objects.values_list("starts_on", "deficit_snapshot"):
        found = [date.fromisoformat(entry["found_on"]) for entry in snapshot if entry["found_on"]]
        assert starts_on >= max(found, default=starts_on), (day, starts_on, max(found))


def check_periods(day):
    region_admin = User.objects.get(username="region")
    computed = MonitoringPeriod.objects.filter(status=PeriodStatus.COMPUTED)
    assert computed.exists(), day
    for period in computed:
        assert period.starts_on <= day, (day, period)
        codes = set(
            IndicatorValue.objects.filter(period=period, level=ScopeLevel.REGION).values_list(
                "indicator", flat=True
            )
        )
        expected = {code for code, ind in REGISTRY.items() if ScopeLevel.REGION in ind.levels}
        assert codes == expected, (day, period, expected - codes)
    shown = selectors.period_or_none(region_admin, None)
    values = dict(
        IndicatorValue.objects.filter(
            period=shown, level=ScopeLevel.REGION, indicator__in=LIVELY
        ).values_list("indicator", "numerator")
    )
    zeros = [code for code in LIVELY if not values.get(code)]
    assert not zeros, (day, shown.title, zeros)


def check_people(day):
    """Every login is a person; the regional methodist is one of the regional asset."""
    regmethodist = User.objects.get(username="regmethodist")
    assert Methodist.objects.filter(person=regmethodist.person_id).exists(), day


def check_demo(client, day, every_menu_item=False):
    check_people(day)
    check_nothing_in_the_future(day)
    check_routes_follow_their_diagnosis(day)
    check_periods(day)
    check_pages(client, day, every_menu_item)


@pytest.mark.parametrize("day", DAYS, ids=lambda day: day.isoformat())
def test_demo_builds_and_tells_the_truth_on(day, db, client):
    with on(day):
        build(day)
        check_demo(client, day)


def test_demo_builds_and_tells_the_truth_today(db, client):
    day = timezone.localdate()
    with on(day):
        build(day)
        check_demo(client, day, every_menu_item=True)
