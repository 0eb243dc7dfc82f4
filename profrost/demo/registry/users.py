"""The demo logins: a superuser and one user per role, each linked to a person of its scope."""

from django.contrib.auth.hashers import make_password

from profrost.core.models import RoleAssignment, User
from profrost.core.roles import Role
from profrost.registry.models import OrganizationKind

Kind = OrganizationKind

DEMO_PASSWORD = "demo12345"
DEMO_USERNAMES = [
    "admin",
    "region",
    "cnppm",
    "regmethodist",
    "psychologist",
    "municipal",
    "school",
    "teacher",
]


def create_demo_users(rng, today, registry):
    """A superuser and one user per role, all with the password `demo12345`, each linked to a
    person of its scope, so that the «Моё» pages of every login lead somewhere."""
    password = make_password(DEMO_PASSWORD)
    users = {}
    for username, role, scope, person in demo_logins(registry):
        user = User.objects.create(
            username=username,
            first_name=person.first_name,
            last_name=person.last_name,
            email=f"{username}@example.org",
            password=password,
            person=person,
            is_staff=role is None,
            is_superuser=role is None,
        )
        if role is not None:
            assignment = RoleAssignment(user=user, role=role, **scope)
            assignment.full_clean()
            assignment.save()
        users[username] = user
    return users


def demo_logins(registry):
    """(username, role or None for the superuser, scope, person) of each demo login: the
    region's administrator and the system's administrator are heads of the institute (the
    operator of the regional system), the ЦНППМ coordinator heads its centre, the regional
    methodist is one of its methodists, the psychologist another of its staff (the region names
    who reads the burnout screening's results by name), the municipal methodist works at the
    regional centre's methodical service, the school administrator is a deputy head of the
    school."""
    region, centre, school = registry.region, registry.municipalities[0], registry.school
    institute = next(org for org in registry.organizations if org.kind == Kind.INSTITUTE)
    service = next(
        org
        for org in registry.organizations
        if org.kind == Kind.METHODICAL_SERVICE and org.municipality_id == centre.pk
    )
    staff_of = StaffPicker(registry)
    return [
        ("admin", None, {}, staff_of(institute, "Руководитель структурного подразделения")),
        ("region", Role.REGIONAL_ADMIN, {"region": region}, staff_of(institute, "Директор")),
        ("cnppm", Role.CNPPM_COORDINATOR, {"region": region}, staff_of(institute, CENTRE_HEAD)),
        (
            "regmethodist",
            Role.REGIONAL_METHODIST,
            {"region": region},
            staff_of(institute, "Методист", "Старший методист"),
        ),
        (
            "psychologist",
            Role.PSYCHOLOGIST,
            {"region": region},
            staff_of(institute, "Педагог-психолог", "Методист"),
        ),
        (
            "municipal",
            Role.MUNICIPAL_METHODIST,
            {"municipality": centre},
            staff_of(service, "Методист", "Старший методист"),
        ),
        (
            "school",
            Role.ORGANIZATION_ADMIN,
            {"organization": school},
            staff_of(school, *SCHOOL_ADMIN_POSITIONS),
        ),
        ("teacher", Role.TEACHER, {}, registry.teacher),
    ]


CENTRE_HEAD = "Руководитель центра"
SCHOOL_ADMIN_POSITIONS = (
    "Заместитель директора по научно-методической работе",
    "Заместитель директора по учебной работе",
    "Директор",
)


class StaffPicker:
    """Picks a different member of staff for each demo login: the first in one of the asked
    positions (in their order), else the first of the organization."""

    def __init__(self, registry):
        self.staff = registry.staff
        self.taken = {registry.teacher.pk}

    def __call__(self, organization, *positions):
        people = [
            job
            for job in self.staff
            if job.organization is organization and job.person.pk not in self.taken
        ]
        ranked = [job for position in positions for job in people if job.slot.position == position]
        person = (ranked or people)[0].person
        self.taken.add(person.pk)
        return person
