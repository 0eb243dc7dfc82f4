"""Printing forms for many people reads each person's text in a fixed number of queries."""

import pytest

from profrost.consents import documents, selectors
from profrost.consents.models import ConsentText
from profrost.registry.models import Person
from tests import factories


def text(region, version):
    return ConsentText.objects.create(
        region=region,
        version=version,
        title=f"Согласие {version}",
        operator="ЦНППМ",
        purposes="Учёт",
        body="Текст",
    )


@pytest.fixture
def people(db):
    north = factories.RegionFactory(name="Северная область")
    south = factories.RegionFactory(name="Южная область")
    bare = factories.RegionFactory(name="Область без текста")
    text(north, 1)
    text(north, 2)
    text(south, 1)
    made = []
    for region in (north, south, bare):
        organization = factories.OrganizationFactory(municipality__region=region)
        made += [factories.EmploymentFactory(organization=organization).person for _ in range(5)]
    # A person who moved: the current job decides, as region_of does.
    mover = made[0]
    factories.EmploymentFactory(
        person=mover, organization=factories.OrganizationFactory(municipality__region=south)
    )
    return Person.objects.filter(pk__in=[person.pk for person in made])


def test_texts_of_many_people_agree_with_one_by_one(people):
    texts = selectors.texts_of(list(people))
    for person in people:
        assert texts.get(person.pk) == selectors.current_text(selectors.region_of(person))
    assert len(texts) == 10


def test_forms_for_many_people_take_a_fixed_number_of_queries(
    people, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        _content, printed = documents.consent_forms(people)
    assert printed == 10
