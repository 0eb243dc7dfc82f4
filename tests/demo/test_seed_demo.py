import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from profrost.core.models import RoleAssignment, User
from profrost.core.roles import Role
from profrost.demo.registry import names as demo_names
from profrost.demo.registry.organizations import SIZES
from profrost.demo.registry.users import DEMO_PASSWORD, DEMO_USERNAMES
from profrost.registry.models import (
    Attestation,
    AttestationCategory,
    Employment,
    Municipality,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Person,
    Region,
    attestation_valid_until,
)
from profrost.registry.selectors import attestation_due
from profrost.registry.validators import (
    validate_oktmo,
    validate_organization_inn,
    validate_snils,
)

TODAY = date(2026, 3, 2)
TEACHERS = 150


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def registry_builder_only(settings):
    """These tests are about the registry's part of the demo; each area tests its own."""
    settings.DEMO_BUILDERS = ["profrost.demo.registry.build.build_demo_registry"]


def seed(seed=1, **options):
    out = StringIO()
    options.setdefault("teachers", TEACHERS)
    call_command("seed_demo", seed=seed, today="02.03.2026", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def fingerprint():
    """The content of the demo data, independent of primary keys."""
    people = {
        (p.last_name, p.first_name, p.middle_name, p.birth_date, p.snils, p.career_start, p.email)
        for p in Person.objects.all()
    }
    organizations = {
        (o.inn, o.name, o.short_name, o.kind, o.municipality.oktmo, o.low_results)
        for o in Organization.objects.select_related("municipality")
    }
    employments = {
        (
            e.person.full_name,
            e.person.birth_date,
            e.organization.inn,
            e.position.name,
            e.is_main,
            e.start_date,
            e.end_date,
            tuple(sorted(subject.name for subject in e.subjects.all())),
        )
        for e in Employment.objects.select_related(
            "person", "organization", "position"
        ).prefetch_related("subjects")
    }
    attestations = {
        (a.person.full_name, a.person.birth_date, a.category, a.decision_date, a.valid_until)
        for a in Attestation.objects.select_related("person")
    }
    users = {(u.username, u.get_full_name(), str(u.person)) for u in User.objects.all()}
    return [
        sorted(map(repr, rows))
        for rows in (people, organizations, employments, attestations, users)
    ]


def delete_demo_data():
    User.objects.all().delete()
    Attestation.objects.all().delete()
    Employment.objects.all().delete()
    Person.objects.all().delete()
    OrganizationStatus.objects.all().delete()
    Organization.objects.all().delete()
    Municipality.objects.all().delete()
    Region.objects.all().delete()


def test_seed_demo_creates_exactly_the_requested_people(seeded):
    assert Person.objects.count() == TEACHERS
    main_jobs = Person.objects.annotate(
        main=Count("employments", filter=Q(employments__is_main=True, employments__end_date=None))
    )
    assert set(main_jobs.values_list("main", flat=True)) == {1}
    assert "Работники" in seeded
    assert str(TEACHERS) in seeded


def test_seed_demo_builds_municipalities_with_their_bodies(seeded):
    municipalities = Municipality.objects.all()
    assert 6 <= municipalities.count() <= 8
    for municipality in municipalities:
        validate_oktmo(municipality.oktmo)
        services = municipality.organizations.filter(kind=OrganizationKind.METHODICAL_SERVICE)
        assert services.count() == 1
    institute = Organization.objects.get(kind=OrganizationKind.INSTITUTE)
    assert institute.municipality.name == demo_names.REGIONAL_CENTRE.name
    assert Organization.objects.filter(kind=OrganizationKind.SCHOOL).exists()
    assert Organization.objects.filter(kind=OrganizationKind.KINDERGARTEN).exists()
    assert Organization.objects.filter(kind=OrganizationKind.ADDITIONAL).exists()


def test_seed_demo_organization_names_are_unique(seeded):
    names = list(Organization.objects.values_list("short_name", flat=True))
    assert len(names) == len(set(names))


def test_seed_demo_staff_sizes_stay_within_the_ranges(seeded):
    active = Q(employments__end_date=None)
    organizations = Organization.objects.annotate(
        staff=Count("employments__person", filter=active, distinct=True)
    )
    for organization in organizations:
        if organization.kind in SIZES:
            low, high, _ = SIZES[organization.kind]
            assert low <= organization.staff <= high, organization


def test_seed_demo_identifiers_pass_the_validators(seeded):
    for inn in Organization.objects.values_list("inn", flat=True):
        validate_organization_inn(inn)
    snils = list(Person.objects.exclude(snils=None).values_list("snils", flat=True))
    for number in snils:
        validate_snils(number)
    assert len(snils) >= 0.8 * TEACHERS


def test_seed_demo_ages_and_careers_are_consistent(seeded):
    for person in Person.objects.all():
        assert 22 <= person.age(TODAY) <= 68
        assert person.career_start <= TODAY
        assert (person.career_start - person.birth_date).days >= 20 * 365


def test_seed_demo_every_school_has_a_young_specialist(seeded):
    young = Person.objects.young_specialists(TODAY)
    for school in Organization.objects.filter(kind=OrganizationKind.SCHOOL):
        assert young.filter(employments__organization=school).exists(), school


def test_seed_demo_users_log_in_with_the_demo_password(client, seeded):
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password=DEMO_PASSWORD), username
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_gives_every_role_a_valid_scope(seeded):
    assignments = RoleAssignment.objects.select_related("user")
    assert {a.role for a in assignments} == set(Role.values)
    for assignment in assignments:
        assignment.full_clean()
    centre = Municipality.objects.get(name=demo_names.REGIONAL_CENTRE.name)
    municipal = assignments.get(user__username="municipal")
    school = assignments.get(user__username="school")
    assert municipal.municipality == centre
    assert school.organization.kind == OrganizationKind.SCHOOL
    assert school.organization.municipality == centre


