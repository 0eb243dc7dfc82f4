"""Young teachers: support in every form the system records (seed 002 7.3, seed 003 6.2.6),
training, competitions and the survey of difficulties (seed 001 §3.3).

A young teacher is a teacher who is a young specialist on the period's last day: under 35 and
in the first three years of career, both conditions (seed 003 6.2.6;
`Person.objects.young_specialists`). Seed 001 says «молодые педагоги» without a definition: the
same one is used there.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.achievements.models import CompetitionParticipation
from profrost.diagnostics.models import Attempt, AttemptStatus
from profrost.mentoring.models import MentoringPair
from profrost.network.models import AssociationKind, Membership
from profrost.programs.models import Enrollment, EnrollmentStatus

from .base import COUNT, SHARE, Indicator, Measure, register
from .populations import (
    YOUNG,
    completed_training,
    in_period,
    in_period_years,
    overlaps_period,
    routes_in_force,
    who,
    young_teachers,
)

YOUNG_GROUP = _("Молодые педагоги")
# The shipped questionnaire (its entry in diagnostics/shipped.json); a region that keeps its
# own versions gives them codes starting the same way.
YOUNG_DIFFICULTIES = "young-difficulties"


# Enrolments in which a person is studying or has studied: a course supports them from its
# first to its last day.
STUDYING = (EnrollmentStatus.APPROVED, EnrollmentStatus.COMPLETED)


def supported_people(period):
    """People in any form of support the system records in the period (seed 003 6.2.6:
    «в различных формах поддержки и сопровождения»): the mentee of a mentoring pair, a route
    in force, a member of an association of young teachers, a learner of a course — each
    sharing a day with the period."""
    mentees = MentoringPair.objects.filter(overlaps_period("starts_on", "ended_on", period)).values(
        "mentee"
    )
    routes = routes_in_force(period).values("person")
    members = Membership.objects.filter(
        overlaps_period("joined_on", "left_on", period),
        association__kind=AssociationKind.YOUNG_TEACHERS,
        association__is_active=True,
    ).values("person")
    learners = Enrollment.objects.filter(
        status__in=STUDYING,
        cohort__starts_on__lte=period.ends_on,
        cohort__ends_on__gte=period.starts_on,
    ).values("person")
    return (
        Q(person__in=mentees)
        | Q(person__in=routes)
        | Q(person__in=members)
        | Q(person__in=learners)
    )


def young_supported(period):
    return young_teachers(period).filter(supported_people(period))


def young_trained(period):
    return who(young_teachers(period), completed_training(period))


def young_competitors(period):
    participations = CompetitionParticipation.objects.filter(
        in_period_years("competition__year", period)
    )
    return who(young_teachers(period), participations)


def young_surveyed(period):
    attempts = Attempt.objects.filter(
        in_period("submitted_at__date", period),
        status=AttemptStatus.SUBMITTED,
        campaign__instrument__code__startswith=YOUNG_DIFFICULTIES,
    )
    return who(young_teachers(period), attempts)


register(
    Indicator(
        code="young_supported_share",
        name=_("Доля молодых педагогов, участвующих в различных формах поддержки и сопровождения"),
        seed="002 7.3; 003 6.2.6",
        unit="%",
        kind=SHARE,
        numerator=Measure(young_supported, label=_("Молодые педагоги с поддержкой")),
        denominator=YOUNG,
        default_target=Decimal(70),
        group=YOUNG_GROUP,
        description=_(
            "Молодые педагоги (до 35 лет в первые 3 года работы), которых в периоде "
            "поддерживала хотя бы одна форма: наставник (наставляемый в паре), действующий "
            "ИОМ, членство в объединении молодых педагогов, обучение на курсе (заявка "
            "одобрена или обучение завершено, поток идёт в периоде)."
        ),
    )
)
register(
    Indicator(
        code="young_trained_count",
        name=_("Молодые педагоги, повысившие квалификацию"),
        seed="001 §3.3",
        unit=_("человек"),
        kind=COUNT,
        numerator=Measure(young_trained, label=_("Молодые педагоги, завершившие ПК или ПП")),
        group=YOUNG_GROUP,
        description=_(
            "Молодые педагоги на последний день периода, завершившие в периоде программу "
            "повышения квалификации или профессиональной переподготовки."
        ),
    )
)
register(
    Indicator(
        code="young_competition_share",
        name=_("Доля молодых педагогов, участвовавших в профессиональных конкурсах"),
        seed="001 §3.3",
        unit="%",
        kind=SHARE,
        numerator=Measure(young_competitors, label=_("Молодые педагоги — участники конкурсов")),
        denominator=YOUNG,
        group=YOUNG_GROUP,
        description=_(
            "Молодые педагоги, участвовавшие в конкурсах профессионального мастерства за "
            "календарные годы периода, из всех молодых педагогов на последний день периода."
        ),
    )
)
register(
    Indicator(
        code="young_difficulties_monitored",
        name=_("Доля молодых педагогов, охваченных мониторингом профессиональных затруднений"),
        seed="001 §3.3",
        unit="%",
        kind=SHARE,
        numerator=Measure(young_surveyed, label=_("Прошли анкету затруднений")),
        denominator=YOUNG,
        group=YOUNG_GROUP,
        description=_(
            "Молодые педагоги, завершившие в периоде анкету профессиональных затруднений "
            "молодого педагога (инструмент с кодом «young-difficulties»), из всех молодых "
            "педагогов на последний день периода. Числитель — число охваченных."
        ),
    )
)
