"""Diagnostics, routes and training: seed 001 §3.1, seed 002 7.3, seed 003 6.2.3–6.2.9."""

from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from profrost.core.search import Folded, fold
from profrost.diagnostics.models import CompetenceResult, Deficit, ResultSource
from profrost.programs.models import (
    Enrollment,
    EnrollmentStatus,
    Program,
    RequestStatus,
    TrainingRequest,
)
from profrost.registry.models import Organization, OrganizationKind
from profrost.routes.models import RouteItem, RouteStatus

from ..models import ScopeLevel
from .base import COUNT, NEUTRAL, SHARE, Indicator, Measure, register
from .populations import (
    ORGANIZATION_PATHS,
    STAFF,
    TEACHERS,
    completed_training,
    in_period,
    managers,
    routes_in_force,
    staff,
    teachers,
    training_window_start,
    who,
)

DIAGNOSTICS = _("Диагностика и ИОМ")
TRAINING = _("Обучение по программам ДПО")

# Seed 003 6.2.9 names the academy by its current name; programs taken before 2021 name it by
# the former one. A program is the academy's when its provider (in the registry or typed in)
# has one of these names.
ACADEMY_NAMES = ("Академия Минпросвещения", "Академия реализации государственной политики")


# Diagnostics and routes -----------------------------------------------------------------------


def diagnosed(period):
    """Seed 003 6.2.7: diagnosed in the region's diagnostics of deficits — a campaign of an
    instrument marked as one, or imported results (the federal diagnostics); a survey or a
    screening taken in the system does not count."""
    results = CompetenceResult.objects.filter(in_period("measured_on", period)).filter(
        Q(source=ResultSource.IMPORT) | Q(attempt__campaign__instrument__counts_as_diagnosis=True)
    )
    return who(staff(period), results)


def with_route(period):
    return who(staff(period), routes_in_force(period))


register(
    Indicator(
        code="diagnosed_share",
        name=_("Доля педагогических и руководящих работников, прошедших диагностику дефицитов"),
        seed="001 §3.1; 003 6.2.7",
        unit="%",
        kind=SHARE,
        numerator=Measure(diagnosed, label=_("Прошли диагностику в периоде")),
        denominator=STAFF,
        default_target=Decimal(20),
        group=DIAGNOSTICS,
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
        seed="001 §3.1; 003 6.2.8",
        unit="%",
        kind=SHARE,
        numerator=Measure(with_route, label=_("С действующим ИОМ в периоде")),
        denominator=STAFF,
        default_target=Decimal(15),
        group=DIAGNOSTICS,
        description=_(
            "Работники с неотменённым маршрутом, действовавшим в периоде, из работающих на "
            "последний день периода."
        ),
    )
)


# Programs of the Федеральный реестр chosen from diagnostics ------------------------------------


def chosen_from_diagnostics():
    """Q over enrolments: the program (itself, or any of its cohorts) was an item of the
    person's route, or it addresses a competence in which the person had a deficit found by the
    completion day."""
    program = OuterRef("cohort__program")
    in_route = RouteItem.objects.exclude(route__status=RouteStatus.CANCELLED).filter(
        Q(program=program) | Q(cohort__program=program), route__person=OuterRef("person")
    )
    addressed = Deficit.objects.filter(
        person=OuterRef("person"),
        found_on__lte=OuterRef("completed_on"),
        competence__programcompetence__program=program,
    )
    return Exists(in_route) | Exists(addressed)


def registry_completions(period):
    return Enrollment.objects.filter(
        in_period("completed_on", period),
        chosen_from_diagnostics(),
        status=EnrollmentStatus.COMPLETED,
        cohort__program__federal_registry=True,
    )


def registry_trained(period):
    return who(teachers(period), registry_completions(period))


register(
    Indicator(
        code="registry_program_share",
        name=_(
            "Доля педагогических работников, освоивших программы Федерального реестра, "
            "подобранные по результатам диагностики"
        ),
        seed="003 6.2.3",
        unit="%",
        kind=SHARE,
        numerator=Measure(
            registry_trained, label=_("Завершили программу реестра, подобранную по диагностике")
        ),
        denominator=TEACHERS,
        default_target=Decimal(30),
        group=TRAINING,
        description=_(
            "Педагоги, завершившие в периоде обучение по программе Федерального реестра ДПП, "
            "если программа (или её поток) была пунктом их ИОМ или направлена на компетенцию, "
            "по которой у них был выявлен дефицит до окончания обучения; из педагогов, "
            "работающих на последний день периода."
        ),
    )
)


# Management teams -----------------------------------------------------------------------------


def trained_managers(period):
    """Managers who completed a ПК or ПП in the quality-management topic (seed 002 7.3:
    «по вопросам эффективности управления качеством образования») in the training window."""
    trained = completed_training(period, since=training_window_start(period)).filter(
        cohort__program__quality_management=True
    )
    return who(managers(period), trained)


