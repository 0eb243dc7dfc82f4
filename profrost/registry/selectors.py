"""Reads of the registry, with the joins and annotations their pages need."""

from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import add_months, add_years
from profrost.core.importers.cells import match_key
from profrost.core.roles import Perm
from profrost.core.scoping import Scope, resolve_scope
from profrost.core.todo import Task, is_overdue, overdue_first, task_group

from .models import (
    YOUNG_AGE_LIMIT,
    YOUNG_CAREER_LIMIT,
    Attestation,
    AttestationCategory,
    Employment,
    Municipality,
    Organization,
    Person,
)


def scope_summary(user):
    """Counts for the home page, each one query over the user's scope."""
    today = timezone.localdate()
    people = Person.objects.visible_to(user)
    return {
        "municipalities": Municipality.objects.visible_to(user).count(),
        "organizations": Organization.objects.visible_to(user).count(),
        "people": people.count(),
        "young": people.young_specialists(today).count(),
        "attestation_due": attestation_due(user, months=6).count(),
    }


def organizations_for_list(queryset):
    today = timezone.localdate()
    active = Q(employments__start_date__lte=today) & (
        Q(employments__end_date__isnull=True) | Q(employments__end_date__gte=today)
    )
    return queryset.select_related("municipality").annotate(
        staff_count=Count("employments__person", filter=active, distinct=True)
    )


def people_for_list(queryset):
    today = timezone.localdate()
    main_job = (
        Employment.objects.active(today)
        .filter(person=OuterRef("pk"))
        .order_by("-is_main", "-start_date")
    )
    latest_attestation = Attestation.objects.filter(person=OuterRef("pk")).order_by(
        "-decision_date", "-pk"
    )
    categories = Case(
        *[
            When(category=value, then=Value(str(label)))
            for value, label in AttestationCategory.choices
        ],
        default=Value(""),
    )
    return queryset.annotate(
        organization_name=Subquery(main_job.values("organization__short_name")[:1]),
        position_name=Subquery(main_job.values("position__name")[:1]),
        category=Subquery(latest_attestation.in_force(today).values("category")[:1]),
    ).annotate(category_display=categories)


def with_main_organization(queryset, person_path="person"):
    """Annotates each row with the short name of its person's main current organization."""
    main_job = (
        Employment.objects.active()
        .filter(person=OuterRef(person_path))
        .order_by("-is_main", "-start_date")
    )
    return queryset.annotate(
        organization_name=Subquery(main_job.values("organization__short_name")[:1])
    )


def first_job_value(jobs, field):
    """A field of a person's first job among `jobs` (the main job, else the latest), for an
    annotation of people."""
    ordered = jobs.filter(person=OuterRef("pk")).order_by("-is_main", "-start_date", "pk")
    return Subquery(ordered.values(field)[:1])


def with_first_job(people, jobs, organization_key="organization_id"):
    """People with the organization (its id under `organization_key`), the organization's name,
    its municipality's name and the position of their first job among `jobs`."""

    def value(field):
        return first_job_value(jobs, field)

    return people.annotate(
        **{organization_key: value("organization_id")},
        organization_name=value("organization__short_name"),
        municipality_name=value("organization__municipality__name"),
        position_name=value("position__name"),
    )


def municipalities_for_list(queryset):
    return queryset.select_related("region").annotate(
        organization_count=Count("organizations", distinct=True)
    )


def organization_staff(organization, user):
    """Current employments of the organization that the user may see, with their people."""
    return (
        Employment.objects.visible_to(user)
        .active()
        .filter(organization=organization)
        .select_related("person", "position")
        .prefetch_related("subjects")
        .order_by("-position__category", "person__last_name", "person__first_name")
    )


def young_filter(today=None):
    today = today or timezone.localdate()
    return Q(birth_date__gt=add_years(today, -YOUNG_AGE_LIMIT)) & Q(
        career_start__gt=add_years(today, -YOUNG_CAREER_LIMIT)
    )


def attestation_due(user, months=6, today=None):
    """Each person's latest attestation whose term ends within `months` months, or has ended."""
    today = today or timezone.localdate()
    horizon = add_months(today, months)
    return (
        Attestation.objects.visible_to(user, Perm.VIEW_REGISTRY)
        .latest_per_person()
        .filter(valid_until__isnull=False, valid_until__lte=horizon)
        .select_related("person")
    )


ATTESTATION_TASK_MONTHS = 3  # «within 90 days»: the attestation page's shortest choice


def attestation_tasks(user, today):
    """The school's people whose attestation ends within ATTESTATION_TASK_MONTHS or has ended:
    for the organizations the user keeps the staff of at the organization level (a school
    administrator), not for the region or a municipality, whose page lists them all."""
    organization_ids = resolve_scope(user, Perm.MANAGE_STAFF).organization_ids
    if not organization_ids:
        return None
    horizon = add_months(today, ATTESTATION_TASK_MONTHS)
    schools = Scope(organization_ids=organization_ids)
    due = (
        Attestation.objects.within(schools, Attestation.scope_filter)
        .latest_per_person()
        .filter(valid_until__isnull=False, valid_until__lte=horizon)
        .select_related("person")
    )

    def to_task(attestation):
        return Task(
            attestation.person.full_name,
            attestation.get_absolute_url(),
            attestation.valid_until,
            _("Аттестация: %(category)s") % {"category": attestation.get_category_display()},
            is_overdue(attestation.valid_until, today),
        )

    return task_group(
        "attestation-due",
        _("Аттестация: истекает срок"),
        overdue_first(due, "valid_until", today, "valid_until", "pk"),
        to_task,
        more_url=reverse("registry:attestation_due") + f"?months={ATTESTATION_TASK_MONTHS}",
    )


def namesakes(last_name, first_name, middle_name, birth_date, exclude_pk=None):
    """People already in the registry with the same ФИО and birth date, compared as the staff
    import matches them (case, ё/е and spacing aside; docs/import.md): a person typed in again by
    hand, or a full namesake, which only the user can tell apart. The birth date narrows the
    rows in the database; the names are compared here, as SQLite folds Latin case only."""

    def key(last, first, middle):
        return [match_key(last), match_key(first), match_key(middle)]

    wanted = key(last_name, first_name, middle_name)
    found = Person.objects.filter(birth_date=birth_date).exclude(pk=exclude_pk)
    return [
        person
        for person in found.only("pk", "last_name", "first_name", "middle_name", "birth_date")
        if key(person.last_name, person.first_name, person.middle_name) == wanted
    ]
