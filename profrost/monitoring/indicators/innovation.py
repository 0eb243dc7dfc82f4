"""Innovation sites and their effect (seed 001 §3.2: «число, эффективность»)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.practices.models import (
    EffectLevel,
    InnovationProject,
    InnovationReport,
    InnovationStatus,
)
from profrost.registry.models import Organization, OrganizationStatus

from .base import COUNT, SHARE, Indicator, Measure, register
from .populations import ORGANIZATION_PATHS, in_period, overlaps_period

INNOVATION = _("Инновационная деятельность")
EFFECTIVE = (EffectLevel.HIGH, EffectLevel.MEDIUM)
REPORT_PATHS = {
    "count": "pk",
    "organization": "project__organization",
    "municipality": "project__organization__municipality",
    "region": "project__organization__municipality__region",
}


def sites(period):
    """Organizations with an innovation-site, resource-centre or internship-site status in
    force on some day of the period, or with an innovation project under way in it (a project
    terminated early is left out: the day it stopped is not recorded)."""
    statuses = OrganizationStatus.objects.filter(overlaps_period("start_date", "end_date", period))
    projects = InnovationProject.objects.filter(
        overlaps_period("starts_on", "ends_on", period),
        status__in=(InnovationStatus.ACTIVE, InnovationStatus.COMPLETED),
    )
    return Organization.objects.filter(
        Q(pk__in=statuses.values("organization")) | Q(pk__in=projects.values("organization"))
    )


def reports(period):
    return InnovationReport.objects.filter(in_period("submitted_on", period))


def effective_reports(period):
    return reports(period).filter(effect_level__in=EFFECTIVE)


register(
    Indicator(
        code="innovation_sites",
        name=_("Инновационные, стажировочные площадки и ресурсные центры"),
        seed="001 §3.2",
        unit=_("организаций"),
        kind=COUNT,
        numerator=Measure(sites, label=_("Площадки"), **ORGANIZATION_PATHS),
        group=INNOVATION,
        description=_(
            "Организации со статусом инновационной площадки, ресурсного центра или "
            "стажировочной площадки, действовавшим в периоде, или с инновационным проектом, "
            "реализовавшимся в периоде (досрочно прекращённые проекты не учитываются)."
        ),
    )
)
register(
    Indicator(
        code="innovation_reports",
        name=_("Отчёты инновационных проектов"),
        seed="001 §3.2",
        unit=_("отчётов"),
        kind=COUNT,
        numerator=Measure(reports, label=_("Отчёты за период"), **REPORT_PATHS),
        group=INNOVATION,
        description=_("Отчёты инновационных проектов с датой отчёта в периоде."),
    )
)
register(
    Indicator(
        code="innovation_effective_share",
        name=_("Доля отчётов инновационных проектов с высоким или средним эффектом"),
        seed="001 §3.2",
        unit="%",
        kind=SHARE,
        numerator=Measure(
            effective_reports, label=_("Отчёты с высоким или средним эффектом"), **REPORT_PATHS
        ),
        denominator=Measure(reports, label=_("Отчёты за период"), **REPORT_PATHS),
        group=INNOVATION,
        description=_(
            "Отчёты с датой в периоде, где эффект оценён как высокий или средний, из всех "
            "отчётов инновационных проектов с датой в периоде."
        ),
    )
)
