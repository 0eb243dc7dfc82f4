"""Factories of the methodical network."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from profrost.core.roles import Role
from profrost.network import models
from tests import factories
from tests.factories import MunicipalityFactory, OrganizationFactory, RegionFactory


class AssociationFactory(factory.django.DjangoModelFactory):
    """An РМО of a municipality by default."""

    class Meta:
        model = models.Association

    title = factory.Sequence(lambda n: f"РМО учителей № {n}")
    kind = models.AssociationKind.DISTRICT_MO
    level = models.TargetLevel.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(
        lambda obj: obj.municipality.region if obj.municipality else None
    )
    problem_area = "Функциональная грамотность"


def school_association(organization, **kwargs):
    return AssociationFactory(
        kind=models.AssociationKind.SCHOOL_MO,
        level=models.TargetLevel.ORGANIZATION,
        organization=organization,
        municipality=organization.municipality,
        **{"title": f"ШМО {organization.short_name}", **kwargs},
    )


def regional_association(region, **kwargs):
    return AssociationFactory(
        kind=models.AssociationKind.REGIONAL_MO,
        level=models.TargetLevel.REGION,
        region=region,
        municipality=None,
        **kwargs,
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    association = factory.SubFactory(AssociationFactory)
    person = factory.SubFactory("tests.factories.PersonFactory")
    role = models.MembershipRole.MEMBER
    joined_on = date(2024, 9, 1)


def in_days(days, hour=10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventFactory(factory.django.DjangoModelFactory):
    """A municipal seminar a week from now, organized by an organization; the reach follows the
    organizer as services.derive_reach makes it."""

    class Meta:
        model = models.Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Семинар № {n}")
    kind = models.EventKind.SEMINAR
    level = models.EventLevel.MUNICIPAL
    organizer_organization = factory.SubFactory(OrganizationFactory)
    region = factory.LazyAttribute(
        lambda obj: (obj.municipality or obj.organizer_organization.municipality).region
    )
    municipality = factory.LazyAttribute(
        lambda obj: (
            obj.organizer_organization.municipality
            if obj.level in ("municipal", "school")
            else None
        )
    )
    organization = factory.LazyAttribute(
        lambda obj: obj.organizer_organization if obj.level == "school" else None
    )
    starts_at = factory.LazyFunction(lambda: in_days(7))
    ends_at = factory.LazyAttribute(lambda obj: obj.starts_at + timedelta(hours=2))
    place = "Актовый зал"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participation

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory("tests.factories.PersonFactory")
    role = models.ParticipationRole.PARTICIPANT


class WorkPlanFactory(factory.django.DjangoModelFactory):
    """A municipality's plan for the school year 2025/2026."""

    class Meta:
        model = models.WorkPlan

    title = factory.Sequence(lambda n: f"План методической работы № {n}")
    level = models.PlanLevel.MUNICIPALITY
    municipality = factory.SubFactory(MunicipalityFactory)
    region = factory.LazyAttribute(lambda obj: obj.municipality.region)
    year = 2025


def network_world(two_orgs, region):
    """Two municipalities with a school each (see two_orgs). In «Город А»: a second teacher
    «Аверина», an РМО headed by teacher «Альфина», a municipal seminar a week from now
    with two places organized by the methodical service «ИМЦ Город А», and a municipal
    methodist; in «Район Б» a seminar of «Школа Б»."""
    org_a, org_b = two_orgs["org_a"], two_orgs["org_b"]
    service_a = factories.OrganizationFactory(
        municipality=two_orgs["mun_a"], short_name="ИМЦ Город А", kind="methodical_service"
    )
    person_a2 = factories.EmploymentFactory(
        organization=org_a, person__last_name="Аверина", person__middle_name="Петровна"
    ).person
    rmo = AssociationFactory(
        title="РМО учителей математики", municipality=two_orgs["mun_a"], head=two_orgs["person_a"]
    )
    MembershipFactory(association=rmo, person=two_orgs["person_a"], role="head")
    return {
        **two_orgs,
        "region": region,
        "person_a2": person_a2,
        "rmo": rmo,
        "service_a": service_a,
        "event_a": EventFactory(
            title="Семинар Город А", organizer_organization=service_a, capacity=2
        ),
        "event_b": EventFactory(title="Семинар Район Б", organizer_organization=org_b),
        "teacher_a": factories.teacher_user(two_orgs["person_a"]),
        "teacher_a2": factories.teacher_user(person_a2),
        "teacher_b": factories.teacher_user(two_orgs["person_b"]),
        "methodist_a": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "org_admin_a": factories.user_with_role(Role.ORGANIZATION_ADMIN, org_a),
        "regional_admin": factories.user_with_role(Role.REGIONAL_ADMIN, region),
    }


__all__ = [
    "AssociationFactory",
    "EventFactory",
    "MembershipFactory",
    "ParticipationFactory",
    "RegionFactory",
    "WorkPlanFactory",
    "in_days",
    "network_world",
    "regional_association",
    "school_association",
]
