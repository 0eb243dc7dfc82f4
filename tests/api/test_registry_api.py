from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from profrost.registry import models
from profrost.registry.validators import make_inn
from tests import factories

PASSWORD = "secret-pass-123"
VALID_SNILS = "123-456-700 39"


def client_for(user):
    client = APIClient()
    client.force_login(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def municipal_methodist(municipality):
    return factories.user_with_role(Role.MUNICIPAL_METHODIST, municipality)


def new_person_payload(organization, **overrides):
    payload = {
        "last_name": "Новикова",
        "first_name": "Анна",
        "middle_name": "Сергеевна",
        "birth_date": "1995-04-12",
        "snils": VALID_SNILS,
        "employment": {
            "organization": organization.pk,
            "position": factories.position().pk,
            "subjects": [factories.subject().pk],
            "start_date": "2024-09-01",
        },
    }
    return {**payload, **overrides}


def objects_of(two_orgs, key):
    """The person, employment, attestation or organization of organization A or B."""
    org, person = two_orgs[f"org_{key}"], two_orgs[f"person_{key}"]
    return {
        "organization": org,
        "person": person,
        "employment": person.employments.get(),
        "attestation": person.attestations.get(),
    }


# Authentication


def test_token_obtained_with_password_authenticates_requests(org_admin_a, two_orgs):
    response = APIClient().post(
        "/api/token/", {"username": org_admin_a.username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")

    assert ids(client.get("/api/people/")) == [two_orgs["person_a"].pk]


def test_token_wrong_password_rejected(org_admin_a):
    response = APIClient().post(
        "/api/token/", {"username": org_admin_a.username, "password": "wrong"}, format="json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/api/people/", "/api/organizations/", "/api/me/"])
def test_api_unauthenticated_forbidden(db, url):
    assert APIClient().get(url).status_code == 403


def test_api_bad_token_forbidden(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert client.get("/api/people/").status_code == 403


def test_me_returns_user_with_roles(org_admin_a, two_orgs):
    data = client_for(org_admin_a).get("/api/me/").json()

    assert data["username"] == org_admin_a.username
    assert [(role["role"], role["organization"]) for role in data["roles"]] == [
        (Role.ORGANIZATION_ADMIN.value, two_orgs["org_a"].pk)
    ]
    assert data["roles"][0]["level"] == "organization"
    assert "registry.manage_staff" in data["permissions"]
    assert "registry.manage_organizations" not in data["permissions"]


# Scoping of reads


def test_org_admin_lists_only_own_organization(org_admin_a, two_orgs):
    client = client_for(org_admin_a)
    own = objects_of(two_orgs, "a")

    assert ids(client.get("/api/organizations/")) == [own["organization"].pk]
    assert ids(client.get("/api/people/")) == [own["person"].pk]
    assert ids(client.get("/api/employments/")) == [own["employment"].pk]
    assert ids(client.get("/api/attestations/")) == [own["attestation"].pk]
    assert ids(client.get("/api/municipalities/")) == [two_orgs["mun_a"].pk]


@pytest.mark.parametrize("kind", ["person", "employment", "attestation", "organization"])
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_org_admin_other_organization_objects_not_found(org_admin_a, two_orgs, kind, method):
    obj = objects_of(two_orgs, "b")[kind]
    url = f"/api/{'people' if kind == 'person' else kind + 's'}/{obj.pk}/"

    response = getattr(client_for(org_admin_a), method)(url, {}, format="json")

    assert response.status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_teacher_sees_only_own_person_record(two_orgs):
    teacher = factories.teacher_user(two_orgs["person_a"])
    client = client_for(teacher)

    assert ids(client.get("/api/people/")) == [two_orgs["person_a"].pk]
    assert client.get(f"/api/people/{two_orgs['person_b'].pk}/").status_code == 404


def test_teacher_cannot_change_own_person_record(two_orgs):
    person = two_orgs["person_a"]
    client = client_for(factories.teacher_user(person))

    response = client.patch(f"/api/people/{person.pk}/", {"phone": "+7 900"}, format="json")

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.phone == ""


def test_regional_admin_sees_both_organizations(regional_admin, two_orgs):
    client = client_for(regional_admin)

    assert ids(client.get("/api/people/")) == sorted(
        [two_orgs["person_a"].pk, two_orgs["person_b"].pk]
    )
    assert ids(client.get("/api/organizations/")) == sorted(
        [two_orgs["org_a"].pk, two_orgs["org_b"].pk]
    )


def test_person_filter_outside_scope_rejected(org_admin_a, two_orgs):
    response = client_for(org_admin_a).get("/api/people/", {"organization": two_orgs["org_b"].pk})

    assert response.status_code == 400
    assert list(response.json()) == ["organization"]


def test_people_search_and_page_size(regional_admin, two_orgs):
    client = client_for(regional_admin)

    assert ids(client.get("/api/people/", {"search": "Бетова"})) == [two_orgs["person_b"].pk]
    page = client.get("/api/people/", {"page_size": 1, "ordering": "last_name"}).json()
    assert (page["count"], [row["id"] for row in page["results"]]) == (
        2,
        [two_orgs["person_a"].pk],
    )


def test_person_detail_shows_derived_fields_and_current_employments(org_admin_a, two_orgs):
    person = two_orgs["person_a"]
    employment = person.employments.get()
    employment.subjects.set([factories.subject()])

    data = client_for(org_admin_a).get(f"/api/people/{person.pk}/").json()

    assert data["snils"] == person.snils
    assert data["snils_display"] == person.snils_display
    assert (data["age"], data["is_young_specialist"]) == (person.age(), False)
    assert data["employments"] == [
        {
            "id": employment.pk,
            "organization": {"id": two_orgs["org_a"].pk, "short_name": "Школа А"},
            "position": "Учитель",
            "subjects": ["Математика"],
            "is_main": True,
            "start_date": "2015-09-01",
            "end_date": None,
        }
    ]


def test_person_detail_hides_employments_outside_scope(org_admin_a, two_orgs):
    person = two_orgs["person_a"]
    factories.EmploymentFactory(person=person, organization=two_orgs["org_b"], is_main=False)

    data = client_for(org_admin_a).get(f"/api/people/{person.pk}/").json()

    assert [row["organization"]["id"] for row in data["employments"]] == [two_orgs["org_a"].pk]


def test_people_list_queries_do_not_grow_with_rows(org_admin_a, two_orgs):
    client = client_for(org_admin_a)
    with CaptureQueriesContext(connection) as one:
        assert len(ids(client.get("/api/people/"))) == 1

    for _ in range(4):
        employment = factories.EmploymentFactory(organization=two_orgs["org_a"])
        employment.subjects.set([factories.subject(), factories.subject("Физика")])
        factories.AttestationFactory(person=employment.person)
    with CaptureQueriesContext(connection) as five:
        assert len(ids(client.get("/api/people/"))) == 5

    assert len(five) == len(one)


# Writes: people, employments, attestations


def test_person_created_with_employment(org_admin_a, two_orgs):
    client = client_for(org_admin_a)

    response = client.post("/api/people/", new_person_payload(two_orgs["org_a"]), format="json")

    assert response.status_code == 201, response.content
    person = models.Person.objects.get(last_name="Новикова")
    employment = person.employments.get()
    assert (person.snils, employment.organization, list(employment.subjects.all())) == (
        "12345670039",
        two_orgs["org_a"],
        [factories.subject()],
    )
    data = response.json()
    assert (data["id"], data["snils"], data["snils_display"]) == (
        person.pk,
        "12345670039",
        VALID_SNILS,
    )
    assert [row["organization"]["id"] for row in data["employments"]] == [two_orgs["org_a"].pk]
    assert AuditEntry.objects.filter(
        action="registry.person.created", object_id=str(person.pk), actor=org_admin_a
    ).exists()


def test_person_create_with_bad_snils_writes_nothing(org_admin_a, two_orgs):
    client = client_for(org_admin_a)
    payload = new_person_payload(two_orgs["org_a"], snils="123-456-789 00")

    response = client.post("/api/people/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "snils": ["СНИЛС 123-456-789 00 не проходит проверку контрольного числа."]
    }
    assert models.Person.objects.count() == 2
    assert models.Employment.objects.count() == 2


def test_person_create_of_a_namesake_is_refused_until_confirmed(org_admin_a, two_orgs):
    existing = two_orgs["person_a"]
    payload = new_person_payload(
        two_orgs["org_a"],
        last_name=existing.last_name,
        first_name=existing.first_name,
        middle_name=existing.middle_name,
        birth_date=existing.birth_date.isoformat(),
    )
    client = client_for(org_admin_a)

    refused = client.post("/api/people/", payload, format="json")
    confirmed = client.post("/api/people/", {**payload, "namesake": True}, format="json")

    assert refused.status_code == 400
    assert list(refused.json()) == ["namesake"]
    assert "уже есть в реестре" in refused.json()["namesake"][0]
    assert confirmed.status_code == 201
    assert models.Person.objects.filter(last_name=existing.last_name).count() == 2


def test_person_create_without_employment_rejected(org_admin_a, two_orgs):
    payload = new_person_payload(two_orgs["org_a"])
    del payload["employment"]

    response = client_for(org_admin_a).post("/api/people/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["employment"]
    assert models.Person.objects.count() == 2


def test_person_create_in_other_organization_rejected(org_admin_a, two_orgs):
    payload = new_person_payload(two_orgs["org_b"])

    response = client_for(org_admin_a).post("/api/people/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()["employment"]) == ["organization"]
    assert models.Person.objects.count() == 2


def test_person_create_with_future_birth_date_gets_model_message(org_admin_a, two_orgs):
    payload = new_person_payload(two_orgs["org_a"], birth_date="2999-01-01")

    response = client_for(org_admin_a).post("/api/people/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"birth_date": ["Дата рождения не может быть в будущем."]}


def test_person_update_with_duplicate_snils_rejected(org_admin_a, two_orgs):
    person = two_orgs["person_a"]
    other = factories.EmploymentFactory(organization=two_orgs["org_a"]).person

    response = client_for(org_admin_a).patch(
        f"/api/people/{person.pk}/", {"snils": other.snils_display}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["snils"]


def test_person_update_audited(org_admin_a, two_orgs):
    person = two_orgs["person_a"]

    response = client_for(org_admin_a).patch(
        f"/api/people/{person.pk}/", {"phone": "+7 900 000-00-00", "snils": ""}, format="json"
    )

    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.phone, person.snils) == ("+7 900 000-00-00", None)
    entry = AuditEntry.objects.get(action="registry.person.updated")
    assert (entry.actor, entry.object_id, entry.data) == (
        org_admin_a,
        str(person.pk),
        {"fields": ["phone", "snils"]},
    )
    assert person.history.first().history_user == org_admin_a


def test_municipal_methodist_cannot_create_employment_in_other_municipality(two_orgs):
    client = client_for(municipal_methodist(two_orgs["mun_a"]))
    payload = {
        "person": two_orgs["person_a"].pk,
        "organization": two_orgs["org_b"].pk,
        "position": factories.position().pk,
        "start_date": "2024-09-01",
    }

    response = client.post("/api/employments/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["organization"]
    assert two_orgs["person_a"].employments.count() == 1


def test_municipal_methodist_creates_employment_in_own_municipality(two_orgs):
    second_school = factories.OrganizationFactory(municipality=two_orgs["mun_a"])
    client = client_for(municipal_methodist(two_orgs["mun_a"]))
    payload = {
        "person": two_orgs["person_a"].pk,
        "organization": second_school.pk,
        "position": factories.position().pk,
        "is_main": False,
        "start_date": "2024-09-01",
    }

    response = client.post("/api/employments/", payload, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["organization_name"] == second_school.short_name
    assert AuditEntry.objects.filter(action="registry.employment.created").count() == 1


def test_employment_end_before_start_rejected(org_admin_a, two_orgs):
    employment = two_orgs["person_a"].employments.get()

    response = client_for(org_admin_a).patch(
        f"/api/employments/{employment.pk}/", {"end_date": "2010-01-01"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"end_date": ["Дата окончания раньше даты начала."]}


def test_attestation_valid_until_computed(org_admin_a, two_orgs):
    payload = {
        "person": two_orgs["person_a"].pk,
        "category": models.AttestationCategory.COMPLIANCE,
        "decision_date": "2024-02-10",
    }

    response = client_for(org_admin_a).post("/api/attestations/", payload, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["valid_until"] == "2029-02-10"


def test_attestation_methodist_needs_highest_category(org_admin_a, two_orgs):
    payload = {
        "person": two_orgs["person_a"].pk,
        "category": models.AttestationCategory.METHODIST,
        "decision_date": "2024-06-10",
    }

    response = client_for(org_admin_a).post("/api/attestations/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "category": [
            "Категория «Педагог-методист» устанавливается только работнику, "
            "имеющему действующую высшую квалификационную категорию."
        ]
    }


def test_attestation_for_person_outside_scope_rejected(org_admin_a, two_orgs):
    payload = {
        "person": two_orgs["person_b"].pk,
        "category": models.AttestationCategory.FIRST,
        "decision_date": "2024-06-10",
    }

    response = client_for(org_admin_a).post("/api/attestations/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["person"]
    assert two_orgs["person_b"].attestations.count() == 1


def test_person_deleted_by_org_admin(org_admin_a, two_orgs):
    person = two_orgs["person_a"]

    response = client_for(org_admin_a).delete(f"/api/people/{person.pk}/")

    assert response.status_code == 204
    assert not models.Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(
        action="registry.person.deleted", object_id=str(person.pk)
    ).exists()


# Writes: organizations, municipalities, regions


def test_org_admin_edits_own_organization_contacts(org_admin_a, two_orgs):
    org = two_orgs["org_a"]

    response = client_for(org_admin_a).patch(
        f"/api/organizations/{org.pk}/", {"phone": "+7 800 100-00-00"}, format="json"
    )

    assert response.status_code == 200, response.content
    org.refresh_from_db()
    assert org.phone == "+7 800 100-00-00"
    assert AuditEntry.objects.filter(action="registry.organization.updated").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "status"),
    [
        ("inn", make_inn(777000111), 403),
        ("low_results", True, 403),
        ("unfavourable_conditions", True, 403),
        # Moving is refused earlier: other municipalities are not among the choices.
        ("municipality", "mun_b", 400),
    ],
)
def test_org_admin_cannot_change_restricted_organization_fields(
    org_admin_a, two_orgs, field, value, status
):
    org = two_orgs["org_a"]
    if field == "municipality":
        value = two_orgs[value].pk

    response = client_for(org_admin_a).patch(
        f"/api/organizations/{org.pk}/", {field: value}, format="json"
    )

    assert response.status_code == status
    unchanged = models.Organization.objects.get(pk=org.pk)
    assert (unchanged.inn, unchanged.low_results, unchanged.municipality) == (
        org.inn,
        False,
        two_orgs["mun_a"],
    )


def test_org_admin_may_resend_restricted_fields_unchanged(org_admin_a, two_orgs):
    org = two_orgs["org_a"]
    payload = {"municipality": org.municipality_id, "inn": org.inn, "phone": "112"}

    response = client_for(org_admin_a).patch(
        f"/api/organizations/{org.pk}/", payload, format="json"
    )

    assert response.status_code == 200, response.content


def test_org_admin_cannot_delete_own_organization(org_admin_a, two_orgs):
    response = client_for(org_admin_a).delete(f"/api/organizations/{two_orgs['org_a'].pk}/")

    assert response.status_code == 403
    assert models.Organization.objects.filter(pk=two_orgs["org_a"].pk).exists()


def test_organization_with_staff_not_deleted(regional_admin, two_orgs):
    response = client_for(regional_admin).delete(f"/api/organizations/{two_orgs['org_a'].pk}/")

    assert response.status_code == 409
    assert models.Organization.objects.filter(pk=two_orgs["org_a"].pk).exists()


def organization_payload(municipality, **overrides):
    return {
        "municipality": municipality.pk,
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 7»",
        "short_name": "МБОУ «Лицей № 7»",
        "inn": make_inn(500100732),
        "kind": models.OrganizationKind.SCHOOL,
        **overrides,
    }


def test_municipal_methodist_creates_organization_in_own_municipality(two_orgs):
    client = client_for(municipal_methodist(two_orgs["mun_a"]))
    payload = organization_payload(two_orgs["mun_a"], inn="500-100-732 9")

    response = client.post("/api/organizations/", payload, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["inn"], response.json()["staff_count"]) == ("5001007329", 0)
    assert AuditEntry.objects.filter(action="registry.organization.created").count() == 1


def test_municipal_methodist_cannot_create_organization_in_other_municipality(two_orgs):
    client = client_for(municipal_methodist(two_orgs["mun_a"]))

    response = client.post(
        "/api/organizations/", organization_payload(two_orgs["mun_b"]), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["municipality"]


def test_org_admin_cannot_create_organization(org_admin_a, two_orgs):
    response = client_for(org_admin_a).post(
        "/api/organizations/", organization_payload(two_orgs["mun_a"]), format="json"
    )

    assert response.status_code == 403


def test_organization_bad_inn_gets_model_message(regional_admin, two_orgs):
    payload = organization_payload(two_orgs["mun_a"], inn="5001007320")

    response = client_for(regional_admin).post("/api/organizations/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"inn": ["ИНН 5001007320 не проходит проверку контрольного числа."]}


def test_organization_duplicate_inn_gets_model_message(regional_admin, two_orgs):
    payload = organization_payload(two_orgs["mun_a"], inn=two_orgs["org_b"].inn)

    response = client_for(regional_admin).post("/api/organizations/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {"inn": ["Организация с таким ИНН уже существует."]}


def test_regional_admin_creates_municipality(regional_admin, region):
    payload = {"region": region.pk, "name": "Новый округ", "oktmo": "12 345 678"}

    response = client_for(regional_admin).post("/api/municipalities/", payload, format="json")

    assert response.status_code == 201, response.content
    assert models.Municipality.objects.get(name="Новый округ").oktmo == "12345678"


def test_municipal_methodist_cannot_write_municipalities(two_orgs):
    client = client_for(municipal_methodist(two_orgs["mun_a"]))
    mun = two_orgs["mun_a"]

    created = client.post(
        "/api/municipalities/",
        {"region": mun.region_id, "name": "Новый округ", "oktmo": "12345678"},
        format="json",
    )
    renamed = client.patch(f"/api/municipalities/{mun.pk}/", {"name": "Иной"}, format="json")

    assert (created.status_code, renamed.status_code) == (403, 403)


def test_regional_admin_edits_but_does_not_create_regions(regional_admin, region):
    client = client_for(regional_admin)

    renamed = client.patch(f"/api/regions/{region.pk}/", {"code": "77"}, format="json")
    created = client.post("/api/regions/", {"name": "Другая область"}, format="json")

    assert (renamed.status_code, created.status_code) == (200, 403)


def test_reference_lists_readable_not_writable(org_admin_a):
    client = client_for(org_admin_a)

    positions = client.get("/api/positions/", {"page_size": 500}).json()
    created = client.post("/api/subjects/", {"name": "Новый"}, format="json")

    assert positions["count"] == models.Position.objects.count()
    assert created.status_code == 405


def test_employment_list_filtered_by_active(regional_admin, two_orgs):
    finished = factories.EmploymentFactory(
        organization=two_orgs["org_a"], start_date=date(2010, 1, 1), end_date=date(2012, 1, 1)
    )
    response = client_for(regional_admin).get("/api/employments/", {"active": "false"})

    assert ids(response) == [finished.pk]
