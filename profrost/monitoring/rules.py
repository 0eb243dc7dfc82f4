"""Rules that turn analysis into targeted recommendations (адресные рекомендации).

Each rule names the indicator it reads, its threshold and the level of its addressees. The
threshold of an indicator rule is, by default, the indicator's target for the period's year and
the addressee (its own target, else its municipality's, else its region's, else the indicator's
default); a rule may fix a number instead. Indicator rules read the values stored when the period
was computed, never live data; the two rules about records (methodists' loads and deficits that
no program addresses) read the records as they are when the rules are applied, counted in the
database. `services.apply_rules` writes one recommendation per rule and addressee.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from profrost.core.text import plural_form
from profrost.diagnostics.models import Deficit, DeficitStatus
from profrost.methodists.models import Methodist
from profrost.methodists.selectors import with_load
from profrost.programs.models import Enrollment, EnrollmentStatus
from profrost.registry.models import Employment

from .indicators import REGISTRY
from .indicators.base import add_once
from .models import AddresseeLevel, IndicatorValue, ScopeLevel
from .selectors import AnalysisScope, TargetBook

# Enrolments that count as a program «the person is enrolled in».
ADDRESSING_ENROLMENTS = (
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.APPROVED,
    EnrollmentStatus.COMPLETED,
)
PEOPLE_GENITIVE = ("работника", "работников", "работников")
TEACHER_FORMS = ("педагог", "педагога", "педагогов")


@dataclass(frozen=True)
class Finding:
    """One addressee a rule fires for, with what it read."""

    level: str
    pk: int
    region_id: int
    name: str
    value: Decimal | None
    threshold: Decimal | None
    details: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    level: str
    title: str
    text: str
    find: object
    indicator: str = ""
    threshold: Decimal | None = None
    threshold_label: str = ""
    description: str = ""

    @property
    def indicator_name(self):
        indicator = REGISTRY.get(self.indicator)
        return indicator.name if indicator else ""

    @property
    def level_label(self):
        return AddresseeLevel(self.level).label

    def findings(self, period):
        return list(self.find(self, period))

    def title_for(self, finding, period):
        return str(self.title) % self.placeholders(finding, period)

    def text_for(self, finding, period):
        return str(self.text) % self.placeholders(finding, period)

    def placeholders(self, finding, period):
        return {
            "name": finding.name,
            "period": period.title,
            "value": number(finding.value),
            "threshold": number(finding.threshold),
            **finding.details,
        }


RULES = {}


def rule_name(code):
    rule = RULES.get(code)
    return rule.name if rule else code


def register(rule):
    return add_once(RULES, rule)


def number(value):
    """40.00 → «40», 33.30 → «33,3»."""
    if value is None:
        return "—"
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# Reading stored values ------------------------------------------------------------------------

VALUE_FIELDS = (
    "level",
    "numerator",
    "denominator",
    "value",
    "region_id",
    "municipality_id",
    "municipality__name",
    "municipality__region_id",
    "organization_id",
    "organization__short_name",
    "organization__municipality_id",
    "organization__municipality__region_id",
)


def scope_of_row(row):
    if row["level"] == ScopeLevel.ORGANIZATION:
        return AnalysisScope(
            ScopeLevel.ORGANIZATION,
            row["organization_id"],
            row["organization__short_name"],
            row["organization__municipality__region_id"],
            row["organization__municipality_id"],
        )
    return AnalysisScope(
        ScopeLevel.MUNICIPALITY,
        row["municipality_id"],
        row["municipality__name"],
        row["municipality__region_id"],
    )


def below_target(rule, period):
    """Addressees whose stored value of the rule's indicator misses the threshold: two queries
    (the values of the level, the targets of the year), whatever the number of scopes."""
    indicator = REGISTRY.get(rule.indicator)
    if indicator is None:
        return
    rows = (
        IndicatorValue.objects.filter(
            period=period, indicator=indicator.code, level=rule.level, value__isnull=False
        )
        .order_by("scope_key")
        .values(*VALUE_FIELDS)
    )
    book = None
    if rule.threshold is None:
        book = TargetBook(period.ends_on.year, [period.region_id], codes=[indicator.code])
    for row in rows:
        scope = scope_of_row(row)
        threshold = rule.threshold if book is None else book.resolve(indicator, scope).value
        if indicator.meets(row["value"], threshold) is False:
            yield Finding(
                level=rule.level,
                pk=scope.pk,
                region_id=scope.region_id,
                name=scope.name,
                value=row["value"],
                threshold=threshold,
                details={
                    "numerator": number(row["numerator"]),
                    "denominator": number(row["denominator"]),
                },
            )


# Reading records ------------------------------------------------------------------------------


def overloaded_methodists(rule, period):
    """Active methodists of the period's region (of its municipality, for a municipal period)
    with more active assignments than their load cap, or than the rule's fixed threshold."""
    methodists = Methodist.objects.filter(excluded_on__isnull=True, region=period.region_id)
    if period.level == ScopeLevel.MUNICIPALITY:
        methodists = methodists.filter(municipality=period.municipality_id)
    limit = F("load_cap") if rule.threshold is None else rule.threshold
    rows = (
        with_load(methodists)
        .filter(load__gt=limit)
        .order_by("person__last_name", "person__first_name", "pk")
        .values(
            "person_id",
            "person__last_name",
            "person__first_name",
            "person__middle_name",
            "region_id",
            "load",
            "load_cap",
        )
    )
    for row in rows:
        name = " ".join(
            part
            for part in (
                row["person__last_name"],
                row["person__first_name"],
                row["person__middle_name"],
            )
            if part
        )
        yield Finding(
            level=AddresseeLevel.PERSON,
            pk=row["person_id"],
            region_id=row["region_id"],
            name=name,
            value=Decimal(row["load"]),
            threshold=Decimal(row["load_cap"] if rule.threshold is None else rule.threshold),
            details={"teachers": f"{row['load']} {plural_form(row['load'], TEACHER_FORMS)}"},
        )


