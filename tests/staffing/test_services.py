from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from profrost.core.models import AuditEntry
from profrost.staffing import services
from profrost.staffing.models import Closure, Vacancy
from tests import factories


def entry(action):
    return AuditEntry.objects.get(action=action)


def test_create_vacancy_audited(org_admin_a, two_orgs):
    vacancy = services.create_vacancy(
        by=org_admin_a,
        organization=two_orgs["org_a"],
        position=factories.position(),
        subject=factories.subject("Физика"),
        hours=Decimal(18),
        opened_on=date(2025, 9, 1),
    )

    assert (vacancy.is_open, str(vacancy)) == (True, "Учитель (Физика), Школа А")
    logged = entry("staffing.vacancy.created")
    assert (logged.actor, logged.object_id) == (org_admin_a, str(vacancy.pk))


def test_create_vacancy_invalid_writes_nothing(org_admin_a, two_orgs):
    with pytest.raises(ValidationError) as caught:
        services.create_vacancy(
            by=org_admin_a,
            organization=two_orgs["org_a"],
            position=factories.position(),
            hours=Decimal(0),
            opened_on=date(2025, 9, 1),
        )

    assert caught.value.message_dict == {"hours": ["Нагрузка должна быть больше нуля."]}
    assert (Vacancy.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_update_vacancy_audits_changed_fields(org_admin_a, vacancy_a):
    services.update_vacancy(vacancy_a, by=org_admin_a, hours=Decimal(9), notes="Полставки")

    vacancy_a.refresh_from_db()
    assert (vacancy_a.hours, vacancy_a.notes) == (Decimal(9), "Полставки")
    assert entry("staffing.vacancy.updated").data == {"fields": ["hours", "notes"]}


def test_update_vacancy_closing_fields_refused(org_admin_a, vacancy_a):
    with pytest.raises(ValueError, match="not editable here"):
        services.update_vacancy(vacancy_a, by=org_admin_a, closure=Closure.HIRED)


def test_close_vacancy_hired_with_person(org_admin_a, vacancy_a, two_orgs):
    services.close_vacancy(
        vacancy_a,
        by=org_admin_a,
        closed_on=date(2025, 10, 15),
        closure=Closure.HIRED,
        hired_person=two_orgs["person_a"],
    )

    vacancy_a.refresh_from_db()
    assert (vacancy_a.closed_on, vacancy_a.closure, vacancy_a.hired_person) == (
        date(2025, 10, 15),
        Closure.HIRED,
        two_orgs["person_a"],
    )
    assert entry("staffing.vacancy.closed").data == {
        "closure": "hired",
        "closed_on": "2025-10-15",
    }


def test_close_vacancy_cancelled_drops_person(org_admin_a, vacancy_a, two_orgs):
    services.close_vacancy(
        vacancy_a,
        by=org_admin_a,
        closed_on=date(2025, 10, 15),
        closure=Closure.CANCELLED,
        hired_person=two_orgs["person_a"],
    )

    vacancy_a.refresh_from_db()
    assert (vacancy_a.closure, vacancy_a.hired_person) == (Closure.CANCELLED, None)


def test_close_vacancy_already_closed_rejected(org_admin_a, vacancy_a):
    services.close_vacancy(
        vacancy_a, by=org_admin_a, closed_on=date(2025, 10, 1), closure=Closure.CANCELLED
    )

    with pytest.raises(ValidationError) as caught:
        services.close_vacancy(
            vacancy_a, by=org_admin_a, closed_on=date(2025, 11, 1), closure=Closure.HIRED
        )

    assert caught.value.messages == ["Вакансия уже закрыта."]
    vacancy_a.refresh_from_db()
    assert vacancy_a.closed_on == date(2025, 10, 1)


def test_close_vacancy_before_opening_rejected(org_admin_a, vacancy_a):
    with pytest.raises(ValidationError) as caught:
        services.close_vacancy(
            vacancy_a, by=org_admin_a, closed_on=date(2025, 8, 1), closure=Closure.CANCELLED
        )

    assert caught.value.message_dict == {"closed_on": ["Дата закрытия раньше даты открытия."]}
    assert Vacancy.objects.get(pk=vacancy_a.pk).is_open


def test_reopen_vacancy_clears_closing(org_admin_a, vacancy_a, two_orgs):
    services.close_vacancy(
        vacancy_a,
        by=org_admin_a,
        closed_on=date(2025, 10, 1),
        closure=Closure.HIRED,
        hired_person=two_orgs["person_a"],
    )

    services.reopen_vacancy(vacancy_a, by=org_admin_a)

    vacancy_a.refresh_from_db()
    assert (vacancy_a.closed_on, vacancy_a.closure, vacancy_a.hired_person) == (None, "", None)
    assert entry("staffing.vacancy.reopened").object_id == str(vacancy_a.pk)


def test_reopen_open_vacancy_rejected(org_admin_a, vacancy_a):
    with pytest.raises(ValidationError) as caught:
        services.reopen_vacancy(vacancy_a, by=org_admin_a)

    assert caught.value.messages == ["Вакансия и так открыта."]


def test_delete_vacancy_audited(org_admin_a, vacancy_a):
    pk = vacancy_a.pk

    services.delete_vacancy(vacancy_a, by=org_admin_a)

    assert not Vacancy.objects.filter(pk=pk).exists()
    assert entry("staffing.vacancy.deleted").object_id == str(pk)
