"""Factories of the methodical asset. They write rows directly, as fixtures; the rules are tested
through `profrost.methodists.services`."""

from datetime import date

import factory

from profrost.methodists.models import Methodist, MethodistAssignment
from tests import factories


def teacher(organization, *subjects, **person):
    """A person with a current job as a teacher in the organization, teaching `subjects`."""
    fields = {f"person__{name}": value for name, value in person.items()}
    job = factories.EmploymentFactory(organization=organization, **fields)
    if subjects:
        job.subjects.set([factories.subject(name) for name in subjects])
    return job.person


class MethodistFactory(factory.django.DjangoModelFactory):
    """A municipal methodist; pass `municipality=None` and a `region` for a region-wide one."""

    class Meta:
        model = Methodist
        skip_postgeneration_save = True

    person = factory.SubFactory(factories.PersonFactory)
    municipality = factory.SubFactory(factories.MunicipalityFactory)
    region = factory.LazyAttribute(lambda o: o.municipality.region)
    included_on = date(2023, 9, 1)
    document = "Приказ ЦНППМ № 12 от 01.09.2023"

    @factory.post_generation
    def subjects(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.subjects.set([factories.subject(name) for name in extracted])


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodistAssignment

    methodist = factory.SubFactory(MethodistFactory)
    person = factory.SubFactory(factories.PersonFactory)
    starts_on = date(2024, 9, 1)


def methodist_in(organization, *subjects, **kwargs):
    """A methodist of the organization's municipality who works in that organization."""
    person = teacher(organization, last_name=kwargs.pop("last_name", "Методистова"))
    return MethodistFactory(
        person=person,
        municipality=organization.municipality,
        region=organization.municipality.region,
        subjects=list(subjects),
        **kwargs,
    )


def region_methodist(organization, *subjects, **kwargs):
    """A region-wide methodist who works in the organization."""
    person = teacher(organization, last_name=kwargs.pop("last_name", "Региональная"))
    return MethodistFactory(
        person=person,
        municipality=None,
        region=organization.municipality.region,
        subjects=list(subjects),
        **kwargs,
    )