def uncovered_deficits():
    """Open deficits whose competence no program the person is enrolled in addresses."""
    addressed = Enrollment.objects.filter(
        person=OuterRef("person"),
        status__in=ADDRESSING_ENROLMENTS,
        cohort__program__links__competence=OuterRef("competence"),
    )
    return Deficit.objects.filter(status=DeficitStatus.OPEN).filter(~Exists(addressed))


def organizations_with_uncovered_deficits(rule, period):
    """Organizations of the period's scope with people now working there who have an uncovered
    deficit, with the number of such people, grouped in one query."""
    jobs = Employment.objects.active()
    if period.level == ScopeLevel.MUNICIPALITY:
        jobs = jobs.filter(organization__municipality=period.municipality_id)
    else:
        jobs = jobs.filter(organization__municipality__region=period.region_id)
    threshold = rule.threshold or Decimal(0)
    rows = (
        jobs.filter(person__in=uncovered_deficits().values("person"))
        .order_by()
        .values(
            "organization_id",
            "organization__short_name",
            "organization__municipality__region_id",
        )
        .annotate(people=Count("person", distinct=True))
        .filter(people__gt=threshold)
        .order_by("organization__short_name", "organization_id")
    )
    for row in rows:
        yield Finding(
            level=AddresseeLevel.ORGANIZATION,
            pk=row["organization_id"],
            region_id=row["organization__municipality__region_id"],
            name=row["organization__short_name"],
            value=Decimal(row["people"]),
            threshold=threshold,
            details={
                "people": f"{row['people']} {plural_form(row['people'], PEOPLE_GENITIVE)}",
            },
        )


# The rules ------------------------------------------------------------------------------------

register(
    Rule(
        code="young_without_mentor",
        name=_("Молодые педагоги без наставника"),
        level=AddresseeLevel.ORGANIZATION,
        indicator="young_supported_share",
        threshold_label=_("цель показателя на год периода"),
        find=below_target,
        title=_("Наставничество молодых педагогов: %(name)s"),
        text=_(
            "По итогам периода «%(period)s» формами поддержки и сопровождения (наставничество, "
            "ИОМ, объединение молодых педагогов, обучение) охвачено %(value)s %% молодых "
            "педагогов организации (%(numerator)s из %(denominator)s) при целевом значении "
            "не менее %(threshold)s %%. Рекомендуется закрепить наставников за молодыми "
            "педагогами без поддержки и включить пары в программу наставничества "
            "(показатель 6.2.6 РСНМС)."
        ),
        description=_(
            "Организации, где доля молодых педагогов, охваченных поддержкой и "
            "сопровождением, ниже цели."
        ),
    )
)
register(
    Rule(
        code="diagnostics_below_target",
        name=_("Охват диагностикой дефицитов ниже цели"),
        level=AddresseeLevel.MUNICIPALITY,
        indicator="diagnosed_share",
        threshold_label=_("цель показателя на год периода"),
        find=below_target,
        title=_("Диагностика профессиональных дефицитов: %(name)s"),
        text=_(
            "По итогам периода «%(period)s» диагностику профессиональных дефицитов прошли "
            "%(value)s %% педагогических и руководящих работников муниципалитета "
            "(%(numerator)s из %(denominator)s) при целевом значении не менее %(threshold)s %%. "
            "Рекомендуется организовать диагностику в организациях с наименьшим охватом и "
            "загрузить результаты федеральной диагностики (показатель 6.2.7 РСНМС)."
        ),
        description=_("Муниципалитеты, где доля прошедших диагностику ниже цели."),
    )
)
register(
    Rule(
        code="methodist_overload",
        name=_("Нагрузка методиста выше предельной"),
        level=AddresseeLevel.PERSON,
        indicator="load_per_methodist",
        threshold_label=_("предельная нагрузка методиста (по умолчанию 250)"),
        find=overloaded_methodists,
        title=_("Нагрузка методиста: %(name)s"),
        text=_(
            "За вами закреплено %(teachers)s при предельной нагрузке %(threshold)s "
            "(не более 250 педагогов на одного регионального методиста, показатель 6.2.5 "
            "РСНМС). Рекомендуется согласовать с координатором ЦНППМ передачу части "
            "педагогов другим методистам актива."
        ),
        description=_(
            "Методисты регионального актива, за которыми закреплено больше педагогов, чем их "
            "предельная нагрузка (по текущим закреплениям)."
        ),
    )
)
register(
    Rule(
        code="deficits_not_covered",
        name=_("Дефициты, которые не закрывает ни одна программа"),
        level=AddresseeLevel.ORGANIZATION,
        threshold=Decimal(0),
        threshold_label=_("больше 0 работников"),
        find=organizations_with_uncovered_deficits,
        title=_("Дефициты без программ обучения: %(name)s"),
        text=_(
            "Открытые профессиональные дефициты, которые не закрывает ни одна программа из "
            "записей на обучение, есть у %(people)s организации. Рекомендуется подобрать им "
            "программы повышения квалификации (в первую очередь из Федерального реестра ДПП) "
            "или включить работу над этими дефицитами в их ИОМ."
        ),
        description=_(
            "Организации, где у работников есть открытые дефициты, не закрываемые программами "
            "их записей на обучение (по текущим данным)."
        ),
    )
)
