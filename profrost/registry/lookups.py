"""What the pickers of people and organizations share (core/lookups.py): a person is found by
any part of the name and shown with the organization and position of the current job, an
organization by its short or full name with its municipality. Each app registers its own
lookups with these decorators, beside the form that uses them."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from profrost.core import lookups

from .models import Employment

PERSON_SEARCH = ("last_name", "first_name", "middle_name")
ORGANIZATION_SEARCH = ("short_name", "name")


def with_job(people):
    """People with the organization and position of their main (else latest) current job."""
    job = (
        Employment.objects.active()
        .filter(person=OuterRef("pk"))
        .order_by("-is_main", "-start_date", "pk")
    )
    return people.annotate(
        job_organization=Subquery(job.values("organization__short_name")[:1]),
        job_position=Subquery(job.values("position__name")[:1]),
    ).order_by("last_name", "first_name", "middle_name", "pk")


def job_hint(person):
    parts = (getattr(person, "job_organization", ""), getattr(person, "job_position", ""))
    return ", ".join(part for part in parts if part)


def organization_hint(organization):
    return organization.municipality.name


def person_lookup(name, *, params=(), hint=job_hint):
    """Registers `rows(user, **params) -> people` as a person picker named `name`."""

    def decorate(rows):
        def people(user, **given):
            return with_job(rows(user, **given))

        lookups.register(
            name,
            search=PERSON_SEARCH,
            params=params,
            hint=hint,
            placeholder=_("Начните вводить фамилию"),
        )(people)
        return rows

    return decorate


def organization_lookup(name, *, params=()):
    """Registers `rows(user, **params) -> organizations` as an organization picker."""

    def decorate(rows):
        def organizations(user, **given):
            return rows(user, **given).select_related("municipality").order_by("short_name", "pk")

        lookups.register(
            name,
            search=ORGANIZATION_SEARCH,
            params=params,
            hint=organization_hint,
            placeholder=_("Начните вводить название"),
        )(organizations)
        return rows

    return decorate
