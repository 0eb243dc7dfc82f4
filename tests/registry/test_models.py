from datetime import date

import pytest
from django.core.exceptions import ValidationError

from profrost.registry.models import (
    Attestation,
    AttestationCategory,
    Person,
    attestation_valid_until,
)
from tests import factories

TODAY = date(2026, 11, 23)


def test_young_specialist_under_35_in_first_three_years_is_young():
    person = Person(birth_date=date(2000, 1, 1), career_start=date(2024, 9, 1))
    assert person.is_young_specialist(TODAY)


def test_young_specialist_under_35_with_long_career_is_not_young():
    # Seed 003 6.2.6: under 35 and in the first three years of work, both conditions.
    person = Person(birth_date=date(1992, 1, 1), career_start=date(2015, 9, 1))
    assert not person.is_young_specialist(TODAY)


def test_young_specialist_over_35_in_first_three_years_is_not_young():
    person = Person(birth_date=date(1980, 1, 1), career_start=date(2024, 9, 1))
    assert not person.is_young_specialist(TODAY)


def test_young_specialist_over_35_with_long_career_is_not_young():
    person = Person(birth_date=date(1980, 1, 1), career_start=date(2005, 9, 1))
    assert not person.is_young_specialist(TODAY)


def test_young_specialist_without_a_career_start_is_not_young():
    person = Person(birth_date=date(2000, 1, 1), career_start=None)
    assert not person.is_young_specialist(TODAY)


def test_young_specialist_turns_35_on_the_birthday():
    person = Person(birth_date=date(1991, 11, 23), career_start=date(2025, 9, 1))
    assert person.age(TODAY) == 35
    assert not person.is_young_specialist(TODAY)
    assert person.is_young_specialist(date(2026, 11, 22))


def test_young_specialists_queryset_matches_property(db):
    young = factories.PersonFactory(birth_date=date(2000, 1, 1), career_start=date(2024, 9, 1))
    factories.PersonFactory(birth_date=date(1975, 1, 1), career_start=date(2025, 9, 1))
    factories.PersonFactory(birth_date=date(2000, 1, 1), career_start=date(2020, 9, 1))
    factories.PersonFactory(birth_date=date(1975, 1, 1), career_start=date(2000, 9, 1))
    found = set(Person.objects.young_specialists(TODAY))
    assert found == {young}
    assert {p for p in Person.objects.all() if p.is_young_specialist(TODAY)} == found


@pytest.mark.parametrize(
    ("category", "decided", "expected"),
    [
        (AttestationCategory.COMPLIANCE, date(2024, 2, 29), date(2029, 2, 28)),
        (AttestationCategory.FIRST, date(2024, 3, 1), None),
        (AttestationCategory.HIGHEST, date(2023, 9, 1), None),
        (AttestationCategory.HIGHEST, date(2022, 5, 10), date(2027, 5, 10)),
        (AttestationCategory.METHODIST, date(2025, 1, 15), None),
    ],
)
def test_attestation_valid_until_follows_the_order_of_2023(category, decided, expected):
    assert attestation_valid_until(category, decided) == expected


def test_attestation_save_stores_valid_until(db):
    attestation = factories.AttestationFactory(
        category=AttestationCategory.COMPLIANCE, decision_date=date(2022, 4, 1)
    )
    attestation.refresh_from_db()
    assert attestation.valid_until == date(2027, 4, 1)


def test_attestation_methodist_needs_the_highest_category(db):
    person = factories.PersonFactory()
    factories.AttestationFactory(person=person, category=AttestationCategory.FIRST)
    attestation = Attestation(
        person=person, category=AttestationCategory.METHODIST, decision_date=date(2025, 1, 10)
    )
    with pytest.raises(ValidationError) as error:
        attestation.full_clean()
    assert error.value.message_dict["category"] == [
        "Категория «Педагог-методист» устанавливается только работнику, имеющему действующую "
        "высшую квалификационную категорию."
    ]


def test_attestation_mentor_with_the_highest_category_is_accepted(db):
    person = factories.PersonFactory()
    factories.AttestationFactory(
        person=person, category=AttestationCategory.HIGHEST, decision_date=date(2024, 1, 10)
    )
    attestation = Attestation(
        person=person, category=AttestationCategory.MENTOR, decision_date=date(2025, 1, 10)
    )
    attestation.full_clean()


def test_attestation_mentor_with_an_expired_highest_category_is_refused(db):
    person = factories.PersonFactory()
    factories.AttestationFactory(
        person=person, category=AttestationCategory.HIGHEST, decision_date=date(2018, 1, 10)
    )
    attestation = Attestation(
        person=person, category=AttestationCategory.MENTOR, decision_date=date(2025, 1, 10)
    )
    with pytest.raises(ValidationError):
        attestation.full_clean()


def test_person_birth_date_in_the_future_is_refused(db):
    person = factories.PersonFactory.build(birth_date=date(2100, 1, 1), snils=None)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error.value.message_dict["birth_date"] == ["Дата рождения не может быть в будущем."]
