"""Reads of data requests with the joins and annotations their pages need; every count, total and
mean is computed in the database."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.todo import Task, is_overdue, overdue_first, task_group
from profrost.registry.models import Municipality

from .models import (
    NUMERIC_KINDS,
    FieldKind,
    RecipientStatus,
    RequestAnswer,
    RequestField,
    RequestRecipient,
    RequestStatus,
)

MANAGE = Perm.MANAGE_DATA_REQUESTS
ANSWER = Perm.ANSWER_DATA_REQUESTS
MEAN_STEP = Decimal("0.01")


def is_sender(user):
    return has_perm_anywhere(user, MANAGE)


def is_answerer(user):
    return has_perm_anywhere(user, ANSWER)


def recipients_visible_to(user):
    """Recipients the user sees as a sender (MANAGE) or as the answering organization (ANSWER)."""
    as_sender = RequestRecipient.objects.visible_to(user, MANAGE).values("pk")
    as_answerer = RequestRecipient.objects.visible_to(user, ANSWER).values("pk")
    return RequestRecipient.objects.filter(Q(pk__in=as_sender) | Q(pk__in=as_answerer))


def overdue_q(today=None, prefix=""):
    """A recipient that has not submitted although the deadline of the sent request passed."""
    today = today or timezone.localdate()
    return (
        ~Q(**{f"{prefix}status": RecipientStatus.SUBMITTED})
        & ~Q(**{f"{prefix}request__status": RequestStatus.DRAFT})
        & Q(**{f"{prefix}request__deadline__lt": today})
    )


def field_count_subquery(request_path):
    fields = (
        RequestField.objects.filter(request=OuterRef(request_path))
        .order_by()
        .values("request")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(fields, output_field=IntegerField()), 0)


def requests_for_list(queryset, user):
    """Level, target and the counts of the recipients the user sees, in one query."""
    mine = Q(recipients__in=RequestRecipient.objects.visible_to(user, MANAGE).values("pk"))
    today = timezone.localdate()
    return queryset.select_related("region", "municipality").annotate(
        field_count=field_count_subquery("pk"),
        recipient_count=Count("recipients", filter=mine, distinct=True),
        submitted_count=Count(
            "recipients",
            filter=mine & Q(recipients__status=RecipientStatus.SUBMITTED),
            distinct=True,
        ),
        overdue_count=Count(
            "recipients",
            filter=mine
            & ~Q(recipients__status=RecipientStatus.SUBMITTED)
            & ~Q(status=RequestStatus.DRAFT)
            & Q(deadline__lt=today),
            distinct=True,
        ),
    )


def request_recipients(data_request, user):
    """The recipients of a request the user sees as its sender, with the answers given."""
    return (
        RequestRecipient.objects.visible_to(user, MANAGE)
        .filter(request=data_request)
        .select_related("organization__municipality", "submitted_by")
        .annotate(answered=Count("answers"))
        .order_by("organization__municipality__name", "organization__short_name", "pk")
    )


def request_progress(data_request, user, today=None):
    """Counts of the visible recipients by the state of their answer, and the overdue ones."""
    recipients = RequestRecipient.objects.visible_to(user, MANAGE).filter(request=data_request)
    counts = recipients.aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(status=RecipientStatus.SUBMITTED)),
        draft=Count("pk", filter=Q(status=RecipientStatus.DRAFT)),
        returned=Count("pk", filter=Q(status=RecipientStatus.RETURNED)),
        not_started=Count("pk", filter=Q(status=RecipientStatus.NOT_STARTED)),
        overdue=Count("pk", filter=overdue_q(today)),
    )
    total = counts["total"]
    counts["percent"] = round(counts["submitted"] * 100 / total) if total else 0
    return counts


def waiting(user, today=None):
    """Requests the user's organizations may still answer and have not submitted."""
    today = today or timezone.localdate()
    accepting = Q(request__deadline__gte=today) | Q(status=RecipientStatus.RETURNED)
    return (
        RequestRecipient.objects.visible_to(user, ANSWER)
        .filter(accepting, request__status=RequestStatus.SENT)
        .exclude(status=RecipientStatus.SUBMITTED)
    )


def waiting_count(user, today=None):
    return waiting(user, today).count()


