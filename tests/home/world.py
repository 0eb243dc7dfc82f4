"""Rows that put tasks on the home page, one helper per kind of task."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from profrost.core.dates import add_years
from profrost.monitoring.models import MonitoringPeriod, Recommendation
from profrost.registry.models import AttestationCategory
from profrost.routes.models import Route, RouteStatus
from tests import factories
from tests.datarequests.factories import DataRequestFactory, RecipientFactory, sent
from tests.practices.factories import ReviewFactory
from tests.programs.factories import CohortFactory, EnrollmentFactory
from tests.routes.factories import CheckpointFactory, RouteFactory, RouteItemFactory


def days(offset):
    return timezone.localdate() + timedelta(days=offset)


def next_period(person):
    """A person's routes follow one another: one open route per person and period."""
    return Route.objects.filter(person=person).count()


def checkpoint(person, due=5, tutor=None, status=RouteStatus.IN_PROGRESS, title=None):
    route = RouteFactory(person=person, tutor=tutor, status=status, period=next_period(person))
    item = RouteItemFactory(route=route, ends_on=days(120))
    extra = {"title": title} if title else {}
    return CheckpointFactory(item=item, due_on=days(due), **extra)


def route_item(person, ends=10):
    route = RouteFactory(person=person, status=RouteStatus.AGREED, period=next_period(person))
    return RouteItemFactory(route=route, ends_on=days(ends))


def draft_route(person, starts=10):
    starts += 200 * next_period(person)
    return RouteFactory(
        person=person, status=RouteStatus.DRAFT, starts_on=days(starts), ends_on=days(starts + 90)
    )


def recommendation(organization, deadline=10, title="Организовать наставничество"):
    return Recommendation.objects.create(
        organization=organization,
        region=organization.municipality.region,
        title=title,
        text="Закрепить наставников за молодыми специалистами.",
        deadline=days(deadline) if deadline is not None else None,
    )


def data_request(organization, deadline=10):
    request = DataRequestFactory(municipality=organization.municipality, deadline=days(deadline))
    recipient = RecipientFactory(request=request, organization=organization)
    sent(request)
    return recipient


def attestation_due(organization, ends=10):
    """A person of the organization whose attestation («соответствие», five years) ends in
    `ends` days."""
    person = factories.EmploymentFactory(organization=organization).person
    decided = add_years(days(ends), -5)
    return factories.AttestationFactory(
        person=person, category=AttestationCategory.COMPLIANCE, decision_date=decided
    )


def enrollment(person, starts=30):
    return EnrollmentFactory(
        person=person,
        cohort=CohortFactory(starts_on=days(starts), ends_on=days(starts + 30)),
    )


def review(expert, organization):
    return ReviewFactory(expert=expert, practice__organization=organization)


def ended_period(region, title="2025, второе полугодие"):
    return MonitoringPeriod.objects.create(
        title=title,
        level="region",
        region=region,
        starts_on=date(2025, 7, 1),
        ends_on=date(2025, 12, 31),
    )


ZERO = Decimal(0)