def test_seed_demo_links_every_login_to_a_person_of_its_scope(seeded):
    users = {user.username: user for user in User.objects.select_related("person")}
    people = [users[name].person for name in DEMO_USERNAMES]
    assert None not in people
    assert len({person.pk for person in people}) == len(people)
    institute = Organization.objects.get(kind=OrganizationKind.INSTITUTE)
    for name in ("admin", "region", "cnppm", "regmethodist", "psychologist"):
        assert users[name].person.employments.filter(organization=institute).exists(), name
    municipal = RoleAssignment.objects.get(user__username="municipal").municipality
    assert (
        users["municipal"]
        .person.employments.filter(
            organization__municipality=municipal,
            organization__kind=OrganizationKind.METHODICAL_SERVICE,
        )
        .exists()
    )
    school = RoleAssignment.objects.get(user__username="school").organization
    jobs = users["school"].person.employments.filter(organization=school, is_main=True)
    assert jobs.get().position.category == "management"


def test_seed_demo_teacher_user_is_a_young_specialist_of_the_school(seeded):
    teacher = User.objects.get(username="teacher")
    school = RoleAssignment.objects.get(user__username="school").organization
    job = teacher.person.employments.get(is_main=True)
    assert job.organization == school
    assert job.position.name == "Учитель"
    assert teacher.person.career_years(TODAY) < 3
    assert teacher.person.is_young_specialist(TODAY)
    assert (teacher.first_name, teacher.last_name) == (
        teacher.person.first_name,
        teacher.person.last_name,
    )


def test_seed_demo_new_categories_only_for_holders_of_the_highest(seeded):
    new = Attestation.objects.filter(
        category__in=[AttestationCategory.METHODIST, AttestationCategory.MENTOR]
    )
    assert {a.category for a in new} == {AttestationCategory.METHODIST, AttestationCategory.MENTOR}
    for attestation in new:
        attestation.clean()  # raises unless the highest category is in force on the date


def test_seed_demo_attestation_terms_follow_the_order(seeded):
    for attestation in Attestation.objects.all():
        expected = attestation_valid_until(attestation.category, attestation.decision_date)
        assert attestation.valid_until == expected
        assert attestation.decision_date <= TODAY
    assert Attestation.objects.filter(
        category__in=[AttestationCategory.FIRST, AttestationCategory.HIGHEST],
        decision_date__lt=date(2023, 9, 1),
    ).exists()


