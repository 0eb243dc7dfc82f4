"""Results of sensitive instruments that need attention: the open deficits a sensitive
screening left, for the holders of diagnostics.view_sensitive (the ЦНППМ psychologist)."""

from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.todo import Task, task_group
from profrost.registry.models import Person

from ..models import Deficit, DeficitStatus


def needing_attention(deficits):
    """Open deficits found by a sensitive instrument's attempt. A deficit stays open while the
    latest result of its competence is below the proficient level, so these are the people's
    latest sensitive results that need attention."""
    return deficits.filter(
        status=DeficitStatus.OPEN, found_by__attempt__campaign__instrument__sensitive=True
    )


def attention_list(user):
    """The rows of «Результаты чувствительных методик», through the one door."""
    deficits = Deficit.objects.visible_to(user, Perm.VIEW_SENSITIVE_RESULTS)
    return needing_attention(deficits).select_related(
        "person", "organization__municipality", "competence__group", "found_by"
    )


def attention_people(user):
    """People of the user's sensitive scope with an open deficit of a sensitive screening,
    each with the newest such deficit's attempt, date and organization (subqueries: one
    query whatever the number of people)."""
    deficits = needing_attention(
        Deficit.objects.visible_to(user, Perm.VIEW_SENSITIVE_RESULTS).filter(person=OuterRef("pk"))
    ).order_by("-found_on", "-pk")
    return (
        Person.objects.visible_to(user, Perm.VIEW_SENSITIVE_RESULTS)
        .filter(Exists(deficits))
        .annotate(
            attention_attempt=Subquery(deficits.values("found_by__attempt")[:1]),
            attention_on=Subquery(deficits.values("found_on")[:1]),
            attention_organization=Subquery(deficits.values("organization__short_name")[:1]),
        )
        .order_by("-attention_on", "last_name", "first_name")
    )


def attention_tasks(user, today):
    """«Скрининг: результаты, требующие внимания», for who reads sensitive results over a
    region, a municipality or an organization (not a superuser: nobody's addressee)."""
    scope = resolve_scope(user, Perm.VIEW_SENSITIVE_RESULTS)
    if not (scope.region_ids or scope.municipality_ids or scope.organization_ids):
        return None

    def to_task(person):
        detail = _("%(organization)s · выявлено %(date)s") % {
            "organization": person.attention_organization or "—",
            "date": format_date(person.attention_on),
        }
        url = reverse("diagnostics:attempt_detail", args=[person.attention_attempt])
        return Task(person.full_name, url, None, detail)

    return task_group(
        "sensitive-attention",
        _("Скрининг: результаты, требующие внимания"),
        attention_people(user),
        to_task,
        more_url=reverse("diagnostics:sensitive_list"),
    )
