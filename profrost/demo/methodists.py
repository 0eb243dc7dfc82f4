"""The demo regional methodical asset: `build_demo_methodists(context)` runs after the registry's
builder (settings.DEMO_BUILDERS).

About twelve methodists: two region-wide ones from the staff of the ЦНППМ and the rest spread over
the municipalities by their number of teachers, each an experienced teacher (the highest category
where there is one) with the subjects they teach. Most teachers are assigned by the balancing
itself; a few are left without a methodist, and one methodist of the regional centre carries
more than the cap so that the register shows an overload. Drawn from `context.rng` and
`context.today`; rows are written with bulk_create.
"""

from datetime import timedelta

from django.utils.translation import gettext as _

from profrost.core.dates import add_years
from profrost.methodists import balancing
from profrost.methodists.models import METHODIST_LOAD_CAP, Methodist, MethodistAssignment
from profrost.registry.models import (
    Attestation,
    AttestationCategory,
    Employment,
    OrganizationKind,
    Person,
    PositionCategory,
    Subject,
)

METHODIST_COUNT = 12
REGION_WIDE_COUNT = 2
UNASSIGNED_SHARE = 0.06
MIN_CAREER_YEARS = 10
MAX_AGE = 63
# Seed 003 3.2.4: the directions of the methodical support given by the regional asset.
DIRECTIONS = [
    "посткурсовое сопровождение программ ДПО",
    "тьюторское сопровождение программ ДПО из Федерального реестра",
    "выявление профессиональных дефицитов",
    "построение и сопровождение ИОМ",
    "консультативная помощь",
    "организация взаимодействия и взаимообучения",
    "методическая помощь педагогам школ с низкими образовательными результатами",
]
REGION_WIDE_SUBJECTS = [
    ("Начальные классы", "Русский язык", "Литература"),
    ("Математика", "Физика", "Информатика"),
]


def build_demo_methodists(context):
    rng, today, region = context.rng, context.today, context.region
    if region is None or not context.municipalities:
        return
    staff = _teaching_staff(region, today)
    if not staff:
        return
    # The demo login «regmethodist» is the first region-wide methodist of the asset.
    own = getattr(context.users.get("regmethodist"), "person_id", None)
    chosen = _choose_methodists(rng, today, context.municipalities, staff, own)
    methodists = _create_methodists(rng, today, region, chosen, staff)
    assigned = _assign(rng, today, context.municipalities[0], methodists, staff)
    _summarize(context, methodists, staff, assigned)


class Staff:
    """One teacher of the demo region: main teaching job's municipality and kind, subjects."""

    def __init__(self, person_id, municipality_id, kind):
        self.person_id = person_id
        self.municipality_id = municipality_id
        self.kind = kind
        self.subjects = set()
        self.highest = False
        self.experienced = False


def _teaching_staff(region, today):
    jobs = (
        Employment.objects.active(today)
        .filter(
            organization__municipality__region=region,
            position__category=PositionCategory.TEACHING,
        )
        .order_by("person_id", "-is_main", "-start_date", "pk")
    )
    staff = {}
    for person_id, municipality_id, kind in jobs.values_list(
        "person_id", "organization__municipality_id", "organization__kind"
    ):
        staff.setdefault(person_id, Staff(person_id, municipality_id, kind))
    through = Employment.subjects.through.objects.filter(employment__in=jobs.values("pk"))
    for person_id, subject_id in through.values_list("employment__person_id", "subject_id"):
        staff[person_id].subjects.add(subject_id)
    highest = Attestation.objects.in_force(today).filter(
        category=AttestationCategory.HIGHEST, person__in=list(staff)
    )
    for person_id in highest.values_list("person_id", flat=True):
        staff[person_id].highest = True
    born_after = add_years(today, -MAX_AGE)
    started_before = add_years(today, -MIN_CAREER_YEARS)
    experienced = Person.objects.filter(
        pk__in=list(staff), birth_date__gt=born_after, career_start__lte=started_before
    )
    for person_id in experienced.values_list("pk", flat=True):
        staff[person_id].experienced = True
    return staff


