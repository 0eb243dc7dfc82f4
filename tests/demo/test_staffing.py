import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from profrost.demo.context import DemoContext
from profrost.demo.registry.build import build_demo_registry
from profrost.demo.staffing import build_demo_staffing
from profrost.staffing.models import Closure, Vacancy

TEACHERS = 150


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def build(seed=1):
    context = DemoContext(rng=random.Random(seed), today=timezone.localdate(), teachers=TEACHERS)
    build_demo_registry(context)
    build_demo_staffing(context)
    return context


class Rollback(Exception):
    pass


def fingerprint_of_build(seed):
    """The demo vacancies of one build, independent of primary keys; the build is undone."""
    try:
        with transaction.atomic():
            build(seed)
            rows = sorted(
                (
                    v.organization.inn,
                    v.position.name,
                    v.subject.name if v.subject else "",
                    v.hours,
                    v.opened_on,
                    v.closed_on,
                    v.closure,
                    v.hired_person.snils if v.hired_person else "",
                )
                for v in Vacancy.objects.select_related(
                    "organization", "position", "subject", "hired_person"
                )
            )
            raise Rollback
    except Rollback:
        return rows


def test_demo_staffing_about_forty_plausible_vacancies(db):
    context = build()
    today = context.today

    vacancies = list(Vacancy.objects.select_related("subject"))
    closed = [v for v in vacancies if not v.is_open]
    assert 38 <= len(vacancies) <= 44
    assert 0 < len(closed) < len(vacancies) / 2
    assert {v.closure for v in closed} <= {Closure.HIRED, Closure.CANCELLED}
    assert all(v.opened_on <= today for v in vacancies)
    assert all(v.opened_on <= v.closed_on < today for v in closed)
    assert {"Математика", "Начальные классы"} <= {v.subject.name for v in vacancies if v.subject}
    assert (context.summary["Вакансии"], context.summary["  из них открытые"]) == (
        len(vacancies),
        len(vacancies) - len(closed),
    )


def test_demo_staffing_rows_pass_the_model_rules(db):
    build()

    for vacancy in Vacancy.objects.all():
        vacancy.full_clean()


def test_demo_staffing_school_admin_sees_open_vacancies(db):
    context = build()

    school = context.users["school"].roles.get().organization
    assert Vacancy.objects.filter(organization=school, closed_on=None).count() >= 3


def test_demo_staffing_same_seed_same_rows(db):
    first, again, other = fingerprint_of_build(1), fingerprint_of_build(1), fingerprint_of_build(2)

    assert first == again
    assert first != other


def test_demo_staffing_without_organizations_does_nothing(db):
    context = DemoContext(rng=random.Random(1), today=timezone.localdate(), teachers=TEACHERS)

    build_demo_staffing(context)

    assert Vacancy.objects.count() == 0


def test_seed_demo_runs_the_staffing_builder(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "profrost.demo.staffing.build_demo_staffing",
    ]
    out = StringIO()

    call_command("seed_demo", teachers=TEACHERS, seed=3, stdout=out)

    line = next(line for line in out.getvalue().splitlines() if line.strip().startswith("Вакансии"))
    assert int(line.split()[-1]) == Vacancy.objects.count()
