"""Reads of the regional methodical asset: loads counted in the database, the teachers without a
methodist, and the plain data the balancing works on."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from profrost.core.roles import Perm
from profrost.registry.models import Employment, Person, PositionCategory
from profrost.registry.selectors import first_job_value, with_first_job, with_main_organization

from .balancing import MethodistSeat, Teacher
from .models import Methodist, MethodistAssignment

MANAGE = Perm.MANAGE_METHODISTS


def active_load():
    """The number of a methodist's active assignments, as a subquery of a methodist queryset."""
    counts = (
        MethodistAssignment.objects.filter(methodist=OuterRef("pk"), ends_on__isnull=True)
        .order_by()
        .values("methodist")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def with_load(queryset):
    return queryset.annotate(load=active_load())


def methodists_for_list(queryset):
    return with_main_organization(
        with_load(queryset)
        .select_related("person", "region", "municipality")
        .prefetch_related("subjects")
    )


def asset_summary(methodists):
    """Counts over the active methodists of `methodists`, in one query."""
    active = with_load(methodists.filter(excluded_on__isnull=True)).order_by()
    totals = active.aggregate(
        total=Count("pk"),
        overloaded=Count("pk", filter=Q(load__gt=F("load_cap"))),
    )
    assigned = MethodistAssignment.objects.filter(
        methodist__in=active.values("pk"), ends_on__isnull=True
    ).count()
    totals["assigned"] = assigned
    totals["average"] = round(assigned / totals["total"]) if totals["total"] else 0
    return totals


def active_assignments(methodist, user):
    """The methodist's active assignments whose teachers the user may see, with the teacher's
    main organization."""
    visible = Person.objects.visible_to(user).values("pk")
    return with_main_organization(
        methodist.assignments.filter(ends_on__isnull=True, person__in=visible).select_related(
            "person"
        )
    ).order_by("person__last_name", "person__first_name", "person__middle_name", "pk")


def ended_assignments(methodist, user):
    visible = Person.objects.visible_to(user).values("pk")
    return (
        methodist.assignments.filter(ends_on__isnull=False, person__in=visible)
        .select_related("person")
        .order_by("-ends_on", "-pk")
    )


def may_change(user, methodist):
    return Methodist.objects.changeable_by(user, MANAGE).filter(pk=methodist.pk).exists()


# Teachers --------------------------------------------------------------------------------------


def teaching_jobs(user=None, perm=MANAGE, on=None):
    """Current jobs on teaching positions; those the user reaches with `perm` when given."""
    jobs = Employment.objects.all() if user is None else Employment.objects.visible_to(user, perm)
    return jobs.active(on).filter(position__category=PositionCategory.TEACHING)


def area_q(methodist, path="organization__"):
    """Jobs in the methodist's area: their municipality, or their whole region."""
    if methodist.municipality_id:
        return Q(**{f"{path}municipality": methodist.municipality_id})
    return Q(**{f"{path}municipality__region": methodist.region_id})


def assigned_person_ids():
    return MethodistAssignment.objects.filter(ends_on__isnull=True).values("person_id")


def methodist_person_ids():
    return Methodist.objects.filter(excluded_on__isnull=True).values("person_id")


def unassigned_teachers(user, on=None):
    """People with a current teaching job in the user's scope who are neither assigned to a
    methodist nor methodists of the asset themselves, with that job's organization."""
    jobs = teaching_jobs(user, on=on)
    people = (
        Person.objects.filter(pk__in=jobs.values("person_id"))
        .exclude(pk__in=assigned_person_ids())
        .exclude(pk__in=methodist_person_ids())
    )
    return with_first_job(people, jobs)


def teacher_counts(user, on=None):
    """Teachers in the user's scope (methodists of the asset aside): all and with a methodist."""
    jobs = teaching_jobs(user, on=on)
    teachers = Person.objects.filter(pk__in=jobs.values("person_id")).exclude(
        pk__in=methodist_person_ids()
    )
    counts = teachers.aggregate(
        total=Count("pk"), assigned=Count("pk", filter=Q(pk__in=assigned_person_ids()))
    )
    counts["unassigned"] = counts["total"] - counts["assigned"]
    return counts


def teacher_choices(user, methodist=None):
    """Teachers a methodist may be given: a current teaching job in the user's scope (and in the
    methodist's area), labelled with the organization and the current methodist."""
    jobs = teaching_jobs(user)
    if methodist is not None:
        jobs = jobs.filter(area_q(methodist))
        jobs = jobs.exclude(person=methodist.person_id)
    current = MethodistAssignment.objects.filter(person=OuterRef("pk"), ends_on__isnull=True)
    return (
        Person.objects.filter(pk__in=jobs.values("person_id"))
        .annotate(
            organization_name=first_job_value(jobs, "organization__short_name"),
            current_methodist=Subquery(current.values("methodist_id")[:1]),
            current_methodist_name=Subquery(current.values("methodist__person__last_name")[:1]),
        )
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def staff_choices(user):
    """People who may join the asset: a current job in the user's scope, not yet a methodist."""
    jobs = Employment.objects.visible_to(user, MANAGE).active()
    return (
        Person.objects.filter(pk__in=jobs.values("person_id"))
        .exclude(pk__in=methodist_person_ids())
        .annotate(organization_name=first_job_value(jobs, "organization__short_name"))
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def methodist_choices(user):
    """Active methodists the user may give teachers to, with their load."""
    return (
        with_load(Methodist.objects.changeable_by(user, MANAGE).filter(excluded_on__isnull=True))
        .select_related("person", "municipality")
        .order_by("person__last_name", "person__first_name", "pk")
    )


# The data of the balancing ---------------------------------------------------------------------


def balancing_teachers(user, municipality=None, on=None):
    """The unassigned teachers of the user's scope as plain `Teacher`s: the municipality and
    region of the main teaching job, the subjects of all current teaching jobs."""
    jobs = teaching_jobs(user, on=on).filter(
        person__in=unassigned_teachers(user, on=on).values("pk")
    )
    rows = jobs.order_by("person_id", "-is_main", "-start_date", "pk").values_list(
        "person_id", "organization__municipality_id", "organization__municipality__region_id"
    )
    places = {}
    for person_id, municipality_id, region_id in rows:
        places.setdefault(person_id, (region_id, municipality_id))
    subjects = {}
    through = Employment.subjects.through.objects.filter(employment__in=jobs.values("pk"))
    for person_id, subject_id in through.values_list("employment__person_id", "subject_id"):
        subjects.setdefault(person_id, set()).add(subject_id)
    teachers = [
        Teacher(person_id, region_id, municipality_id, frozenset(subjects.get(person_id, ())))
        for person_id, (region_id, municipality_id) in places.items()
    ]
    if municipality is not None:
        teachers = [t for t in teachers if t.municipality_id == municipality.pk]
    return teachers


def balancing_methodists(user, municipality=None):
    """The active methodists the user may give teachers to, as plain `MethodistSeat`s."""
    methodists = methodist_choices(user)
    if municipality is not None:
        methodists = methodists.filter(
            Q(municipality=municipality)
            | Q(municipality__isnull=True, region=municipality.region_id)
        )
    rows = list(methodists.values_list("pk", "region_id", "municipality_id", "load", "load_cap"))
    subjects = {}
    through = Methodist.subjects.through.objects.filter(methodist__in=[row[0] for row in rows])
    for methodist_id, subject_id in through.values_list("methodist_id", "subject_id"):
        subjects.setdefault(methodist_id, set()).add(subject_id)
    return [
        MethodistSeat(pk, region_id, municipality_id, frozenset(subjects.get(pk, ())), load, cap)
        for pk, region_id, municipality_id, load, cap in rows
    ]
