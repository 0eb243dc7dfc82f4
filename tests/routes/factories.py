"""Factories of routes and of the rows routes are built from. They write rows directly, as
fixtures; the rules are tested through `profrost.routes.services`. Programs and cohorts are
written with the ORM here, so that these tests do not wait for the programs area's factories."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from profrost.core.roles import Role
from profrost.diagnostics import services as diagnostics
from profrost.diagnostics.models import CompetenceLevel, ResultSource
from profrost.programs.models import Cohort, Program, ProgramCompetence
from profrost.routes.models import ActivityKind, Checkpoint, Route, RouteItem
from tests import factories


def today():
    return timezone.localdate()


def days(offset):
    return today() + timedelta(days=offset)


def level_of(percent):
    if percent < 50:
        return CompetenceLevel.DEFICIT
    if percent < 75:
        return CompetenceLevel.PARTIAL
    return CompetenceLevel.PROFICIENT


def result(person, competence, percent, on, title="Диагностика"):
    """A measured result (percent of 100) recorded as the diagnostics record it."""
    return diagnostics.record_result(
        person=person,
        competence_id=competence.pk,
        measured_on=on,
        score=Decimal(percent),
        max_score=Decimal(100),
        level=level_of(percent),
        source=ResultSource.IMPORT,
        source_title=f"{title} {on:%d.%m.%Y}",
    )


def deficit(person, competence, percent=30, on=None):
    """An open deficit of the competence, found by a result of `percent`."""
    found = result(person, competence, percent, on or days(-60))
    return found.found_deficits.get()


_numbers = iter(range(1, 10**6))


def program(competences, hours=36, registry=False, title=None, positions=(), subjects=(), **extra):
    number = next(_numbers)
    row = Program.objects.create(
        title=title or f"Программа повышения квалификации {number}",
        kind="pk",
        hours=hours,
        form="distance",
        provider_name="Институт развития образования",
        federal_registry=registry,
        registry_number=f"ФР-{number:05d}" if registry else "",
        **extra,
    )
    for competence in competences:
        ProgramCompetence.objects.create(program=row, competence=competence)
    row.positions.set(positions)
    row.subjects.set(subjects)
    return row


def cohort(program_row, start=30, length=30, **extra):
    return Cohort.objects.create(
        program=program_row,
        starts_on=days(start),
        ends_on=days(start + length),
        capacity=25,
        **extra,
    )


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    person = factory.SubFactory(factories.PersonFactory)

    class Params:
        # One open route per person and period (services.common.check_one_per_period, and the
        # database's constraint on PostgreSQL): a person's further routes take later periods.
        period = 0

    title = factory.Sequence(lambda n: f"Индивидуальный маршрут {n}")
    starts_on = factory.LazyAttribute(lambda o: days(-30 + 200 * o.period))
    ends_on = factory.LazyAttribute(lambda o: days(150 + 200 * o.period))
    hours_budget = 72


class RouteItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteItem
        skip_postgeneration_save = True

    route = factory.SubFactory(RouteFactory)
    order = factory.LazyAttribute(lambda o: o.route.items.count() + 1)
    kind = ActivityKind.SELF_EDUCATION
    title = factory.Sequence(lambda n: f"Самообразование {n}")
    starts_on = factory.LazyAttribute(lambda o: o.route.starts_on)
    ends_on = factory.LazyAttribute(lambda o: o.route.ends_on)
    hours = 8
    expected_result = "Методическая разработка урока"
    reporting_form = "Самоанализ урока"

    @factory.post_generation
    def covers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.covered_deficits.set(extracted)
            obj.deficit = extracted[0]
            obj.competence = extracted[0].competence
            obj.save(update_fields=["deficit", "competence"])


class CheckpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Checkpoint

    item = factory.SubFactory(RouteItemFactory)
    title = factory.Sequence(lambda n: f"Контрольная точка {n}")
    due_on = factory.LazyFunction(lambda: days(10))


def route_people(two_orgs):
    """The trio of every route: the person (teacher A with a login), their tutor (a colleague
    with a teacher login) and the municipal methodist of A; outsiders of organization B.

    Teacher A has two open deficits: «R.MET» at the level «дефицит» (30 %) and «R.PSY»
    «частично сформирована» (60 %), both found sixty days ago."""
    org_a = two_orgs["org_a"]
    person = two_orgs["person_a"]
    tutor = factories.EmploymentFactory(organization=org_a, person__last_name="Тьюторова").person
    met = factories.CompetenceFactory(code="R.MET", name="Проектирование урока")
    psy = factories.CompetenceFactory(code="R.PSY", name="Учёт возрастных особенностей")
    return {
        **two_orgs,
        "person": person,
        "tutor": tutor,
        "met": met,
        "psy": psy,
        "deficit_met": deficit(person, met, 30),
        "deficit_psy": deficit(person, psy, 60),
        "teacher": factories.teacher_user(person),
        "tutor_user": factories.teacher_user(tutor),
        "methodist": factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"]),
        "admin_a": factories.user_with_role(Role.ORGANIZATION_ADMIN, org_a),
        "admin_b": factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"]),
        "teacher_b": factories.teacher_user(two_orgs["person_b"]),
    }
