from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from profrost.core.roles import Perm, Role
from profrost.staffing.models import Closure, Vacancy
from tests import factories
from tests.staffing.factories import VacancyFactory


def errors_of(vacancy):
    with pytest.raises(ValidationError) as caught:
        vacancy.full_clean()
    return caught.value.message_dict


def test_vacancy_valid_passes_full_clean(vacancy_a):
    vacancy_a.full_clean()


def test_vacancy_closed_before_opened_rejected(vacancy_a):
    vacancy_a.closed_on = vacancy_a.opened_on - timedelta(days=1)
    vacancy_a.closure = Closure.CANCELLED

    assert errors_of(vacancy_a) == {"closed_on": ["Дата закрытия раньше даты открытия."]}


def test_vacancy_closed_in_future_rejected(vacancy_a):
    vacancy_a.closed_on = timezone.localdate() + timedelta(days=1)
    vacancy_a.closure = Closure.CANCELLED

    assert errors_of(vacancy_a) == {"closed_on": ["Дата закрытия не может быть в будущем."]}


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Decimal(0), "Нагрузка должна быть больше нуля."),
        (Decimal("-2"), "Нагрузка должна быть больше нуля."),
        (Decimal("40.5"), "Нагрузка не может быть больше 40 часов в неделю."),
    ],
)
def test_vacancy_hours_out_of_range_rejected(vacancy_a, hours, message):
    vacancy_a.hours = hours

    assert errors_of(vacancy_a) == {"hours": [message]}


@pytest.mark.parametrize("hours", [Decimal("0.5"), Decimal(40)])
def test_vacancy_hours_at_the_bounds_accepted(vacancy_a, hours):
    vacancy_a.hours = hours

    vacancy_a.full_clean()


def test_vacancy_hours_checked_by_the_database(two_orgs):
    with pytest.raises(IntegrityError), transaction.atomic():
        VacancyFactory(organization=two_orgs["org_a"], hours=Decimal(41))


def test_vacancy_closed_without_closure_rejected(vacancy_a):
    vacancy_a.closed_on = date(2025, 10, 1)

    assert errors_of(vacancy_a) == {"closure": ["Укажите, как закрыта вакансия."]}


def test_vacancy_closure_without_date_rejected(vacancy_a):
    vacancy_a.closure = Closure.HIRED

    assert errors_of(vacancy_a) == {"closed_on": ["Укажите дату закрытия."]}


def test_vacancy_hired_person_needs_hired_closure(vacancy_a, two_orgs):
    vacancy_a.closed_on, vacancy_a.closure = date(2025, 10, 1), Closure.CANCELLED
    vacancy_a.hired_person = two_orgs["person_a"]

    assert errors_of(vacancy_a) == {
        "hired_person": ["Принятого работника указывают, только если вакансия закрыта приёмом."]
    }


def test_vacancy_hired_person_from_another_organization_rejected(vacancy_a, two_orgs):
    vacancy_a.closed_on, vacancy_a.closure = date(2025, 10, 1), Closure.HIRED
    vacancy_a.hired_person = two_orgs["person_b"]

    assert errors_of(vacancy_a) == {
        "hired_person": [
            "Работник не числится в этой организации: сначала добавьте ему место работы."
        ]
    }


def test_vacancy_hired_person_of_the_organization_accepted(vacancy_a, two_orgs):
    vacancy_a.closed_on, vacancy_a.closure = date(2025, 10, 1), Closure.HIRED
    vacancy_a.hired_person = two_orgs["person_a"]

    vacancy_a.full_clean()


def test_vacancy_open_on_counts_neither_future_openings_nor_the_closing_day(two_orgs):
    org = two_orgs["org_a"]
    day = date(2025, 10, 1)
    open_then = VacancyFactory(organization=org, opened_on=date(2025, 9, 1))
    closed_later = VacancyFactory(
        organization=org, closed_on=date(2025, 10, 2), closure=Closure.HIRED
    )
    VacancyFactory(organization=org, closed_on=day, closure=Closure.CANCELLED)
    VacancyFactory(organization=org, opened_on=date(2025, 10, 2))

    assert set(Vacancy.objects.open_on(day)) == {open_then, closed_later}


def test_vacancy_state_and_hours_display(vacancy_a):
    vacancy_a.hours = Decimal("4.5")

    assert (vacancy_a.state_display, vacancy_a.hours_display) == ("Открыта", "4,5")
    vacancy_a.closed_on, vacancy_a.closure = date(2025, 10, 1), Closure.CANCELLED
    assert vacancy_a.state_display == "Вакансия отменена"


# Scope


def visible(user):
    return set(Vacancy.objects.visible_to(user, Perm.VIEW_NETWORK))


def test_vacancy_scope_org_admin_sees_own_organization(org_admin_a, vacancy_a, vacancy_b):
    assert visible(org_admin_a) == {vacancy_a}


def test_vacancy_scope_municipal_methodist_sees_own_municipality(methodist_a, vacancy_a, vacancy_b):
    assert visible(methodist_a) == {vacancy_a}


def test_vacancy_scope_regional_admin_sees_region(regional_admin, vacancy_a, vacancy_b):
    assert visible(regional_admin) == {vacancy_a, vacancy_b}


def test_vacancy_scope_teacher_sees_nothing(teacher_a, vacancy_a):
    assert visible(teacher_a) == set()
    assert set(Vacancy.objects.changeable_by(teacher_a, Perm.MANAGE_VACANCIES)) == set()


def test_vacancy_scope_other_region_not_seen(region, vacancy_a):
    other = factories.user_with_role(
        Role.REGIONAL_ADMIN, factories.RegionFactory(name="Другая область")
    )

    assert visible(other) == set()
