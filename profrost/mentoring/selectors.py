"""Reads of mentoring with the joins and annotations their pages need, counted in the database."""

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from profrost.core.roles import Perm
from profrost.diagnostics.models import Deficit, DeficitStatus
from profrost.registry.models import Employment, Person, PositionCategory
from profrost.registry.selectors import with_first_job

from .models import (
    MentoringMeeting,
    MentoringPair,
    PairStatus,
    ProgramStatus,
)

# Programmes -------------------------------------------------------------------------------------


def program_status_q(status, today=None):
    today = today or timezone.localdate()
    if status == ProgramStatus.PLANNED:
        return Q(starts_on__gt=today)
    if status == ProgramStatus.FINISHED:
        return Q(ends_on__lt=today)
    return Q(starts_on__lte=today, ends_on__gte=today)


def program_status_label(today=None):
    return Case(
        *[
            When(program_status_q(status, today), then=Value(str(status.label)))
            for status in (ProgramStatus.PLANNED, ProgramStatus.FINISHED)
        ],
        default=Value(str(ProgramStatus.CURRENT.label)),
        output_field=CharField(),
    )


def programs_for_list(queryset, user):
    """Target, coordinator, status and the counts of the pairs the user may see, in one query."""
    visible = Q(pairs__in=MentoringPair.objects.visible_to(user, Perm.VIEW_NETWORK).values("pk"))
    return queryset.select_related(
        "region", "municipality", "organization", "coordinator"
    ).annotate(
        status_label=program_status_label(),
        pair_count=Count("pairs", filter=visible, distinct=True),
        active_pair_count=Count(
            "pairs", filter=visible & Q(pairs__status=PairStatus.ACTIVE), distinct=True
        ),
    )


def program_pairs(program, user):
    return pairs_for_list(
        MentoringPair.objects.visible_to(user, Perm.VIEW_NETWORK).filter(program=program)
    ).order_by("status", "mentee__last_name", "mentee__first_name", "pk")


# Pairs ------------------------------------------------------------------------------------------


def meeting_count():
    meetings = (
        MentoringMeeting.objects.filter(pair=OuterRef("pk"))
        .order_by()
        .values("pair")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(meetings, output_field=IntegerField()), 0)


def last_meeting_on():
    meetings = MentoringMeeting.objects.filter(pair=OuterRef("pk")).order_by("-held_on")
    return Subquery(meetings.values("held_on")[:1])


def pairs_for_list(queryset):
    """Pairs with their people, organization and programme, the number of meetings and the date
    of the last one; deficits prefetched for the export."""
    return (
        queryset.select_related("mentor", "mentee", "organization__municipality", "program")
        .prefetch_related("deficits__competence")
        .annotate(meeting_count=meeting_count(), last_meeting_on=last_meeting_on())
    )


def pairs_keepable_by(user):
    """Pairs whose meetings and results the user may record: managers over their scope, a
    mentor over their own pairs."""
    return MentoringPair.objects.changeable_by(
        user, Perm.MANAGE_MENTORING
    ) | MentoringPair.objects.changeable_by(user, Perm.KEEP_OWN_MENTORING)


def may_keep(user, pair):
    return pairs_keepable_by(user).filter(pk=pair.pk).exists()


def may_manage(user, pair):
    return (
        MentoringPair.objects.changeable_by(user, Perm.MANAGE_MENTORING).filter(pk=pair.pk).exists()
    )


def pair_meetings(pair):
    return pair.meetings.select_related("created_by").order_by("-held_on", "-pk")


def mentee_deficits(pair, user):
    """The mentee's deficits the user may see in diagnostics, open ones first, each marked
    `linked` when the pair addresses it. A mentor without diagnostics rights over the mentee
    sees only the deficits tied to the pair."""
    visible = Deficit.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS).filter(person=pair.mentee_id)
    linked = MentoringPair.deficits.through.objects.filter(
        mentoringpair_id=pair.pk, deficit_id=OuterRef("pk")
    )
    return (
        Deficit.objects.filter(
            Q(pk__in=visible.filter(status=DeficitStatus.OPEN).values("pk"))
            | Q(pk__in=pair.deficits.values("pk"))
        )
        .select_related("competence__group")
        .annotate(linked=Exists(linked))
        .order_by("-linked", "status", "competence__code")
    )


def deficit_choices(user, mentee_id, keep=()):
    """Deficits that may be tied to a pair of `mentee_id`: the mentee's open ones the user may
    see in diagnostics, and those already tied (`keep`)."""
    if not mentee_id:
        return Deficit.objects.none()
    visible = Deficit.objects.visible_to(user, Perm.VIEW_DIAGNOSTICS).filter(
        person_id=mentee_id, status=DeficitStatus.OPEN
    )
    return (
        Deficit.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=list(keep)))
        .filter(person_id=mentee_id)
        .select_related("competence")
        .order_by("competence__code")
    )


def person_pairs(person_id):
    """A person's pairs as mentor and as mentee, active first."""
    return (
        pairs_for_list(
            MentoringPair.objects.filter(Q(mentor_id=person_id) | Q(mentee_id=person_id))
        )
        .annotate(
            rank=Case(
                When(status=PairStatus.ACTIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-starts_on", "pk")
    )


# People to choose and the young specialists without a mentor -----------------------------------


def main_organization_name(person_path="pk", employments=None):
    employments = Employment.objects.active() if employments is None else employments
    jobs = employments.filter(person=OuterRef(person_path)).order_by("-is_main", "-start_date")
    return Subquery(jobs.values("organization__short_name")[:1])


def working_people(user, perm=Perm.MANAGE_MENTORING, include=()):
    """People with a current job in an organization where the user holds `perm` (and those of
    `include`, already chosen), labelled with the organization for the choice lists."""
    jobs = Employment.objects.visible_to(user, perm).active()
    chosen = [pk for pk in include if pk]
    return (
        Person.objects.filter(Q(pk__in=jobs.values("person_id")) | Q(pk__in=chosen))
        .annotate(organization_name=main_organization_name(employments=jobs))
        .order_by("last_name", "first_name", "middle_name", "pk")
    )


def active_mentee_ids():
    return MentoringPair.objects.active().values("mentee_id")


def young_without_mentor(user, today=None):
    """Young specialists with a current teaching job in the user's scope and no active pair as
    mentee, each with the organization and position of that job."""
    today = today or timezone.localdate()
    jobs = teaching_jobs(user, today)
    people = (
        Person.objects.young_specialists(today)
        .filter(pk__in=jobs.values("person_id"))
        .exclude(pk__in=active_mentee_ids())
    )
    return with_first_job(people, jobs, organization_key="job_organization_id")


def teaching_jobs(user, today=None):
    return (
        Employment.objects.visible_to(user, Perm.MANAGE_MENTORING)
        .active(today)
        .filter(position__category=PositionCategory.TEACHING)
    )


def young_support_counts(user, today=None):
    """Young specialists with a teaching job in scope: all of them and those with an active
    mentor, in one query (seed 003 6.2.6 counts those supported)."""
    today = today or timezone.localdate()
    jobs = teaching_jobs(user, today)
    young = Person.objects.young_specialists(today).filter(pk__in=jobs.values("person_id"))
    counts = young.aggregate(
        total=Count("pk"), mentored=Count("pk", filter=Q(pk__in=active_mentee_ids()))
    )
    counts["without"] = counts["total"] - counts["mentored"]
    counts["percent"] = round(counts["mentored"] * 100 / counts["total"]) if counts["total"] else 0
    return counts
