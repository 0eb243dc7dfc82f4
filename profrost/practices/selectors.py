"""Reads of the practices app with the joins and aggregates their pages need; aggregates are
computed in the database."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Count,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.todo import Task, task_group
from profrost.network.models import Event
from profrost.registry.models import ConsentState, Employment, Organization, Person, not_withdrawn

from .models import (
    Dissemination,
    Document,
    DocumentLevel,
    InnovationReport,
    Practice,
    PracticeReview,
    PracticeStatus,
)


def _aggregate(queryset, link, expression, output_field):
    """A correlated subquery: `expression` over the rows of `queryset` whose `link` is the outer
    row, so that several aggregates of one list never multiply each other's rows."""
    grouped = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(value=expression)
        .values("value")
    )
    return Subquery(grouped, output_field=output_field)


def _count(queryset, link):
    return Coalesce(_aggregate(queryset, link, Count("pk"), IntegerField()), Value(0))


def format_mean(value):
    """A mean score as people write it: one decimal, a comma («10,5»), or «—»."""
    if value is None:
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", ",").removesuffix(",0")


# Practices --------------------------------------------------------------------------------------


def practices_for_list(queryset):
    reviews = PracticeReview.objects.all()
    completed = reviews.filter(completed_on__isnull=False)
    return (
        queryset.select_related("organization", "municipality", "main_author")
        .prefetch_related("coauthors", "subjects", "competences")
        .annotate(
            review_count=_count(reviews, "practice"),
            completed_count=_count(completed, "practice"),
            mean_total=_aggregate(completed, "practice", Avg("total"), FloatField()),
            dissemination_count=_count(Dissemination.objects.all(), "practice"),
        )
    )


def published_practices():
    """The public bank: practices included in it, with what a visitor reads. A person who
    withdrew their consent is not named to the public: their practice leaves the bank, and as
    a co-author they are left out of the names (docs/personal-data.md)."""
    named = Person.objects.exclude(consent_state=ConsentState.WITHDRAWN)
    return (
        Practice.objects.published()
        .filter(not_withdrawn(None, "main_author"))
        .select_related("organization", "municipality", "region", "main_author")
        .prefetch_related(Prefetch("coauthors", queryset=named), "subjects", "competences")
        .annotate(dissemination_count=_count(Dissemination.objects.all(), "practice"))
    )


def practice_for_page(queryset):
    return queryset.select_related(
        "organization", "municipality", "region", "main_author", "submitted_by"
    ).prefetch_related("coauthors", "subjects", "competences")


def expertise_summary(practice):
    """Completed and pending score sheets and the mean total of the completed ones."""
    done = Q(completed_on__isnull=False)
    return PracticeReview.objects.filter(practice=practice).aggregate(
        completed=Count("pk", filter=done),
        pending=Count("pk", filter=~done),
        mean=Avg("total", filter=done),
    )


def practice_reviews(practice):
    return practice.reviews.select_related("expert").order_by("assigned_on", "pk")


def practice_disseminations(practice):
    return practice.disseminations.select_related("event").order_by("-held_on", "pk")


def my_reviews(person_id):
    """The score sheets of an expert: those waiting for them first."""
    if person_id is None:
        return PracticeReview.objects.none()
    return (
        PracticeReview.objects.filter(expert_id=person_id)
        .select_related("practice__organization", "practice__municipality")
        .order_by("completed_on", "-assigned_on", "pk")
    )


def is_waiting(review):
    return review.completed_on is None and review.practice.status == PracticeStatus.EXPERTISE


def expert_choices(user, practice):
    """People the user may name as experts of the practice: those in the user's registry scope
    who are not its authors and not yet named."""
    taken = set(practice.reviews.values_list("expert_id", flat=True))
    taken |= {practice.main_author_id, *practice.coauthors.values_list("pk", flat=True)}
    return Person.objects.visible_to(user).exclude(pk__in=taken)


def author_choices(user):
    """Authors a user may submit a practice for: a teacher their own person, a manager the
    people in their scope."""
    return Person.objects.visible_to(user, Perm.SUBMIT_PRACTICES)


def coauthor_choices(user):
    """Co-authors: the current staff of the organizations the user submits practices for (a
    teacher's colleagues)."""
    organizations = Organization.objects.visible_to(user, Perm.SUBMIT_PRACTICES)
    staff = Employment.objects.active().filter(organization__in=organizations.values("pk"))
    return Person.objects.filter(pk__in=staff.values("person_id"))


def event_choices(user):
    return Event.objects.visible_to(user, Perm.VIEW_NETWORK).order_by("-starts_at")


# Innovation projects ----------------------------------------------------------------------------


def projects_for_list(queryset):
    latest = InnovationReport.objects.filter(project=OuterRef("pk")).order_by("-year")
    return queryset.select_related("organization__municipality").annotate(
        report_count=_count(InnovationReport.objects.all(), "project"),
        last_report_year=_aggregate(
            InnovationReport.objects.all(), "project", Max("year"), IntegerField()
        ),
        last_effect=Subquery(latest.values("effect_level")[:1]),
    )


def project_reports(project):
    return project.reports.select_related("created_by").order_by("-year")


def project_practices(project, user):
    """Practices of the project's organization that the user sees, for its page."""
    return (
        Practice.objects.visible_to(user, Perm.VIEW_NETWORK)
        .filter(organization_id=project.organization_id)
        .order_by("-submitted_on")[:10]
    )


# Documents --------------------------------------------------------------------------------------


def documents_for_list(queryset):
    return queryset.select_related("region", "municipality", "organization")


def documents_in_force(kind, *, region=None, municipality=None, organization=None, on=None):
    """Documents of `kind` (a value or a list of values) in force on `on` (today by default)
    at exactly the given scope: the region's own documents, a municipality's own, an
    organization's own. Without a scope, those in force anywhere. The «наличие» indicators of
    seed 001 ask `.exists()` of it."""
    given = [item for item in (region, municipality, organization) if item is not None]
    if len(given) > 1:
        raise ValueError("documents_in_force takes one scope: region, municipality or organization")
    kinds = [kind] if isinstance(kind, str) else list(kind)
    queryset = Document.objects.in_force(on or timezone.localdate()).filter(kind__in=kinds)
    if organization is not None:
        return queryset.filter(level=DocumentLevel.ORGANIZATION, organization=organization)
    if municipality is not None:
        return queryset.filter(level=DocumentLevel.MUNICIPALITY, municipality=municipality)
    if region is not None:
        return queryset.filter(level=DocumentLevel.REGION, region=region)
    return queryset


def review_tasks(user, today):
    """Score sheets waiting for the user as an expert: practices on expertise they have not
    assessed yet, the newest first (a sheet has no deadline)."""
    if not user.person_id:
        return None
    waiting = PracticeReview.objects.filter(
        expert_id=user.person_id,
        completed_on__isnull=True,
        practice__status=PracticeStatus.EXPERTISE,
    ).select_related("practice")

    def to_task(review):
        return Task(
            review.practice.title,
            review.get_absolute_url(),
            None,
            _("Назначена экспертиза %(day)s") % {"day": format_date(review.assigned_on)},
        )

    return task_group(
        "practices-to-review",
        _("Практики на экспертизе"),
        waiting.order_by("-assigned_on", "-pk"),
        to_task,
        more_url=reverse("practices:my_reviews"),
    )