def test_seed_demo_attestation_due_list_is_not_empty(seeded):
    admin = User.objects.get(username="admin")
    due = attestation_due(admin, months=6, today=TODAY)
    assert due.filter(category=AttestationCategory.COMPLIANCE).exists()


def test_seed_demo_is_deterministic_for_the_same_seed_and_day(db):
    seed(seed=5)
    first = fingerprint()
    delete_demo_data()
    seed(seed=5)
    assert fingerprint() == first
    delete_demo_data()
    seed(seed=6)
    assert fingerprint() != first


def test_seed_demo_if_empty_does_nothing_on_a_second_run(seeded):
    before = fingerprint()
    output = seed(seed=2, if_empty=True)
    assert "демо-данные не загружаются" in output
    assert fingerprint() == before


def test_seed_demo_without_if_empty_refuses_a_second_run(seeded):
    with pytest.raises(CommandError, match="уже есть в базе"):
        seed(seed=2)


def test_seed_demo_with_a_bad_date_is_refused(db):
    with pytest.raises(CommandError, match="дд.мм.гггг"):
        call_command("seed_demo", teachers=TEACHERS, today="2026-03-02", stdout=StringIO())
    assert not Organization.objects.exists()


def count_people_builder(context):
    context.summary["Проверка расширения"] = len(context.people)


def test_seed_demo_runs_the_builders_named_in_settings(db, settings):
    settings.DEMO_BUILDERS = [
        "profrost.demo.registry.build.build_demo_registry",
        "tests.demo.test_seed_demo.count_people_builder",
    ]
    output = seed()
    assert re.search(rf"Проверка расширения\s+{TEACHERS}\n", output)


def test_seed_demo_prints_the_logins_table(seeded):
    for username in DEMO_USERNAMES:
        assert f"  {username} " in seeded
    assert seeded.count(DEMO_PASSWORD) == len(DEMO_USERNAMES)


@pytest.mark.parametrize(
    ("male", "female"),
    [
        ("Иванов", "Иванова"),
        ("Соловьёв", "Соловьёва"),
        ("Ильин", "Ильина"),
        ("Голицын", "Голицына"),
        ("Покровский", "Покровская"),
        ("Троицкий", "Троицкая"),
        ("Толстой", "Толстая"),
        ("Заречный", "Заречная"),
        ("Шевченко", "Шевченко"),
        ("Черных", "Черных"),
        ("Ковальчук", "Ковальчук"),
        ("Бабич", "Бабич"),
    ],
)
def test_female_surname_follows_the_ending(male, female):
    assert demo_names.female_surname(male) == female


@pytest.mark.parametrize(
    ("father", "son", "daughter"),
    [
        ("Иван", "Иванович", "Ивановна"),
        ("Сергей", "Сергеевич", "Сергеевна"),
        ("Николай", "Николаевич", "Николаевна"),
        ("Игорь", "Игоревич", "Игоревна"),
        ("Юрий", "Юрьевич", "Юрьевна"),
        ("Дмитрий", "Дмитриевич", "Дмитриевна"),
        ("Никита", "Никитич", "Никитична"),
        ("Илья", "Ильич", "Ильинична"),
        ("Лев", "Львович", "Львовна"),
        ("Павел", "Павлович", "Павловна"),
        ("Пётр", "Петрович", "Петровна"),
        ("Михаил", "Михайлович", "Михайловна"),
        ("Яков", "Яковлевич", "Яковлевна"),
    ],
)
def test_patronymic_follows_the_father_name(father, son, daughter):
    assert demo_names.patronymic(father, female=False) == son
    assert demo_names.patronymic(father, female=True) == daughter


def test_name_lists_have_enough_variety():
    female = {name for names in demo_names.FEMALE_NAMES.values() for name in names}
    male = {name for names in demo_names.MALE_NAMES.values() for name in names}
    assert len(set(demo_names.SURNAMES)) >= 150
    assert len(female) >= 40
    assert len(male) >= 40
