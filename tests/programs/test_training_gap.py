"""«Без повышения квалификации 3 года» and a person's last completed ПК, computed by hand."""

from datetime import timedelta

from profrost.core.dates import add_years
from profrost.core.roles import Role
from profrost.programs import selectors
from profrost.programs.models import EnrollmentStatus, ProgramKind
from tests import factories
from tests.programs.factories import CohortFactory, EnrollmentFactory, completed, today


def teacher(organization, last_name):
    return factories.EmploymentFactory(
        organization=organization, person__last_name=last_name
    ).person


def test_no_recent_training_lists_who_has_no_pk_or_pp_for_three_years(two_orgs):
    org, day = two_orgs["org_a"], today()
    since = add_years(day, -3)
    teacher(org, "Никогданова")
    recent = teacher(org, "Недавнова")
    completed(recent, day - timedelta(days=400))
    stale = teacher(org, "Давнова")
    completed(stale, since - timedelta(days=1))
    completed(stale, since - timedelta(days=400))
    boundary = teacher(org, "Ровнова")
    completed(boundary, since)
    retrained = teacher(org, "Переподготова")
    completed(retrained, day - timedelta(days=30), kind=ProgramKind.PP)
    seminars = teacher(org, "Семинарова")
    completed(seminars, day - timedelta(days=30), kind=ProgramKind.SEMINAR_SERIES)
    pending = teacher(org, "Записанова")
    EnrollmentFactory(person=pending, status=EnrollmentStatus.APPROVED)
    director = factories.EmploymentFactory(
        organization=org, position=factories.position("Директор")
    ).person
    former = factories.EmploymentFactory(organization=org, end_date=day - timedelta(days=1)).person
    user = factories.user_with_role(Role.ORGANIZATION_ADMIN, org)

    rows = {
        person.last_name: person.last_training_on for person in selectors.no_recent_training(user)
    }

    assert rows == {
        "Альфина": None,
        "Никогданова": None,
        "Давнова": since - timedelta(days=1),
        "Семинарова": None,
        "Записанова": None,
    }
    assert director.last_name not in rows
    assert former.last_name not in rows


def test_no_recent_training_of_a_teacher_is_only_themselves(two_orgs):
    user = factories.teacher_user(two_orgs["person_a"])

    people = selectors.no_recent_training(user)

    assert [person.pk for person in people] == [two_orgs["person_a"].pk]


def test_person_training_gives_the_last_completion_and_the_enrolments(two_orgs):
    person, day = two_orgs["person_a"], today()
    old = completed(person, day - timedelta(days=2000))
    last = completed(person, day - timedelta(days=500))
    applied = EnrollmentFactory(
        person=person, cohort=CohortFactory(starts_on=day + timedelta(days=9))
    )

    training = selectors.person_training(person)

    assert (training.last_completed_on, training.due) == (day - timedelta(days=500), False)
    assert training.enrollments == [applied, last, old]


def test_person_training_is_due_without_any_completion(two_orgs):
    training = selectors.person_training(two_orgs["person_b"])

    assert (training.last_completed_on, training.due, training.enrollments) == (None, True, [])


def test_person_training_shows_the_viewer_only_what_they_may_see(two_orgs):
    own = completed(two_orgs["person_a"], today() - timedelta(days=10))
    viewer = factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_b"])

    assert selectors.person_training(two_orgs["person_a"], viewer).enrollments == []
    assert selectors.person_training(two_orgs["person_a"]).enrollments == [own]
