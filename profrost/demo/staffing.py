"""Demo vacancies: `build_demo_staffing(context)` runs after the registry's builder.

About forty vacancies across the schools, kindergartens and additional-education organizations
of the demo region, a third of them closed; drawn from `context.rng` and `context.today`, so the
same seed and day give the same rows. The demo organization administrator's school gets a few
open ones, so that its user sees something at once.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from profrost.registry.models import Employment, OrganizationKind, Position, Subject
from profrost.staffing.models import Closure, Vacancy

Kind = OrganizationKind
TEACHER = "Учитель"

# (position, subject or None, weight, loads in hours per week) for each kind of organization.
NEEDS = {
    Kind.SCHOOL: [
        (TEACHER, "Математика", 10, (18, 18, 24, 27)),
        (TEACHER, "Иностранный язык (английский)", 8, (18, 18, 22, 12)),
        (TEACHER, "Физика", 6, (18, 9, 12)),
        (TEACHER, "Начальные классы", 7, (18, 18, 20)),
        (TEACHER, "Русский язык", 6, (18, 24, 27)),
        (TEACHER, "Информатика", 4, (18, 9, 12)),
        (TEACHER, "Химия", 3, (9, 12, 18)),
        (TEACHER, "Физическая культура", 3, (18, 24)),
        (TEACHER, "Биология", 2, (9, 18)),
        (TEACHER, "География", 1.5, (8, 12)),
        (TEACHER, "История", 1.5, (18,)),
        ("Педагог-психолог", None, 3, (36, 18)),
        ("Учитель-логопед", None, 2, (20, 10)),
        ("Социальный педагог", None, 1.5, (36,)),
        ("Педагог-библиотекарь", None, 1, (36, 18)),
    ],
    Kind.KINDERGARTEN: [
        ("Воспитатель", "Дошкольное образование", 8, (36, 36, 18)),
        ("Музыкальный руководитель", "Музыка", 2, (24, 12)),
        ("Инструктор по физической культуре", "Физическая культура", 1.5, (30, 15)),
        ("Учитель-логопед", None, 1.5, (20,)),
        ("Педагог-психолог", None, 1, (36, 18)),
    ],
    Kind.ADDITIONAL: [
        ("Педагог дополнительного образования", "Дополнительное образование", 5, (18, 9, 12)),
        ("Тренер-преподаватель", "Физическая культура", 2, (18, 12)),
        ("Концертмейстер", "Музыка", 1, (24, 12)),
    ],
}
KIND_WEIGHTS = {Kind.SCHOOL: 4, Kind.KINDERGARTEN: 1.5, Kind.ADDITIONAL: 1}
NOTES = [
    "",
    "",
    "",
    "Молодому специалисту — единовременная выплата по региональной программе.",
    "Возможна работа по совместительству.",
    "Предоставляется служебное жильё.",
    "Нужен классный руководитель 5-го класса.",
    "Программа «Земский учитель».",
    "Замещение на время отпуска по уходу за ребёнком.",
]
CLOSED_SHARE = 0.35
HIRED_SHARE = 0.75
SCHOOL_OPEN_VACANCIES = 3


def build_demo_staffing(context):
    rng, today = context.rng, context.today
    organizations = [org for org in context.organizations if org.kind in NEEDS]
    if not organizations:
        return
    positions = {position.name: position for position in Position.objects.all()}
    subjects = {subject.name: subject for subject in Subject.objects.all()}
    school = _demo_school(context, organizations)
    count = rng.randint(38, 44)
    chosen = rng.choices(organizations, [KIND_WEIGHTS[org.kind] for org in organizations], k=count)
    if school is not None:
        chosen = [school] * SCHOOL_OPEN_VACANCIES + chosen[SCHOOL_OPEN_VACANCIES:]
    hires = _recent_hires(organizations, positions)
    vacancies = []
    for index, organization in enumerate(chosen):
        position, subject, _weight, loads = rng.choices(
            NEEDS[organization.kind], [need[2] for need in NEEDS[organization.kind]]
        )[0]
        opened_on = today - timedelta(days=rng.randint(5, 540))
        vacancy = Vacancy(
            organization=organization,
            position=positions[position],
            subject=subjects[subject] if subject else None,
            hours=Decimal(rng.choice(loads)),
            opened_on=opened_on,
            contact=_contact(organization),
            notes=rng.choice(NOTES),
        )
        keep_open = organization is school and index < SCHOOL_OPEN_VACANCIES
        if not keep_open and rng.random() < CLOSED_SHARE:
            _close(rng, today, vacancy, hires)
        vacancies.append(vacancy)
    Vacancy.objects.bulk_create(vacancies)
    open_count = sum(1 for vacancy in vacancies if vacancy.closed_on is None)
    context.summary[_("Вакансии")] = len(vacancies)
    context.summary[_("  из них открытые")] = open_count


def _demo_school(context, organizations):
    """The organization of the demo organization administrator, if it has vacancies at all."""
    user = context.users.get("school")
    if user is None:
        return None
    assignment = user.roles.exclude(organization=None).first()
    ids = {org.pk: org for org in organizations}
    return ids.get(assignment.organization_id) if assignment else None


def _recent_hires(organizations, positions):
    """(organization, position) → [(start, person id)] of jobs, to name whom a vacancy hired."""
    hires = {}
    rows = Employment.objects.filter(organization__in=organizations).values_list(
        "organization_id", "position_id", "start_date", "person_id"
    )
    for organization_id, position_id, start, person_id in rows.order_by("start_date", "pk"):
        hires.setdefault((organization_id, position_id), []).append((start, person_id))
    return hires


def _close(rng, today, vacancy, hires):
    closed_on = vacancy.opened_on + timedelta(days=rng.randint(10, 200))
    if closed_on >= today:
        return
    vacancy.closed_on = closed_on
    if rng.random() >= HIRED_SHARE:
        vacancy.closure = Closure.CANCELLED
        return
    vacancy.closure = Closure.HIRED
    started = [
        person_id
        for start, person_id in hires.get((vacancy.organization.pk, vacancy.position.pk), [])
        if vacancy.opened_on <= start <= closed_on
    ]
    if started:
        vacancy.hired_person_id = rng.choice(started)


def _contact(organization):
    reach = organization.phone or organization.email
    return _("Приёмная: %(reach)s") % {"reach": reach} if reach else ""