def teams(period):
    """Active organizations with at least one holder of a management position."""
    return Organization.objects.filter(
        is_active=True, pk__in=managers(period).values("organization")
    )


def trained_teams(period):
    return teams(period).filter(pk__in=trained_managers(period).values("organization"))


register(
    Indicator(
        code="management_teams_trained",
        name=_("Доля управленческих команд, повысивших квалификацию"),
        seed="002 7.3; 003 6.2.4",
        unit="%",
        kind=SHARE,
        numerator=Measure(
            trained_teams, label=_("Организации с обученной командой"), **ORGANIZATION_PATHS
        ),
        denominator=Measure(
            teams, label=_("Организации с управленческой командой"), **ORGANIZATION_PATHS
        ),
        default_target=Decimal(40),
        group=TRAINING,
        description=_(
            "Управленческая команда организации — работники на руководящих должностях на "
            "последний день периода. Команда считается обученной, если хотя бы один из них "
            "завершил программу ПК или ПП с отметкой «Управление качеством образования» за "
            "период или за три года до его окончания. Для "
            "организации — 100 % или 0 %, для муниципалитета и региона — доля организаций."
        ),
    )
)


# ЦНППМ staff trained at the federal academy ----------------------------------------------------


def academy_programs():
    """Programs whose provider is the federal academy, by its name (see ACADEMY_NAMES)."""
    fields = ("provider_name", "provider__name", "provider__short_name")
    aliases = {f"_name_{number}": Folded(name) for number, name in enumerate(fields)}
    query = Q()
    for alias in aliases:
        for name in ACADEMY_NAMES:
            query |= Q(**{f"{alias}__contains": fold(name)})
    return Program.objects.alias(**aliases).filter(query).values("pk")


def cnppm_staff(period):
    """Everyone working on the period's last day in an organization of the kind «Институт
    развития образования / ЦНППМ», whatever the position."""
    return staff(period).filter(organization__kind=OrganizationKind.INSTITUTE)


def cnppm_staff_trained(period):
    at_academy = Enrollment.objects.filter(
        status=EnrollmentStatus.COMPLETED,
        completed_on__lte=period.ends_on,
        cohort__program__in=academy_programs(),
    )
    return who(cnppm_staff(period), at_academy)


register(
    Indicator(
        code="cnppm_staff_trained_share",
        name=_("Доля сотрудников ЦНППМ, прошедших обучение в Академии Минпросвещения России"),
        seed="003 6.2.9",
        unit="%",
        kind=SHARE,
        numerator=Measure(cnppm_staff_trained, label=_("Обучены в Академии Минпросвещения")),
        denominator=Measure(cnppm_staff, label=_("Сотрудники ЦНППМ")),
        default_target=Decimal(100),
        levels=(ScopeLevel.REGION,),
        group=TRAINING,
        description=_(
            "Сотрудники организаций вида «Институт развития образования / ЦНППМ» на последний "
            "день периода, когда-либо до его окончания завершившие программу, провайдер "
            "которой — ФГАОУ ДПО «Академия Минпросвещения России» (по названию провайдера, в "
            "том числе прежнему: «Академия реализации государственной политики…»)."
        ),
    )
)


# Trained and training requests ----------------------------------------------------------------


def trained(period):
    return who(staff(period), completed_training(period))


def training_requests(period):
    """Requests filed in the period but the declined ones; `people` is the headcount as a
    decimal, the type the engine sums in."""
    return (
        TrainingRequest.objects.filter(in_period("filed_on", period))
        .exclude(status=RequestStatus.DECLINED)
        .annotate(people=Cast("headcount", DecimalField(max_digits=12, decimal_places=0)))
    )


register(
    Indicator(
        code="trained_count",
        name=_("Работники, обученные по программам ПК и ПП"),
        seed="001 §3.1",
        unit=_("человек"),
        kind=COUNT,
        numerator=Measure(trained, label=_("Завершили ПК или ПП в периоде")),
        group=TRAINING,
        description=_(
            "Работники, завершившие в периоде обучение по программе повышения квалификации "
            "или профессиональной переподготовки, — по месту работы на последний день периода."
        ),
    )
)
register(
    Indicator(
        code="training_requests",
        name=_("Запрос на обучение: число обучающихся в заявках коллективов и педагогов"),
        seed="001 §3.1",
        unit=_("человек"),
        kind=COUNT,
        numerator=Measure(
            training_requests, total="people", count="pk", label=_("Заявки на обучение")
        ),
        direction=NEUTRAL,
        group=TRAINING,
        description=_(
            "Сумма числа обучающихся в заявках на обучение (от работника — один человек, от "
            "коллектива — указанное число) в заявках, поданных в периоде, кроме отклонённых; по "
            "организации, подавшей заявку."
        ),
    )
)