def _seats_per_municipality(municipalities, staff):
    """The municipal seats, in proportion to teachers, at least one per municipality."""
    seats = METHODIST_COUNT - REGION_WIDE_COUNT
    counts = {m.pk: 0 for m in municipalities}
    for member in staff.values():
        counts[member.municipality_id] = counts.get(member.municipality_id, 0) + 1
    total = sum(counts.values()) or 1
    shares = {pk: max(1, counts[pk] * seats // total) for pk in counts}
    by_remainder = sorted(counts, key=lambda pk: (-(counts[pk] * seats % total), pk))
    index = 0
    while sum(shares.values()) < seats:
        shares[by_remainder[index % len(by_remainder)]] += 1
        index += 1
    return shares


def _rank(rng, members):
    """The best candidates first: the highest category and a long career, ties drawn."""
    keyed = [(not m.highest, not m.experienced, rng.random(), m.person_id, m) for m in members]
    return [entry[-1] for entry in sorted(keyed, key=lambda entry: entry[:4])]


def _choose_methodists(rng, today, municipalities, staff, first=None):
    """(staff member, municipality id or None) for each methodist of the demo asset; the person
    `first`, when given, is the first region-wide one."""
    chosen = []
    institute = [m for m in staff.values() if m.kind == OrganizationKind.INSTITUTE]
    pool = institute if len(institute) >= REGION_WIDE_COUNT else list(staff.values())
    ranked = _rank(rng, pool)
    if first in staff:
        ranked = [staff[first], *(member for member in ranked if member.person_id != first)]
    for member in ranked[:REGION_WIDE_COUNT]:
        chosen.append((member, None))
    taken = {member.person_id for member, _area in chosen}
    for pk, seats in _seats_per_municipality(municipalities, staff).items():
        local = [
            m
            for m in staff.values()
            if m.municipality_id == pk
            and m.person_id not in taken
            and m.kind == OrganizationKind.SCHOOL
            and m.subjects
        ]
        local = local or [
            m for m in staff.values() if m.municipality_id == pk and m.person_id not in taken
        ]
        picked = _distinct_subjects(_rank(rng, local), seats)
        taken.update(member.person_id for member in picked)
        chosen += [(member, pk) for member in picked]
    return chosen


def _distinct_subjects(ranked, seats):
    """The best-ranked candidates, preferring ones whose subjects are not yet covered."""
    picked, covered = [], set()
    for member in ranked:
        if len(picked) == seats:
            break
        if not member.subjects & covered:
            picked.append(member)
            covered |= member.subjects
    for member in ranked:
        if len(picked) == seats:
            break
        if member not in picked:
            picked.append(member)
    return picked


def _create_methodists(rng, today, region, chosen, staff):
    subjects = {subject.name: subject.pk for subject in Subject.objects.all()}
    methodists, subject_rows = [], []
    for index, (member, municipality_id) in enumerate(chosen):
        included_on = today - timedelta(days=rng.randint(60, 1400))
        methodists.append(
            Methodist(
                person_id=member.person_id,
                region=region,
                municipality_id=municipality_id,
                directions="; ".join(rng.sample(DIRECTIONS, rng.randint(1, 3))),
                included_on=included_on,
                document=_("Приказ ЦНППМ № %(number)s-од от %(day)s")
                % {"number": 10 + index * 3, "day": included_on.strftime("%d.%m.%Y")},
                load_cap=METHODIST_LOAD_CAP,
            )
        )
        if municipality_id is None:
            names = REGION_WIDE_SUBJECTS[index % len(REGION_WIDE_SUBJECTS)]
            member.subjects = {subjects[name] for name in names if name in subjects}
        subject_rows.append(member.subjects)
    methodists = Methodist.objects.bulk_create(methodists)
    Methodist.subjects.through.objects.bulk_create(
        Methodist.subjects.through(methodist_id=methodist.pk, subject_id=subject_id)
        for methodist, row in zip(methodists, subject_rows, strict=True)
        for subject_id in sorted(row)
    )
    for methodist, row in zip(methodists, subject_rows, strict=True):
        methodist.subject_ids = frozenset(row)
    return methodists


def _assign(rng, today, centre, methodists, staff):
    """Assignments for most teachers; one methodist of the regional centre above the cap."""
    asset = {methodist.person_id for methodist in methodists}
    teachers = sorted(pk for pk in staff if pk not in asset)
    left_out = set(rng.sample(teachers, round(len(teachers) * UNASSIGNED_SHARE)))
    teachers = [pk for pk in teachers if pk not in left_out]
    overloaded = next(m for m in methodists if m.municipality_id == centre.pk)
    heavy = _overload(rng, overloaded, [staff[pk] for pk in teachers])
    rows = [(overloaded, pk) for pk in heavy]
    taken = set(heavy)
    seats = [
        balancing.MethodistSeat(
            m.pk,
            m.region_id,
            m.municipality_id,
            m.subject_ids,
            len(heavy) if m is overloaded else 0,
            m.load_cap,
        )
        for m in methodists
    ]
    proposal = balancing.propose(
        [
            balancing.Teacher(
                pk, overloaded.region_id, staff[pk].municipality_id, frozenset(staff[pk].subjects)
            )
            for pk in teachers
            if pk not in taken
        ],
        seats,
    )
    by_pk = {m.pk: m for m in methodists}
    rows += [(by_pk[p.methodist_id], p.teacher_id) for p in proposal.placements]
    MethodistAssignment.objects.bulk_create(
        MethodistAssignment(
            methodist=methodist,
            person_id=person_id,
            starts_on=max(methodist.included_on, today - timedelta(days=rng.randint(0, 400))),
        )
        for methodist, person_id in rows
    )
    return len(rows)


def _overload(rng, methodist, teachers):
    """Teachers of the methodist's municipality, a few more than the cap; with too few teachers
    for that (a small demo) the methodist's cap is lowered instead, as for a part-timer."""
    local = [m for m in teachers if m.municipality_id == methodist.municipality_id]
    local.sort(key=lambda m: (not m.subjects & methodist.subject_ids, rng.random(), m.person_id))
    extra = rng.randint(5, 15)
    if len(local) < METHODIST_LOAD_CAP + extra + 50:
        methodist.load_cap = max(5, len(local) // 3)
        Methodist.objects.filter(pk=methodist.pk).update(load_cap=methodist.load_cap)
        extra = min(extra, max(1, len(local) // 10))
    return [m.person_id for m in local[: methodist.load_cap + extra]]


def _summarize(context, methodists, staff, assigned):
    loads = {}
    for methodist_id in MethodistAssignment.objects.filter(
        methodist__in=methodists, ends_on__isnull=True
    ).values_list("methodist_id", flat=True):
        loads[methodist_id] = loads.get(methodist_id, 0) + 1
    overloaded = sum(1 for m in methodists if loads.get(m.pk, 0) > m.load_cap)
    context.summary.update(
        {
            _("Региональный методический актив"): len(methodists),
            _("  закреплено педагогов"): assigned,
            _("  педагогов без методиста"): len(staff) - len(methodists) - assigned,
            _("  методистов сверх нормы"): overloaded,
        }
    )
