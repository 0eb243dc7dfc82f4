"""Innovation projects of sites and their yearly reports: atomic, validated, audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import Errors, actor, assign, full_clean, require

from ..models import InnovationProject, InnovationReport

PROJECT_FIELDS = (
    "organization",
    "site_kind",
    "level",
    "title",
    "goals",
    "expected_results",
    "starts_on",
    "ends_on",
    "document",
    "file",
    "status",
)
REPORT_FIELDS = ("year", "submitted_on", "text", "effect", "effect_level", "file")


def _save_project(project, data, *, keep_organization=False):
    changed = assign(project, data, PROJECT_FIELDS)
    errors = Errors()
    full_clean(project, errors)
    if keep_organization and "organization" in changed:
        errors.add("organization", _("У проекта есть отчёты: организацию изменить нельзя."))
    errors.raise_if_any()
    project.save()
    return changed


@transaction.atomic
def create_project(*, by, data):
    project = InnovationProject(created_by=actor(by))
    _save_project(project, data)
    require(InnovationProject.objects.changeable_by(by, Perm.MANAGE_PRACTICES), project)
    audit.log(by, "practices.innovationproject.created", project)
    return project


@transaction.atomic
def update_project(project, *, by, data):
    project = InnovationProject.objects.select_for_update().get(pk=project.pk)
    require(InnovationProject.objects.changeable_by(by, Perm.MANAGE_PRACTICES), project)
    changed = _save_project(project, data, keep_organization=project.reports.exists())
    require(InnovationProject.objects.changeable_by(by, Perm.MANAGE_PRACTICES), project)
    audit.log(by, "practices.innovationproject.updated", project, fields=sorted(changed))
    return project


@transaction.atomic
def delete_project(project, *, by):
    require(InnovationProject.objects.changeable_by(by, Perm.MANAGE_PRACTICES), project)
    audit.log(by, "practices.innovationproject.deleted", project, reports=project.reports.count())
    project.delete()


def may_report(user, project):
    """Keeps the reports of the project: who runs it, or the organization itself
    (Perm.MANAGE_MATERIALS, as for its other documents)."""
    scope = resolve_scope(user, Perm.MANAGE_MATERIALS)
    if scope.everything:
        return True
    if scope.empty:
        return False
    reach = InnovationProject.change_filter(scope) | scope.q(organization="organization")
    return InnovationProject.objects.filter(reach, pk=project.pk).exists()


def _save_report(report, data):
    changed = assign(report, data, REPORT_FIELDS)
    errors = Errors()
    full_clean(report, errors, exclude=["project"])
    project = report.project
    if report.year and not errors.has("year"):
        if not project.starts_on.year - 1 <= report.year <= project.ends_on.year:
            errors.add(
                "year",
                _("Учебный год %(period)s вне срока проекта (%(start)s — %(end)s).")
                % {
                    "period": report.period,
                    "start": f"{project.starts_on:%d.%m.%Y}",
                    "end": f"{project.ends_on:%d.%m.%Y}",
                },
            )
        duplicate = InnovationReport.objects.filter(project=project, year=report.year)
        if duplicate.exclude(pk=report.pk).exists():
            errors.add(
                "year", _("Отчёт за %(period)s учебный год уже есть.") % {"period": report.period}
            )
    errors.raise_if_any()
    report.save()
    return changed


@transaction.atomic
def create_report(project, *, by, data):
    if not may_report(by, project):
        raise PermissionDenied(_("Отчёты этого проекта ведёт другой уровень."))
    report = InnovationReport(project=project, created_by=actor(by))
    _save_report(report, data)
    audit.log(by, "practices.innovationreport.created", report)
    return report


@transaction.atomic
def update_report(report, *, by, data):
    require(InnovationReport.objects.changeable_by(by, Perm.MANAGE_MATERIALS), report)
    changed = _save_report(report, data)
    audit.log(by, "practices.innovationreport.updated", report, fields=sorted(changed))
    return report


@transaction.atomic
def delete_report(report, *, by):
    require(InnovationReport.objects.changeable_by(by, Perm.MANAGE_MATERIALS), report)
    audit.log(by, "practices.innovationreport.deleted", report)
    report.delete()
