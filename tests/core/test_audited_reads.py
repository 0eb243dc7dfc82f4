"""Reads of personal data leave a trace (152-ФЗ): the API's person and result reads, a page of
the staff list, another person's diagnostic results; refusals of rows that exist; the journal
filtered by person, actor, action and date."""

import pytest

from profrost.core.models import AuditEntry
from profrost.core.roles import Role
from tests import factories


def actions(user=None):
    rows = AuditEntry.objects.all() if user is None else AuditEntry.objects.filter(actor=user)
    return list(rows.order_by("pk").values_list("action", flat=True))


def test_api_person_read_by_id_and_a_page_of_the_list_write_one_line_each(
    client, two_orgs, org_admin_a
):
    factories.EmploymentFactory.create_batch(3, organization=two_orgs["org_a"])
    client.force_login(org_admin_a)

    assert client.get(f"/api/people/{two_orgs['person_a'].pk}/").status_code == 200
    assert client.get("/api/people/").status_code == 200

    assert actions(org_admin_a) == ["registry.person.viewed", "registry.person.listed"]
    listed = AuditEntry.objects.get(action="registry.person.listed")
    assert len(listed.data["ids"]) == 4
    assert listed.data["via"] == "api"


def test_staff_list_page_writes_one_line_with_the_ids_shown(client, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    client.get("/registry/people/")

    entry = AuditEntry.objects.get(action="registry.person.listed")
    assert entry.data["ids"] == [two_orgs["person_a"].pk]


def test_refusal_of_a_row_that_exists_is_audited_a_missing_one_is_not(
    client, two_orgs, org_admin_a
):
    client.force_login(org_admin_a)
    person_b = two_orgs["person_b"]

    assert client.get(f"/registry/people/{person_b.pk}/").status_code == 404
    assert client.get(f"/api/people/{person_b.pk}/").status_code == 404
    assert client.get("/registry/people/999999/").status_code == 404

    refused = AuditEntry.objects.filter(action="core.access.refused")
    assert refused.count() == 2
    assert set(refused.values_list("object_id", flat=True)) == {str(person_b.pk)}
    assert refused.first().actor == org_admin_a


def test_forbidden_page_is_audited(client, two_orgs):
    teacher = factories.teacher_user(two_orgs["person_a"])
    client.force_login(teacher)

    assert client.get("/registry/import/").status_code == 403

    entry = AuditEntry.objects.get(action="core.access.forbidden")
    assert entry.data["path"] == "/registry/import/"
    assert entry.actor == teacher


@pytest.fixture
def journal(client, regional_admin, two_orgs, org_admin_a):
    client.force_login(org_admin_a)
    client.get(f"/registry/people/{two_orgs['person_a'].pk}/")
    client.get("/registry/people/")
    client.force_login(regional_admin)
    return client


# The list table labels its cells for phones (data-label), so only the cell's end is matched.
VIEWED = ">Открыта карточка работника</td>"
LISTED = ">Просмотрен список работников</td>"


def test_journal_filters_by_person_actor_action_and_date(journal, two_orgs, org_admin_a):
    person = two_orgs["person_a"]

    by_person = journal.get(f"/audit/?person={person.pk}").content.decode()
    assert VIEWED in by_person
    assert LISTED not in by_person

    by_action = journal.get("/audit/?action=registry.person.listed").content.decode()
    assert LISTED in by_action
    assert VIEWED not in by_action

    by_actor = journal.get(f"/audit/?actor={org_admin_a.username}").content.decode()
    assert VIEWED in by_actor
    assert LISTED in by_actor

    assert VIEWED not in journal.get("/audit/?date_to=01.01.2020").content.decode()
    bad = journal.get("/audit/?date_from=32.13.2026")
    assert bad.status_code == 200
    assert "дд.мм.гггг" in bad.content.decode()


def test_person_card_links_the_journal_for_its_readers_only(client, two_orgs, org_admin_a):
    person = two_orgs["person_a"]
    client.force_login(org_admin_a)
    assert (
        f"/audit/?person={person.pk}"
        not in client.get(f"/registry/people/{person.pk}/").content.decode()
    )

    client.force_login(
        factories.user_with_role(
            Role.REGIONAL_ADMIN, person.employments.get().organization.municipality.region
        )
    )
    assert (
        f"/audit/?person={person.pk}"
        in client.get(f"/registry/people/{person.pk}/").content.decode()
    )


def test_another_persons_diagnostic_results_opened_are_audited_ones_own_are_not(
    client, region, two_orgs, org_admin_a
):
    person = two_orgs["person_a"]
    attempt = factories.AttemptFactory(person=person, campaign__region=region, status="submitted")
    teacher = factories.teacher_user(person)

    client.force_login(teacher)
    assert client.get(f"/diagnostics/attempts/{attempt.pk}/").status_code == 200
    client.force_login(org_admin_a)
    assert client.get(f"/diagnostics/attempts/{attempt.pk}/").status_code == 200

    viewed = AuditEntry.objects.filter(action="diagnostics.attempt.viewed")
    assert list(viewed.values_list("actor", flat=True)) == [org_admin_a.pk]
    assert viewed.get().data["person"] == person.pk
