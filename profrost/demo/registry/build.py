"""A deterministic synthetic region for demonstrations: `manage.py seed_demo`.

Everything is drawn from one `random.Random` and the given `today`: the same seed and day give
the same data. Rows are written with bulk_create, which writes no history records (demo data
needs none) and does not call `save()`, so attestation terms are computed in attestations.py.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from profrost.core.dates import add_months
from profrost.demo.registry import names
from profrost.demo.registry.attestations import create_attestations
from profrost.demo.registry.organizations import (
    create_organizations,
    name_organizations,
    plan_organizations,
)
from profrost.demo.registry.staff import create_staff
from profrost.demo.registry.users import create_demo_users
from profrost.registry.models import (
    Attestation,
    Employment,
    Municipality,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    Person,
    Region,
)

Kind = OrganizationKind

MIN_TEACHERS = 100


@dataclass
class DemoRegistry:
    region: Region
    municipalities: list
    organizations: list
    staff: list
    school: Organization  # a large school of the regional centre, for the demo users
    teacher: Person  # a young specialist of that school


def build_demo_registry(context):
    """The default demo builder: the registry of the region and one demo user per role."""
    registry = build_registry(context.rng, context.teachers, context.today)
    context.region = registry.region
    context.municipalities = registry.municipalities
    context.organizations = registry.organizations
    context.people = [job.person for job in registry.staff]
    context.users.update(create_demo_users(context.rng, context.today, registry))
    context.summary.update(registry_summary(context))


def build_registry(rng, teachers, today):
    """Creates the demo region with exactly `teachers` people and returns what it made."""
    region = Region.objects.create(name=names.REGION_NAME, code=names.REGION_CODE)
    specs = [names.REGIONAL_CENTRE]
    chosen = sorted(rng.sample(range(len(names.MUNICIPALITIES)), rng.randint(5, 7)))
    specs += [names.MUNICIPALITIES[index] for index in chosen]
    municipalities = Municipality.objects.bulk_create(
        Municipality(region=region, name=spec.name, oktmo=f"{names.REGION_CODE}{spec.oktmo}000")
        for spec in specs
    )
    plans = plan_organizations(rng, teachers, len(specs))
    for index, (municipality, spec) in enumerate(zip(municipalities, specs, strict=True)):
        name_organizations(rng, municipality, spec, [p for p in plans if p.municipality == index])
    organizations = create_organizations(rng, today, plans)
    staff = create_staff(rng, today, plans)
    create_attestations(rng, today, staff)
    school = next(p.organization for p in plans if p.kind == Kind.SCHOOL and p.municipality == 0)
    teacher = next(job.person for job in staff if job.organization is school and job.slot.young)
    return DemoRegistry(region, municipalities, organizations, staff, school, teacher)


def registry_summary(context):
    region, today = context.region, context.today
    organizations = Organization.objects.filter(municipality__region=region)
    people = Person.objects.filter(employments__organization__municipality__region=region)
    people = Person.objects.filter(pk__in=people.values("pk"))
    jobs = Employment.objects.active(today).filter(organization__municipality__region=region)
    attestations = Attestation.objects.filter(person__in=people)
    summary = {
        _("Муниципалитеты"): region.municipalities.count(),
        _("Организации"): organizations.count(),
    }
    for kind, label in Kind.choices:
        count = organizations.filter(kind=kind).count()
        if count:
            summary[f"  {label}"] = count
    summary.update(
        {
            _("Работники"): people.count(),
            _("  из них молодые специалисты"): people.young_specialists(today).count(),
            _("Действующие места работы"): jobs.count(),
            _("  из них по совместительству"): jobs.filter(is_main=False).count(),
            _("Аттестации"): attestations.count(),
            _("  из них к переаттестации в ближайшие 6 месяцев или просроченные"): (
                attestations.latest_per_person()
                .filter(valid_until__isnull=False, valid_until__lte=add_months(today, 6))
                .count()
            ),
            _("Статусы организаций"): OrganizationStatus.objects.filter(
                organization__in=organizations
            ).count(),
        }
    )
    return summary
