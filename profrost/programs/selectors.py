"""Reads of the programs area with the joins and annotations their pages need; every count and
date is computed in the database."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import add_years
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.todo import Task, is_overdue, overdue_first, task_group
from profrost.registry.models import Employment, Person, PositionCategory

from .models import (
    HOLDS_PLACE,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    ProgramCompetence,
    ProgramKind,
    TrainingRequest,
)

SOON_DAYS = 60
# Law 273-ФЗ art. 47: the right to additional professional education at least once in 3 years.
TRAINING_YEARS = 3
QUALIFYING_KINDS = (ProgramKind.PK, ProgramKind.PP)


def today_or(today):
    return today or timezone.localdate()


# Programs and cohorts --------------------------------------------------------------------------


def with_links(queryset):
    links = ProgramCompetence.objects.select_related("competence").order_by("competence__code")
    return queryset.prefetch_related(Prefetch("links", links))


def programs_for_list(queryset, today=None):
    today = today_or(today)
    upcoming = Cohort.objects.filter(program=OuterRef("pk"), starts_on__gte=today).order_by(
        "starts_on"
    )
    return with_links(queryset.select_related("provider", "region")).annotate(
        next_cohort_on=Subquery(upcoming.values("starts_on")[:1])
    )


def has_cohort_soon(today=None, days=SOON_DAYS):
    today = today_or(today)
    return Exists(
        Cohort.objects.filter(
            program=OuterRef("pk"), starts_on__gte=today, starts_on__lte=today + timedelta(days)
        )
    )


def with_places(queryset):
    """Cohorts with the places taken (approved and completed), the applications waiting and
    the places left."""
    taken = Count("enrollments", filter=Q(enrollments__status__in=HOLDS_PLACE))
    return queryset.annotate(
        taken=taken,
        waiting=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.APPLIED)),
    ).annotate(free=Greatest(F("capacity") - F("taken"), Value(0)))


def program_cohorts(program):
    return with_places(program.cohorts.all()).order_by("-starts_on", "pk")


def open_cohorts(user, today=None, person=None, limit=10):
    """Cohorts of the catalogue a user sees that still take applications, soonest first;
    without those `person` is already enrolled in."""
    today = today_or(today)
    cohorts = Cohort.objects.visible_to(user, Perm.VIEW_PROGRAMS).filter(
        program__is_active=True, ends_on__gte=today
    )
    if person is not None:
        cohorts = cohorts.exclude(enrollments__person=person)
    cohorts = cohorts.filter(
        Q(applications_close_on__isnull=True) | Q(applications_close_on__gte=today)
    )
    cohorts = with_places(cohorts.select_related("program", "program__provider"))
    return cohorts.order_by("starts_on", "pk")[:limit]


# Enrolments ------------------------------------------------------------------------------------


def enrollments_for_list(queryset):
    return queryset.select_related(
        "person", "cohort__program", "organization__municipality"
    ).annotate(
        program_title=F("cohort__program__title"),
    )


def qualifying_completions():
    return Enrollment.objects.filter(
        status=EnrollmentStatus.COMPLETED, cohort__program__kind__in=QUALIFYING_KINDS
    )


def last_completed_subquery(person_path="pk"):
    """The date of a person's last completed ПК or ПП, for annotating a queryset of people."""
    last = (
        qualifying_completions()
        .filter(person=OuterRef(person_path))
        .order_by()
        .values("person")
        .annotate(last=Max("completed_on"))
        .values("last")
    )
    return Subquery(last)


@dataclass
class PersonTraining:
    """What a person's page shows of their training."""

    last_completed_on: date | None
    due: bool  # no completed ПК/ПП for three years
    enrollments: list = field(default_factory=list)
    since: date | None = None


def person_training(person, user=None, today=None):
    """The last completed ПК or ПП and the enrolments of `person` (those `user` may see)."""
    today = today_or(today)
    last = qualifying_completions().filter(person=person).aggregate(last=Max("completed_on"))
    last = last["last"]
    since = add_years(today, -TRAINING_YEARS)
    enrollments = Enrollment.objects.filter(person=person)
    if user is not None:
        enrollments = Enrollment.objects.visible_to(user, Perm.VIEW_PROGRAMS).filter(person=person)
    enrollments = enrollments.select_related("cohort__program").order_by(
        "-cohort__starts_on", "-pk"
    )
    return PersonTraining(last, last is None or last < since, list(enrollments), since)


