"""The demo methodical network of `manage.py seed_demo`: associations with heads and members,
plans with held and upcoming events, the demo teacher's events, the same data for the same seed."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from profrost.core.models import User
from profrost.network import selectors
from profrost.network.models import (
    Association,
    AssociationKind,
    Event,
    EventStatus,
    HorizontalGroup,
    Membership,
    Participation,
    ParticipationRole,
    PlanLevel,
    WorkPlan,
)
from profrost.registry.models import Municipality

TEACHERS = 200
DEMO_NOW = timezone.make_aware(datetime(2026, 3, 2, 12))
BUILDERS = [
    "profrost.demo.registry.build.build_demo_registry",
    "profrost.demo.diagnostics.build_demo_diagnostics",
    "profrost.demo.network.build.build_demo_network",
]


def seed(seed=1):
    out = StringIO()
    call_command("seed_demo", teachers=TEACHERS, seed=seed, today="02.03.2026", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings):
    settings.DEMO_BUILDERS = BUILDERS
    return seed()


def test_demo_network_has_an_rmo_per_subject_and_shmo_in_most_schools(seeded):
    # With 200 people some districts have a methodical service only; those have no РМО.
    staffed = set(
        Municipality.objects.annotate(
            teachers=Count("organizations__employments", filter=Q(organizations__kind="school"))
        )
        .filter(teachers__gte=10)
        .values_list("pk", flat=True)
    )
    with_rmo = set(
        Association.objects.filter(kind=AssociationKind.DISTRICT_MO).values_list(
            "municipality", flat=True
        )
    )
    schools_with_shmo = (
        Association.objects.filter(kind=AssociationKind.SCHOOL_MO)
        .values("organization")
        .distinct()
        .count()
    )

    assert staffed <= with_rmo
    assert len(staffed) >= 2
    assert schools_with_shmo >= 2
    assert Association.objects.filter(kind=AssociationKind.REGIONAL_MO).count() == 1
    assert "Методические объединения и сообщества" in seeded


def test_demo_network_every_head_is_a_current_member_in_the_role_of_head(seeded):
    heads = Association.objects.filter(head__isnull=False)
    with_head_membership = heads.filter(memberships__person=F("head"), memberships__role="head")

    assert heads.count() == Association.objects.count()
    assert with_head_membership.count() == heads.count()
    assert Membership.objects.filter(role="head").count() == heads.count()


def test_demo_network_plans_hold_ten_to_twenty_events_held_in_the_past(seeded):
    plans = WorkPlan.objects.annotate(events_total=Count("events"))
    municipal = plans.filter(level=PlanLevel.MUNICIPALITY)

    assert municipal.count() == Municipality.objects.count()
    assert all(10 <= plan.events_total <= 21 for plan in municipal)
    assert plans.filter(level=PlanLevel.ASSOCIATION).count() >= 2
    assert Event.objects.filter(status=EventStatus.HELD, participations__attended=True).exists()
    assert not Event.objects.filter(
        status=EventStatus.HELD, starts_at__date__gt=date(2026, 3, 2)
    ).exists()
    assert not Participation.objects.filter(
        event__starts_at__date__gt=date(2026, 3, 2), attended__isnull=False
    ).exists()


def test_demo_network_capacity_is_kept(seeded):
    over = (
        Event.objects.filter(capacity__isnull=False)
        .annotate(
            taken=Count(
                "participations", filter=Q(participations__role=ParticipationRole.PARTICIPANT)
            )
        )
        .filter(taken__gt=F("capacity"))
    )

    assert list(over) == []


def test_demo_network_teacher_attended_events_and_can_register_for_one(seeded):
    teacher = User.objects.get(username="teacher")

    attended = Participation.objects.filter(person=teacher.person, attended=True).count()
    open_events = selectors.open_for_registration(teacher, teacher.person, now=DEMO_NOW)

    assert attended >= 1
    assert open_events.filter(
        title="Семинар для молодых педагогов «Первые шаги в профессии»"
    ).exists()


def test_demo_network_horizontal_groups_pair_members_of_their_association(seeded):
    groups = HorizontalGroup.objects.prefetch_related("holders", "learners")

    assert groups.exists()
    for group in groups:
        members = set(
            group.association.memberships.filter(left_on__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        people = {p.pk for p in group.holders.all()} | {p.pk for p in group.learners.all()}
        assert people <= members


class Rollback(Exception):
    pass


def fingerprint(seed_number):
    try:
        with transaction.atomic():
            seed(seed_number)
            rows = sorted(
                Event.objects.values_list(
                    "title", "starts_at", "status", "capacity", "organizer_organization__inn"
                )
            )
            participations = Participation.objects.count()
            raise Rollback
    except Rollback:
        return rows, participations


def test_demo_network_same_seed_gives_the_same_events(db, settings):
    settings.DEMO_BUILDERS = BUILDERS

    assert fingerprint(5) == fingerprint(5)
