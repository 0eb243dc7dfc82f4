"""The «наличие» indicators of seed 001 §3: whether a document of a kind (the practices app's
documents), or a mentoring programme, is in force for the scope on the period's last day, and
whether the scope monitors its teachers' professional development in the system itself.

A document counts only for its own scope, as `practices.selectors.documents_in_force` reads
it: a municipality's methodical recommendations are the municipality's document, not one of
an organization of it; a municipality's monitoring is its own monitoring period. The value
is 1 (есть) or 0 (нет); the default target is 1, since the seed sets the existence of the
document as the goal.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from profrost.mentoring.models import MentoringProgram, ProgramLevel
from profrost.practices.models import (
    MUNICIPAL_KINDS,
    Document,
    DocumentKind,
    DocumentLevel,
    MunicipalTopic,
)

from ..models import MonitoringPeriod, ScopeLevel
from .base import PRESENCE, Indicator, Measure, register
from .populations import on_last_day

PRESENCE_GROUP = _("Наличие документов и программ")
OWN_DOCUMENTS = {
    ScopeLevel.ORGANIZATION: Q(level=DocumentLevel.ORGANIZATION),
    ScopeLevel.MUNICIPALITY: Q(level=DocumentLevel.MUNICIPALITY),
    ScopeLevel.REGION: Q(level=DocumentLevel.REGION),
}
OWN_PROGRAMS = {
    ScopeLevel.ORGANIZATION: Q(level=ProgramLevel.ORGANIZATION),
    ScopeLevel.MUNICIPALITY: Q(level=ProgramLevel.MUNICIPALITY),
}
UNIT = _("есть / нет")


def documents(*kinds, topic=None):
    def rows(period):
        found = Document.objects.in_force(on_last_day(period)).filter(kind__in=kinds)
        return found.filter(topic=topic) if topic else found

    return rows


def document_measure(*kinds, label, topic=None):
    return Measure(
        documents(*kinds, topic=topic),
        count="pk",
        organization="organization",
        municipality="municipality",
        region="region",
        at_level=OWN_DOCUMENTS,
        label=label,
    )


def own_monitoring(period):
    """Monitoring periods of any scope sharing a day with `period` (the measure keeps each
    scope's own): computed ones, and `period` itself, which is being computed — so a recompute
    on unchanged data gives the same value."""
    return MonitoringPeriod.objects.filter(
        Q(computed_at__isnull=False) | Q(pk=period.pk),
        starts_on__lte=period.ends_on,
        ends_on__gte=period.starts_on,
    )


def current_mentoring_programs(period):
    return MentoringProgram.objects.current(on_last_day(period))


def presence(**fields):
    return register(
        Indicator(
            unit=UNIT,
            kind=PRESENCE,
            default_target=Decimal(1),
            group=PRESENCE_GROUP,
            **fields,
        )
    )


presence(
    code="has_municipal_program",
    name=_("Наличие муниципальной программы повышения профессиональной компетентности"),
    seed="001 §3.2",
    numerator=document_measure(
        DocumentKind.MUNICIPAL_PROGRAM, label=_("Действующие муниципальные программы")
    ),
    levels=(ScopeLevel.MUNICIPALITY,),
    description=_(
        "Есть ли у муниципалитета действующий на последний день периода документ вида "
        "«Муниципальная программа» (раздел «Методические материалы и документы»)."
    ),
)
presence(
    code="has_municipal_project",
    name=_("Наличие муниципального проекта повышения профессиональной компетентности"),
    seed="001 §3.2",
    numerator=document_measure(
        DocumentKind.MUNICIPAL_PROJECT, label=_("Действующие муниципальные проекты")
    ),
    levels=(ScopeLevel.MUNICIPALITY,),
    description=_(
        "Есть ли у муниципалитета действующий на последний день периода документ вида "
        "«Муниципальный проект»."
    ),
)
# Seed 001 §3.2 names a municipal programme or project in each of these areas; which of the
# two it is does not matter here, its area does.
MUNICIPAL_TOPICS = (
    (
        "has_municipal_project_work",
        MunicipalTopic.PROJECT_WORK,
        _(
            "Наличие муниципальной программы (проекта) повышения профессиональной компетентности "
            "педагогов в области проектной и исследовательской деятельности обучающихся"
        ),
    ),
    (
        "has_municipal_pre_profile",
        MunicipalTopic.PRE_PROFILE,
        _(
            "Наличие муниципальной программы (проекта) повышения профессиональной компетентности "
            "педагогов в области предпрофильной подготовки и профильного обучения"
        ),
    ),
    (
        "has_municipal_inclusion",
        MunicipalTopic.INCLUSION,
        _(
            "Наличие муниципальной программы (проекта) повышения профессиональной компетентности "
            "педагогов в области инклюзивных практик"
        ),
    ),
    (
        "has_municipal_digital",
        MunicipalTopic.DIGITAL,
        _(
            "Наличие муниципальной программы (проекта) повышения профессиональной компетентности "
            "педагогов в области цифровизации образовательного процесса"
        ),
    ),
    (
        "has_municipal_associations",
        MunicipalTopic.ASSOCIATIONS,
        _("Наличие муниципальной программы (проекта) поддержки ШМО и РМО"),
    ),
)

for code, topic, name in MUNICIPAL_TOPICS:
    presence(
        code=code,
        name=name,
        seed="001 §3.2",
        numerator=document_measure(
            *MUNICIPAL_KINDS, topic=topic, label=_("Действующие муниципальные программы и проекты")
        ),
        levels=(ScopeLevel.MUNICIPALITY,),
        description=format_lazy(
            _(
                "Есть ли у муниципалитета действующий на последний день периода документ вида "
                "«Муниципальная программа» или «Муниципальный проект» с направлением «{topic}»."
            ),
            topic=topic.label,
        ),
    )

presence(
    code="has_monitoring",
    name=_("Наличие мониторинга профессионального развития педагогов"),
    seed="001 §3.1, §3.3",
    numerator=Measure(
        own_monitoring,
        count="pk",
        organization=None,
        municipality="municipality",
        region="region",
        at_level={
            ScopeLevel.MUNICIPALITY: Q(level=ScopeLevel.MUNICIPALITY),
            ScopeLevel.REGION: Q(level=ScopeLevel.REGION),
        },
        label=_("Периоды мониторинга"),
    ),
    levels=(ScopeLevel.MUNICIPALITY, ScopeLevel.REGION),
    description=_(
        "Ведёт ли муниципалитет (регион) мониторинг в системе: есть ли у него собственный "
        "период мониторинга, пересекающийся с периодом, — рассчитанный или этот самый."
    ),
)
presence(
    code="has_methodical_materials",
    name=_("Наличие методических рекомендаций и пособий"),
    seed="001 §3.2",
    numerator=document_measure(
        DocumentKind.RECOMMENDATIONS,
        DocumentKind.MANUAL,
        label=_("Действующие рекомендации и пособия"),
    ),
    description=_(
        "Есть ли у организации, муниципалитета, региона собственные действующие на "
        "последний день периода методические рекомендации или пособия."
    ),
)
presence(
    code="has_mentoring_program",
    name=_("Наличие программы наставничества (поддержки молодых педагогов)"),
    seed="001 §3.3",
    numerator=Measure(
        current_mentoring_programs,
        count="pk",
        organization="organization",
        municipality="municipality",
        region="region",
        at_level=OWN_PROGRAMS,
        label=_("Действующие программы наставничества"),
    ),
    levels=(ScopeLevel.ORGANIZATION, ScopeLevel.MUNICIPALITY),
    description=_(
        "Есть ли у организации (у муниципалитета) своя программа наставничества, "
        "действующая на последний день периода (раздел «Наставничество»)."
    ),
)
