"""Young teachers: support and mentoring (seed 002 7.3, seed 003 6.2.6), training,
competitions and the survey of difficulties (seed 001 §3.3).

A young teacher is a teacher who is a young specialist on the period's last day: under 35 and
in the first three years of career, both conditions (seed 003 6.2.6;
`Person.objects.young_specialists`). Seed 001 says «молодые педагоги» without a definition: the
same one is used there.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from profrost.achievements.models import CompetitionParticipation
from profrost.diagnostics.models import Attempt, AttemptStatus
from profrost.mentoring.models import MentoringPair

from .base import COUNT, SHARE, Indicator, Measure, register
from .populations import (
    YOUNG,
    completed_training,
    in_period,
    in_period_years,
    overlaps_period,
    who,
    young_teachers,
)

YOUNG_GROUP = _("Молодые педагоги")
# The shipped questionnaire (its entry in diagnostics/shipped.json); a region that keeps its
# own versions gives them codes starting the same way.
YOUNG_DIFFICULTIES = "young-difficulties"


def young_in_mentoring(period):
    pairs = MentoringPair.objects.filter(overlaps_period("starts_on", "ended_on", period))
    return who(young_teachers(period), pairs, "mentee")


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
        name=_("Доля молодых педагогов, охваченных наставничеством"),
        seed="002 7.3; 003 6.2.6",
        unit="%",
        kind=SHARE,
        numerator=Measure(young_in_mentoring, label=_("Молодые педагоги с наставником")),
        denominator=YOUNG,
        default_target=Decimal(70),
        group=YOUNG_GROUP,
        description=_(
            "Молодые педагоги (до 35 лет в первые 3 года работы) — наставляемые в паре, "
            "действовавшей в периоде."
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