def answer_tasks(user, today):
    """«Мои задачи»: the requests waiting for the user's organizations, a returned one overdue
    once its deadline passed."""
    if not is_answerer(user) or user.is_superuser:  # the superuser answers for no school
        return None

    def to_task(recipient):
        data_request = recipient.request
        return Task(
            data_request.title,
            recipient.get_absolute_url(),
            data_request.deadline,
            f"{recipient.organization.short_name} · {recipient.get_status_display()}",
            is_overdue(data_request.deadline, today),
        )

    rows = waiting(user, today).select_related("request", "organization")
    return task_group(
        "data-requests",
        _("Запросы данных к заполнению"),
        overdue_first(rows, "request__deadline", today, "-request__sent_at", "-pk"),
        to_task,
        more_url=reverse("datarequests:inbox"),
    )


def municipalities_of(organizations):
    return Municipality.objects.filter(pk__in=organizations.values("municipality_id")).order_by(
        "name"
    )


def inbox(queryset):
    """An organization's requests: sender, deadline, the answers given of the fields asked."""
    return queryset.select_related(
        "request__region", "request__municipality", "organization"
    ).annotate(
        answered=Count("answers"),
        field_count=field_count_subquery("request"),
    )


# The summary ------------------------------------------------------------------------------------


@dataclass
class Column:
    """A field of the summary with its aggregates over the counted answers."""

    field: RequestField
    answered: int = 0
    total: Decimal | int | None = None
    mean: Decimal | None = None
    yes: int | None = None

    @property
    def is_numeric(self):
        return self.field.kind in NUMERIC_KINDS


@dataclass
class Row:
    recipient: RequestRecipient
    counted: bool
    cells: list = field(default_factory=list)
    fields: list = field(default_factory=list)

    @property
    def pairs(self):
        return list(zip(self.fields, self.cells, strict=True))


@dataclass
class Summary:
    columns: list
    rows: list
    counted: int
    include_drafts: bool


COUNTED_ALWAYS = (RecipientStatus.SUBMITTED,)
COUNTED_WITH_DRAFTS = (
    RecipientStatus.SUBMITTED,
    RecipientStatus.DRAFT,
    RecipientStatus.RETURNED,
)


def summary(data_request, user, *, include_drafts=False):
    """Organizations as rows, fields as columns. Only submitted answers count (with
    `include_drafts`, saved drafts and answers returned for correction too); the totals and means
    of numeric columns and the «да» counts of yes/no columns come from the database."""
    fields = list(data_request.fields.order_by("order", "pk"))
    recipients = request_recipients(data_request, user)
    statuses = COUNTED_WITH_DRAFTS if include_drafts else COUNTED_ALWAYS
    counted = recipients.filter(status__in=statuses)
    answers = RequestAnswer.objects.filter(recipient__in=counted.values("pk"))
    by_id = {each.pk: each for each in fields}
    values = {}
    for answer in answers.only("recipient_id", "field_id", "number", "text", "flag", "day"):
        answer.field = by_id[answer.field_id]
        values[answer.recipient_id, answer.field_id] = answer.value
    rows = [
        Row(
            recipient=recipient,
            counted=recipient.status in statuses,
            cells=[values.get((recipient.pk, each.pk)) for each in fields],
            fields=fields,
        )
        for recipient in recipients
    ]
    columns = _columns(fields, answers)
    return Summary(
        columns=columns,
        rows=rows,
        counted=sum(1 for row in rows if row.counted),
        include_drafts=include_drafts,
    )


def _columns(fields, answers):
    aggregates = {
        row["field_id"]: row
        for row in answers.order_by()
        .values("field_id")
        .annotate(
            answered=Count("pk"),
            total=Sum("number"),
            mean=Avg("number"),
            yes=Count("pk", filter=Q(flag=True)),
        )
    }
    columns = []
    for each in fields:
        row = aggregates.get(each.pk, {})
        column = Column(field=each, answered=row.get("answered", 0))
        if each.kind in NUMERIC_KINDS and column.answered:
            column.total = _number(row["total"], each.kind)
            column.mean = Decimal(str(row["mean"])).quantize(MEAN_STEP, ROUND_HALF_UP)
        if each.kind == FieldKind.BOOLEAN:
            column.yes = row.get("yes", 0)
        columns.append(column)
    return columns


def _number(value, kind):
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if kind == FieldKind.INTEGER else value
