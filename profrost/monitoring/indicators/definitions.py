"""The indicators of DOMAIN.md, each computed from the data the system holds.

Populations are taken on the last day of the period; events in the period count when they fall
between its first and last day. Targets are the seed 003 6.2 values for 2024.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.diagnostics.models import CompetenceResult
from profrost.mentoring.models import MentoringPair
from profrost.registry.models import Employment, Person, PositionCategory
from profrost.routes.models import Route, RouteStatus
from profrost.staffing.models import Vacancy

from .base import COUNT, NEUTRAL, SHARE, Indicator, Measure, register

STAFF_CATEGORIES = (PositionCategory.TEACHING, PositionCategory.MANAGEMENT)


def staff(period, categories=STAFF_CATEGORIES):
    """Employments of teachers (and managers) active on the period's last day."""
    day = period.ends_on
    return Employment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day),
        start_date__lte=day,
        position__category__in=categories,
    )


def teachers(period):
    return staff(period, (PositionCategory.TEACHING,))


def young_teachers(period):
    young = Person.objects.young_specialists(period.ends_on).values("pk")
    return teachers(period).filter(person__in=young)


def diagnosed(period):
    results = CompetenceResult.objects.filter(
        measured_on__gte=period.starts_on, measured_on__lte=period.ends_on
    )
    return staff(period).filter(person__in=results.values("person"))


def with_route(period):
    routes = Route.objects.exclude(status=RouteStatus.CANCELLED).filter(
        created__date__lte=period.ends_on, ends_on__gte=period.starts_on
    )
    return staff(period).filter(person__in=routes.values("person"))


def young_in_mentoring(period):
    pairs = MentoringPair.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.starts_on),
        starts_on__lte=period.ends_on,
    )
    return young_teachers(period).filter(person__in=pairs.values("mentee"))


def open_vacancies(period):
    day = period.ends_on
    return Vacancy.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=day), opened_on__lte=day
    )


STAFF = Measure(staff, label=_("Педагогические и руководящие работники"))
TEACHERS = Measure(teachers, label=_("Педагогические работники"))
YOUNG = Measure(young_teachers, label=_("Молодые педагоги"))

register(
    Indicator(
        code="diagnosed_share",
        name=_("Доля педагогических и руководящих работников, прошедших диагностику дефицитов"),
        seed="001; 003 6.2.7",
        unit="%",
        kind=SHARE,
        numerator=Measure(diagnosed, label=_("Прошли диагностику в периоде")),
        denominator=STAFF,
        default_target=Decimal(20),
        group=_("Диагностика и ИОМ"),
        description=_(
            "Работники с результатом диагностики (в системе или импортированным) в периоде, "
            "из работающих на последний день периода."
        ),
    )
)
register(
    Indicator(
        code="route_share",
        name=_("Доля работников, для которых построен ИОМ по результатам диагностики"),
        seed="001; 003 6.2.8",
        unit="%",
        kind=SHARE,
        numerator=Measure(with_route, label=_("С действующим ИОМ в периоде")),
        denominator=STAFF,
        default_target=Decimal(15),
        group=_("Диагностика и ИОМ"),
        description=_(
            "Работники с неотменённым маршрутом, действовавшим в периоде, из работающих на "
            "последний день периода."
        ),
    )
)
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
        group=_("Молодые педагоги"),
        description=_(
            "Молодые педагоги (до 35 лет или первые 3 года работы) — наставляемые в паре, "
            "действовавшей в периоде."
        ),
    )
)
register(
    Indicator(
        code="staffing_needs",
        name=_("Открытые вакансии"),
        seed="001; 000 2.8",
        unit=_("вакансий"),
        kind=COUNT,
        numerator=Measure(open_vacancies, count="pk", label=_("Открытые вакансии")),
        direction=NEUTRAL,
        group=_("Кадры"),
        description=_("Вакансии, открытые на последний день периода."),
    )
)
