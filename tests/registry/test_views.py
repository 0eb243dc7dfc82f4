from datetime import date, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.registry.models import AttestationCategory, Employment, Organization, Person
from tests import factories


def person_form(organization, **overrides):
    data = {
        "last_name": "Сидорова",
        "first_name": "Анна",
        "middle_name": "Петровна",
        "birth_date": "12.03.1995",
        "snils": "112-233-445 95",
        "email": "sidorova@example.org",
        "phone": "",
        "career_start": "01.09.2018",
        "organization": organization.pk,
        "position": factories.position().pk,
        "subjects": [factories.subject().pk],
        "is_main": "on",
        "start_date": "01.09.2018",
    }
    data.update(overrides)
    return data


def test_person_create_with_first_employment(client, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    response = client.post("/registry/people/new/", person_form(two_orgs["org_a"]))
    person = Person.objects.get(last_name="Сидорова")
    assert response.status_code == 302
    assert response["Location"] == f"/registry/people/{person.pk}/"
    assert person.snils == "11223344595"
    job = person.employments.get()
    assert (job.organization, job.start_date) == (two_orgs["org_a"], date(2018, 9, 1))
    assert list(job.subjects.values_list("name", flat=True)) == ["Математика"]
    assert AuditEntry.objects.filter(action="registry.person.created").count() == 1


def test_person_create_in_another_organization_is_refused(client, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    response = client.post("/registry/people/new/", person_form(two_orgs["org_b"]))
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Person.objects.filter(last_name="Сидорова").exists()


def test_person_create_with_bad_snils_and_date_shows_russian_errors(client, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    data = person_form(two_orgs["org_a"], snils="112-233-445 96", birth_date="31.02.1990")
    response = client.post("/registry/people/new/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "СНИЛС 112-233-445 96 не проходит проверку контрольного числа." in content
    assert "Введите дату в формате дд.мм.гггг." in content
    assert not Person.objects.filter(last_name="Сидорова").exists()


def test_person_create_with_a_placeholder_snils_or_a_1900_birth_date_is_refused(
    client, two_orgs, org_admin_a
):
    client.force_login(org_admin_a)
    data = person_form(two_orgs["org_a"], snils="000-000-000 00", birth_date="01.01.1900")
    content = client.post("/registry/people/new/", data).content.decode()
    assert "СНИЛС 000-000-000 00 — условный номер, такие номера не выдаются." in content
    assert "Дата рождения раньше 01.01.1930: проверьте год." in content
    assert not Person.objects.filter(last_name="Сидорова").exists()


def test_person_create_with_duplicate_snils_is_refused(client, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    snils = two_orgs["person_b"].snils
    response = client.post("/registry/people/new/", person_form(two_orgs["org_a"], snils=snils))
    assert "Работник с таким СНИЛС уже есть в реестре." in response.content.decode()


def test_person_create_by_a_teacher_is_forbidden(client, two_orgs):
    teacher = factories.teacher_user(two_orgs["person_a"])
    client.force_login(teacher)
    assert client.get("/registry/people/new/").status_code == 403


def test_teacher_sees_only_own_record(client, two_orgs):
    colleague = factories.EmploymentFactory(
        organization=two_orgs["org_a"], person__last_name="Коллегова"
    ).person
    teacher = factories.teacher_user(two_orgs["person_a"])
    client.force_login(teacher)
    assert client.get(f"/registry/people/{two_orgs['person_a'].pk}/").status_code == 200
    assert client.get(f"/registry/people/{colleague.pk}/").status_code == 404
    assert client.get(f"/registry/people/{two_orgs['person_a'].pk}/edit/").status_code == 403
    content = client.get("/registry/people/").content.decode()
    assert "Альфина" in content
    assert "Коллегова" not in content


def test_person_detail_view_is_logged(client, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    client.get(f"/registry/people/{two_orgs['person_a'].pk}/")
    entry = AuditEntry.objects.get(action="registry.person.viewed")
    assert (entry.actor, entry.object_id) == (org_admin_a, str(two_orgs["person_a"].pk))


def test_organization_edit_by_org_admin_keeps_inn_and_flags(client, two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    client.force_login(org_admin_a)
    data = {
        "municipality": two_orgs["mun_b"].pk,
        "name": "Новое полное имя",
        "short_name": "Школа А",
        "inn": "7707083893",
        "kind": org.kind,
        "low_results": "on",
        "is_active": "on",
    }
    response = client.post(f"/registry/organizations/{org.pk}/edit/", data)
    org.refresh_from_db()
    assert response.status_code == 302
    assert org.name == "Новое полное имя"
    assert (org.municipality, org.low_results) == (two_orgs["mun_a"], False)
    assert org.inn != "7707083893"


def test_organization_create_with_bad_inn_is_refused(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    data = {
        "municipality": two_orgs["mun_a"].pk,
        "name": "Гимназия",
        "short_name": "Гимназия № 1",
        "inn": "7707083894",
        "kind": "school",
        "is_active": "on",
    }
    response = client.post("/registry/organizations/new/", data)
    assert "ИНН 7707083894 не проходит проверку контрольного числа." in response.content.decode()
    assert not Organization.objects.filter(short_name="Гимназия № 1").exists()


def test_organization_delete_with_staff_is_refused_with_a_message(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    org = two_orgs["org_a"]
    response = client.post(f"/registry/organizations/{org.pk}/delete/", follow=True)
    assert Organization.objects.filter(pk=org.pk).exists()
    assert "нельзя удалить" in response.content.decode()


def test_organization_delete_asks_for_confirmation(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    org = factories.OrganizationFactory(municipality=two_orgs["mun_a"])
    page = client.get(f"/registry/organizations/{org.pk}/delete/")
    assert "Да, удалить" in page.content.decode()
    assert Organization.objects.filter(pk=org.pk).exists()
    client.post(f"/registry/organizations/{org.pk}/delete/")
    assert not Organization.objects.filter(pk=org.pk).exists()


def test_person_list_search_ignores_yo(client, two_orgs, regional_admin):
    factories.EmploymentFactory(organization=two_orgs["org_a"], person__last_name="Семёнова")
    client.force_login(regional_admin)
    content = client.get("/registry/people/?q=семенова").content.decode()
    assert "Семёнова" in content
    assert "Альфина" not in content


def test_person_list_filters_young_specialists(client, two_orgs, regional_admin):
    young = factories.EmploymentFactory(
        organization=two_orgs["org_a"],
        person__last_name="Молодцова",
        person__birth_date=date(2001, 1, 1),
        person__career_start=date(2024, 9, 1),
    ).person
    client.force_login(regional_admin)
    content = client.get("/registry/people/?young=true").content.decode()
    assert young.last_name in content
    assert "Альфина" not in content
    assert "Найдено: 1 запись" in content


def test_person_list_export_is_xlsx_with_real_dates(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    org_id = two_orgs["org_a"].pk
    response = client.get(f"/registry/people/?export=xlsx&organization={org_id}")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("ФИО", "Дата рождения", "Организация")
    assert len(rows) == 2
    assert rows[1][0] == two_orgs["person_a"].full_name
    assert rows[1][1].date() == two_orgs["person_a"].birth_date


@pytest.mark.parametrize("url", ["/registry/people/", "/registry/organizations/"])
def test_list_query_count_does_not_grow_with_rows(
    client, two_orgs, regional_admin, django_assert_max_num_queries, url
):
    client.force_login(regional_admin)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        factories.EmploymentFactory(organization=two_orgs["org_a"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_attestation_due_lists_expiring_compliance(client, two_orgs, regional_admin):
    today = timezone.localdate()
    person = factories.EmploymentFactory(organization=two_orgs["org_a"]).person
    factories.AttestationFactory(
        person=person,
        category=AttestationCategory.COMPLIANCE,
        decision_date=today.replace(year=today.year - 5) + timedelta(days=30),
    )
    client.force_login(regional_admin)
    content = client.get("/registry/attestation/due/?months=3").content.decode()
    assert person.full_name in content
    assert two_orgs["person_a"].full_name not in content  # the first category has no end


def test_attestation_due_ignores_an_expired_term_replaced_by_a_later_decision(
    client, two_orgs, regional_admin
):
    person = two_orgs["person_a"]
    factories.AttestationFactory(
        person=person, category=AttestationCategory.COMPLIANCE, decision_date=date(2019, 1, 10)
    )
    client.force_login(regional_admin)
    content = client.get("/registry/attestation/due/").content.decode()
    assert person.full_name not in content


def test_employment_end_date_before_start_is_refused(client, two_orgs, org_admin_a):
    job = Employment.objects.get(person=two_orgs["person_a"])
    client.force_login(org_admin_a)
    data = {
        "organization": job.organization_id,
        "position": job.position_id,
        "is_main": "on",
        "start_date": "01.09.2020",
        "end_date": "01.09.2019",
    }
    response = client.post(f"/registry/employments/{job.pk}/edit/", data)
    assert "Дата окончания раньше даты начала." in response.content.decode()


def test_municipal_methodist_cannot_edit_another_municipality(client, two_orgs):
    user = factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"])
    client.force_login(user)
    org_b = two_orgs["org_b"]
    assert client.get(f"/registry/organizations/{org_b.pk}/edit/").status_code == 404
    assert client.get(f"/registry/organizations/{two_orgs['org_a'].pk}/edit/").status_code == 200


def test_employment_delete_of_the_only_job_is_refused(client, two_orgs, org_admin_a):
    job = Employment.objects.get(person=two_orgs["person_a"])
    client.force_login(org_admin_a)
    response = client.post(f"/registry/employments/{job.pk}/delete/", follow=True)
    assert Employment.objects.filter(pk=job.pk).exists()
    assert "Нельзя удалить единственное место работы" in response.content.decode()


def test_employment_delete_of_a_second_job_works(client, two_orgs, org_admin_a):
    second = factories.EmploymentFactory(
        person=two_orgs["person_a"], organization=two_orgs["org_a"], is_main=False
    )
    client.force_login(org_admin_a)
    client.post(f"/registry/employments/{second.pk}/delete/")
    assert not Employment.objects.filter(pk=second.pk).exists()
    assert AuditEntry.objects.filter(action="registry.employment.deleted").count() == 1


def test_person_create_with_the_ФИО_and_birth_date_of_someone_in_the_registry_asks_first(
    client, two_orgs, org_admin_a
):
    # The same person typed in again by hand, with no СНИЛС to catch it, in another school.
    existing = factories.EmploymentFactory(
        organization=two_orgs["org_b"],
        person__last_name="Сидорова",
        person__first_name="Анна",
        person__middle_name="Петровна",
        person__birth_date=date(1995, 3, 12),
    ).person
    client.force_login(org_admin_a)
    data = person_form(two_orgs["org_a"], snils="", last_name="сидорова")

    response = client.post("/registry/people/new/", data)

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        "Работник Сидорова Анна Петровна, 12.03.1995 г. р., уже есть в реестре в другой "
        "организации. Если это тот же человек, загрузите его в файле сотрудников"
    ) in content
    assert 'type="checkbox" name="namesake"' in content
    assert list(Person.objects.filter(birth_date=date(1995, 3, 12))) == [existing]

    response = client.post("/registry/people/new/", {**data, "namesake": "on"})

    assert response.status_code == 302
    assert Person.objects.filter(birth_date=date(1995, 3, 12)).count() == 2
