"""Demo data requests: `build_demo_datarequests(context)` runs after the registry's builder.

Three requests of the municipality of the demo municipal methodist («municipal»), sent to all its
educational organizations (schools, kindergartens, additional education), relative to
`context.today`:
- «Сведения о наставничестве»: sent six weeks ago, closed after its deadline; all but two
  organizations answered;
- «Потребность в курсах повышения квалификации на 2027 год»: open, most organizations
  submitted, some keep a draft, one answer is returned for correction (its numbers disagree);
  the demo school has submitted;
- «Участие в методических мероприятиях в первом полугодии»: sent three days ago, a few answers
  so far; the demo school («school») has not started it.

Values are drawn from `context.rng` and the staff size of each school, checked by
`values.parse` as the answer form checks them, and written with bulk_create.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.datarequests import values
from profrost.datarequests.models import (
    DataRequest,
    FieldKind,
    RecipientStatus,
    RequestAnswer,
    RequestField,
    RequestLevel,
    RequestRecipient,
    RequestStatus,
)
from profrost.registry.models import Employment, Organization, OrganizationKind

DIRECTIONS = [
    "Предметные компетенции",
    "Методические компетенции",
    "Психолого-педагогические компетенции",
    "Цифровые компетенции",
    "Управленческие компетенции",
]
MENTORING_FORMS = [
    "Педагог — педагог",
    "Руководитель — педагог",
    "Групповое наставничество",
    "Реверсивное наставничество",
]
COURSE_COMMENTS = [
    "",
    "",
    "Просим курсы по обучению детей с ОВЗ.",
    "Нужны курсы для учителей физики и химии по работе с оборудованием «Точки роста».",
    "Желательно дистанционно: педагоги не могут выехать во время учебного года.",
    "Два педагога готовы пройти переподготовку на учителя информатики.",
]
EVENT_COMMENTS = ["", "Провели школьный семинар по функциональной грамотности.", ""]


@dataclass(frozen=True)
class Plan:
    title: str
    instructions: str
    sent_days_ago: int
    deadline_in: int  # days from today; negative: passed
    closed: bool
    submitted_share: float
    draft_share: float
    fields: tuple  # (label, kind, extra)
    answer: object  # (rng, staff) → {label: value}


def _courses(rng, staff):
    need = max(1, round(staff * rng.uniform(0.1, 0.35)))
    return {
        "Педагогов, которым нужны курсы повышения квалификации в 2027 году": need,
        "Из них молодых специалистов": rng.randint(0, max(1, need // 3)),
        "Приоритетное направление": rng.choices(DIRECTIONS, (3, 4, 3, 3, 1))[0],
        "Готовы направить педагогов на очные курсы в другой город": rng.random() < 0.55,
        "Часов обучения на педагога в год (план)": rng.choice((16, 24, 36, 36, 48, 72)),
        "Комментарий": rng.choice(COURSE_COMMENTS),
    }


def _mentoring(rng, staff):
    young = max(0, round(staff * rng.uniform(0.05, 0.2)))
    return {
        "Молодых специалистов": young,
        "Пар «наставник — наставляемый»": rng.randint(max(0, young - 2), young + 2),
        "Утверждено положение о наставничестве": rng.random() < 0.85,
        "Дата приказа о закреплении наставников": None,
        "Основная форма наставничества": rng.choices(MENTORING_FORMS, (6, 2, 2, 1))[0],
    }


def _events(rng, staff):
    return {
        "Педагогов, выступавших на муниципальных мероприятиях": rng.randint(0, max(1, staff // 8)),
        "Педагогов, участвовавших как слушатели": rng.randint(staff // 4, max(1, staff // 2)),
        "Проведено школьных методических мероприятий": rng.randint(1, 6),
        "Комментарий": rng.choice(EVENT_COMMENTS),
    }


PLANS = [
    Plan(
        title="Сведения о наставничестве",
        instructions=(
            "Укажите сведения на 1 сентября текущего учебного года. Молодые специалисты — "
            "педагоги до 35 лет в первые три года работы."
        ),
        sent_days_ago=42,
        deadline_in=-20,
        closed=True,
        submitted_share=1.0,
        draft_share=0.0,
        fields=(
            ("Молодых специалистов", FieldKind.INTEGER, {"min_value": 0}),
            ("Пар «наставник — наставляемый»", FieldKind.INTEGER, {"min_value": 0}),
            ("Утверждено положение о наставничестве", FieldKind.BOOLEAN, {}),
            ("Дата приказа о закреплении наставников", FieldKind.DATE, {"required": False}),
            (
                "Основная форма наставничества",
                FieldKind.CHOICE,
                {"choices": "\n".join(MENTORING_FORMS)},
            ),
        ),
        answer=_mentoring,
    ),
    Plan(
        title="Потребность в курсах повышения квалификации на 2027 год",
        instructions=(
            "Сведения нужны для заявки в ЦНППМ. Учитывайте педагогов, у которых три года не было "
            "курсов, и выявленные дефициты по итогам диагностики."
        ),
        sent_days_ago=20,
        deadline_in=10,
        closed=False,
        submitted_share=0.7,
        draft_share=0.15,
        fields=(
            (
                "Педагогов, которым нужны курсы повышения квалификации в 2027 году",
                FieldKind.INTEGER,
                {"min_value": 0},
            ),
            ("Из них молодых специалистов", FieldKind.INTEGER, {"min_value": 0}),
            ("Приоритетное направление", FieldKind.CHOICE, {"choices": "\n".join(DIRECTIONS)}),
            ("Готовы направить педагогов на очные курсы в другой город", FieldKind.BOOLEAN, {}),
            (
                "Часов обучения на педагога в год (план)",
                FieldKind.NUMBER,
                {"min_value": 0, "max_value": 250, "required": False},
            ),
            ("Комментарий", FieldKind.TEXT, {"required": False}),
        ),
        answer=_courses,
    ),
    Plan(
        title="Участие в методических мероприятиях в первом полугодии",
        instructions="Считайте каждого педагога один раз, даже если он был на нескольких.",
        sent_days_ago=3,
        deadline_in=14,
        closed=False,
        submitted_share=0.2,
        draft_share=0.15,
        fields=(
            (
                "Педагогов, выступавших на муниципальных мероприятиях",
                FieldKind.INTEGER,
                {"min_value": 0},
            ),
            ("Педагогов, участвовавших как слушатели", FieldKind.INTEGER, {"min_value": 0}),
            ("Проведено школьных методических мероприятий", FieldKind.INTEGER, {"min_value": 0}),
            ("Комментарий", FieldKind.TEXT, {"required": False}),
        ),
        answer=_events,
    ),
]
COURSES, EVENTS = PLANS[1].title, PLANS[2].title
EDUCATIONAL = (OrganizationKind.SCHOOL, OrganizationKind.KINDERGARTEN, OrganizationKind.ADDITIONAL)
UNANSWERED_IN_CLOSED = 2
RETURN_COMMENT = (
    "Молодых специалистов, которым нужны курсы, больше, чем всего педагогов с потребностью: "
    "проверьте, пожалуйста, оба числа."
)


def build_demo_datarequests(context):
    methodist = context.users.get("municipal")
    if methodist is None or not context.organizations:
        return
    assignment = methodist.roles.exclude(municipality=None).first()
    if assignment is None:
        return
    municipality = assignment.municipality
    organizations = _recipients(context, municipality)
    if not organizations:
        return
    staff = _staff_sizes(organizations, context.today)
    demo_school = _demo_school(context)
    made = [
        _build(context, plan, municipality, methodist, organizations, staff, demo_school)
        for plan in PLANS
    ]
    submitted = RequestRecipient.objects.filter(
        request__in=made, status=RecipientStatus.SUBMITTED
    ).count()
    context.summary[_("Запросы данных")] = len(made)
    context.summary[_("  отправленных ответов организаций")] = submitted


def _recipients(context, municipality):
    """The educational organizations of the municipality: schools, kindergartens and
    organizations of additional education."""
    return [
        org
        for org in context.organizations
        if org.municipality_id == municipality.pk and org.kind in EDUCATIONAL
    ]


def _staff_sizes(organizations, today):
    rows = (
        Organization.objects.filter(pk__in=[org.pk for org in organizations])
        .annotate(
            staff=Count(
                "employments",
                filter=Q(employments__in=Employment.objects.active(today).values("pk")),
            )
        )
        .values_list("pk", "staff")
    )
    return dict(rows)


def _demo_school(context):
    user = context.users.get("school")
    assignment = user.roles.exclude(organization=None).first() if user else None
    return assignment.organization_id if assignment else None


def _moment(today, days_ago, hour):
    day = today - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _build(context, plan, municipality, methodist, organizations, staff, demo_school):
    rng, today = context.rng, context.today
    school_user = context.users.get("school")
    data_request = _create_request(today, plan, municipality, methodist)
    sent_at, deadline = data_request.sent_at, data_request.deadline
    fields = RequestField.objects.bulk_create(
        RequestField(request=data_request, order=order, label=label, kind=kind, **extra)
        for order, (label, kind, extra) in enumerate(plan.fields, start=1)
    )
    recipients = RequestRecipient.objects.bulk_create(
        RequestRecipient(request=data_request, organization=org) for org in organizations
    )
    states = _states(rng, plan, recipients, demo_school)
    answers = []
    for recipient in recipients:
        state = states[recipient.pk]
        if state == RecipientStatus.NOT_STARTED:
            continue
        given = plan.answer(rng, max(staff.get(recipient.organization_id, 0), 5))
        if state == RecipientStatus.RETURNED:
            _make_inconsistent(given)
        _fill_dates(rng, plan, given, today)
        if state == RecipientStatus.DRAFT:
            given = _partial(rng, given, fields)
        answers += _answers(recipient, fields, given)
        _stamp(rng, recipient, state, (sent_at, deadline, today), demo_school, school_user)
    RequestRecipient.objects.bulk_update(
        recipients,
        [
            "status",
            "updated_at",
            "submitted_at",
            "submitted_by",
            "return_comment",
            "returned_at",
        ],
    )
    RequestAnswer.objects.bulk_create(answers)
    return data_request


def _create_request(today, plan, municipality, methodist):
    """The request of the plan, sent by the methodist; its record dated a day before sending."""
    sent_at = _moment(today, plan.sent_days_ago, 10)
    deadline = today + timedelta(days=plan.deadline_in)
    data_request = DataRequest.objects.create(
        title=plan.title,
        instructions=plan.instructions,
        level=RequestLevel.MUNICIPALITY,
        region=municipality.region,
        municipality=municipality,
        deadline=deadline,
        status=RequestStatus.CLOSED if plan.closed else RequestStatus.SENT,
        created_by=methodist,
        sent_at=sent_at,
        closed_at=_moment(today, -plan.deadline_in - 2, 9) if plan.closed else None,
    )
    DataRequest.objects.filter(pk=data_request.pk).update(
        created=sent_at - timedelta(days=1, hours=2)
    )
    return data_request


def _states(rng, plan, recipients, demo_school):
    """Each recipient's state by the shares of the plan. In the closed request all but two (in a
    small demo, fewer) submitted; in the courses request one answer is returned for correction
    and at least one is a draft; the demo school submitted the courses request and has not
    started the newest one."""
    others = [r.pk for r in recipients if r.organization_id != demo_school]
    silent = set()
    if plan.closed:
        silent = set(rng.sample(others, min(UNANSWERED_IN_CLOSED, len(others) // 2)))
    states = {}
    for recipient in recipients:
        roll = rng.random()
        if recipient.pk in silent:
            state = RecipientStatus.NOT_STARTED
        elif plan.closed or roll < plan.submitted_share:
            state = RecipientStatus.SUBMITTED
        elif roll < plan.submitted_share + plan.draft_share:
            state = RecipientStatus.DRAFT
        else:
            state = RecipientStatus.NOT_STARTED
        if recipient.organization_id == demo_school:
            state = RecipientStatus.SUBMITTED if plan.title == COURSES else state
            state = RecipientStatus.NOT_STARTED if plan.title == EVENTS else state
        states[recipient.pk] = state
    if plan.title == COURSES and others:
        submitted = [pk for pk in others if states[pk] == RecipientStatus.SUBMITTED]
        states[(submitted or others)[0]] = RecipientStatus.RETURNED
        drafts = [pk for pk in others if states[pk] == RecipientStatus.DRAFT]
        if not drafts and len(others) > 1:
            rest = [pk for pk in others if states[pk] != RecipientStatus.RETURNED]
            states[rest[-1]] = RecipientStatus.DRAFT
    return states


def _make_inconsistent(given):
    need = "Педагогов, которым нужны курсы повышения квалификации в 2027 году"
    given["Из них молодых специалистов"] = given[need] + 2


def _fill_dates(rng, plan, given, today):
    for label, kind, _extra in plan.fields:
        if kind == FieldKind.DATE and given.get(label) is None and rng.random() < 0.8:
            given[label] = today - timedelta(days=rng.randint(60, 400))


def _partial(rng, given, fields):
    """A draft: some fields filled, at least the first."""
    kept = {fields[0].label}
    kept |= {field.label for field in fields[1:] if rng.random() < 0.5}
    return {label: value for label, value in given.items() if label in kept}


def _answers(recipient, fields, given):
    made = []
    for field in fields:
        value = values.parse(field, given.get(field.label))
        if value is not None:
            made.append(
                RequestAnswer(recipient=recipient, field=field, **values.stored(field, value))
            )
    return made


def _stamp(rng, recipient, state, dates, demo_school, school_user):
    """Dates of the answer: saved and submitted between sending and the deadline (or today)."""
    sent_at, deadline, today = dates
    # Up to yesterday: an answer stamped later today than the build would be in the future.
    last = max(min(deadline, today - timedelta(days=1)), sent_at.date())
    span = max((last - sent_at.date()).days, 0)
    submitted = sent_at + timedelta(days=rng.randint(0, span), hours=rng.randint(0, 6))
    recipient.status = state
    recipient.updated_at = submitted
    if state in (RecipientStatus.SUBMITTED, RecipientStatus.RETURNED):
        recipient.submitted_at = submitted
        if recipient.organization_id == demo_school:
            recipient.submitted_by = school_user
    if state == RecipientStatus.RETURNED:
        recipient.return_comment = RETURN_COMMENT
        recipient.returned_at = min(submitted + timedelta(days=1), timezone.now())