def no_recent_training(user, today=None):
    """People with a current teaching job in `user`'s scope and no ПК or ПП completed in the last
    three years, each with the date of the last one, if any."""
    return teachers_without_training(Employment.objects.visible_to(user, Perm.VIEW_PROGRAMS), today)


def teachers_without_training(employments, today=None):
    """People with a current teaching job among `employments` and no ПК or ПП completed in the
    last three years; annotated with the last one's date and the job."""
    today = today_or(today)
    teaching = employments.active(today).filter(position__category=PositionCategory.TEACHING)
    main_job = (
        Employment.objects.active(today)
        .filter(person=OuterRef("pk"), pk__in=teaching.values("pk"))
        .order_by("-is_main", "-start_date", "pk")
    )
    since = add_years(today, -TRAINING_YEARS)
    return (
        Person.objects.filter(pk__in=teaching.values("person_id"))
        .annotate(
            last_training_on=last_completed_subquery(),
            organization_name=Subquery(main_job.values("organization__short_name")[:1]),
            municipality_name=Subquery(main_job.values("organization__municipality__name")[:1]),
            position_name=Subquery(main_job.values("position__name")[:1]),
        )
        .filter(Q(last_training_on__isnull=True) | Q(last_training_on__lt=since))
    )


# Training requests -----------------------------------------------------------------------------


def requests_for_list(queryset):
    return queryset.select_related("organization__municipality", "person", "competence", "program")


@dataclass
class RequestSummary:
    rows: list  # dicts: direction, organization, municipality, individual, collective, headcount
    directions: list  # dicts: direction, organizations, requests, headcount
    totals: dict


def request_summary(queryset):
    """Requests by direction and organization: how many from persons, from staffs, and the
    number of people to train; with the totals per direction and overall."""
    individual = Count("pk", filter=Q(person__isnull=False))
    collective = Count("pk", filter=Q(person__isnull=True))
    headcount = Coalesce(Sum("headcount"), 0)
    rows = (
        queryset.order_by()
        .values(
            "direction",
            "organization_id",
            "organization__short_name",
            "organization__municipality__name",
        )
        .annotate(individual=individual, collective=collective, headcount=headcount)
        .order_by("direction", "organization__municipality__name", "organization__short_name")
    )
    directions = (
        queryset.order_by()
        .values("direction")
        .annotate(
            organizations=Count("organization", distinct=True),
            requests=Count("pk"),
            headcount=headcount,
        )
        .order_by("-headcount", "direction")
    )
    totals = queryset.aggregate(
        requests=Count("pk"),
        organizations=Count("organization", distinct=True),
        directions=Count("direction", distinct=True),
        headcount=headcount,
    )
    return RequestSummary(list(rows), list(directions), totals)


def known_directions(user):
    """Directions already named in requests the user sees, so that new ones repeat them."""
    requests = TrainingRequest.objects.visible_to(user, Perm.MANAGE_TRAINING_REQUESTS)
    return list(requests.order_by("direction").values_list("direction", flat=True).distinct()[:300])


def enrollment_tasks(user, today):
    """Applications of the people the user approves for (programs.approve) waiting for a
    decision; due by the start of their cohort."""
    perm = Perm.APPROVE_ENROLMENTS
    if not has_perm_anywhere(user, perm):
        return None
    applied = Enrollment.objects.filter(
        status=EnrollmentStatus.APPLIED,
        person__in=Person.objects.visible_to(user, perm).values("pk"),
    ).select_related("person", "cohort__program")

    def to_task(enrollment):
        cohort = enrollment.cohort
        return Task(
            enrollment.person.full_name,
            enrollment.get_absolute_url(),
            cohort.starts_on,
            _("%(program)s, поток %(cohort)s")
            % {"program": cohort.program.title, "cohort": str(cohort)},
            is_overdue(cohort.starts_on, today),
        )

    return task_group(
        "enrollments-to-decide",
        _("Заявки на обучение к решению"),
        overdue_first(applied, "cohort__starts_on", today, "-applied_on", "-pk"),
        to_task,
        more_url=reverse("programs:enrollment_list") + f"?status={EnrollmentStatus.APPLIED}",
    )
