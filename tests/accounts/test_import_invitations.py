"""The staff import's option to invite the people it creates: off by default, offered only to
those who manage accounts, letters only to new people with an e-mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from profrost.core.models import AuditEntry, ImportBatch, ImportBatchStatus
from profrost.core.roles import ROLE_PERMS, Perm, Role
from profrost.registry.importers import StaffImporter
from profrost.registry.models import Person
from tests import factories
from tests.registry.test_import import STAFF_HEADERS, good_org_file, staff_row, upload, xlsx

OPTION = "Пригласить новых работников с e-mail"


@pytest.fixture
def known(two_orgs):
    """A teacher of Школа А already in the registry, with an e-mail."""
    person = two_orgs["person_a"]
    person.email = "alfina@school-a.ru"
    person.save()
    return person


def roster(org, known):
    """Two new people with an e-mail, one new without, and the known teacher again."""
    return xlsx(
        STAFF_HEADERS,
        [
            staff_row(org.inn, "Новикова", email="novikova@school-a.ru"),
            staff_row(org.inn, "Новиков", "Олег", "Ильич", email="novikov@school-a.ru"),
            staff_row(org.inn, "Безадресная", "Ольга"),
            staff_row(
                org.inn,
                known.last_name,
                known.first_name,
                known.middle_name,
                birth=known.birth_date.strftime("%d.%m.%Y"),
                position="Педагог-психолог",
            ),
        ],
    )


def uploaded(client, two_orgs, known):
    upload(client, "staff", roster(two_orgs["org_a"], known), "staff.xlsx")
    return ImportBatch.objects.get()


def confirm(client, batch, capture, **data):
    with capture(execute=True):
        return client.post(reverse("registry:import_confirm", args=[batch.pk]), data, follow=True)


def accounts_of(*last_names):
    return sorted(
        factories.User.objects.filter(person__last_name__in=last_names).values_list(
            "email", flat=True
        )
    )


def test_preview_offers_the_invitation_unticked_to_a_school_admin(
    client, two_orgs, org_admin_a, known
):
    client.force_login(org_admin_a)
    batch = uploaded(client, two_orgs, known)

    page = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()

    assert OPTION in page
    checkbox = re.search(r'<input[^>]*name="option-invite"[^>]*>', page).group(0)
    assert "checked" not in checkbox


def test_import_without_the_option_invites_nobody(
    client, two_orgs, org_admin_a, known, django_capture_on_commit_callbacks
):
    client.force_login(org_admin_a)
    batch = uploaded(client, two_orgs, known)

    page = confirm(client, batch, django_capture_on_commit_callbacks).content.decode()

    assert Person.objects.filter(last_name__startswith="Нов").count() == 2
    assert accounts_of("Новикова", "Новиков", "Безадресная", known.last_name) == []
    assert mail.outbox == []
    assert "приглашени" not in page
    assert "confirm" not in ImportBatch.objects.get().answers


def test_import_with_the_option_invites_the_new_people_with_an_e_mail(
    client, two_orgs, org_admin_a, known, django_capture_on_commit_callbacks
):
    client.force_login(org_admin_a)
    batch = uploaded(client, two_orgs, known)

    page = confirm(
        client, batch, django_capture_on_commit_callbacks, **{"option-invite": "1"}
    ).content.decode()

    assert accounts_of("Новикова", "Новиков", "Безадресная", known.last_name) == [
        "novikov@school-a.ru",
        "novikova@school-a.ru",
    ]
    assert sorted(letter.to[0] for letter in mail.outbox) == [
        "novikov@school-a.ru",
        "novikova@school-a.ru",
    ]
    assert "/accounts/invitation/" in mail.outbox[0].body
    result = (
        "Новым работникам отправлено 2 приглашения. "
        "Без приглашения: нет адреса электронной почты — 1 человек."
    )
    assert f"Импорт выполнен: создано 4 записи, обновлено 0 записей. {result}" in page
    assert f"<li>{result}</li>" in page
    assert AuditEntry.objects.filter(action="accounts.invitation.sent").count() == 2
    assert ImportBatch.objects.get().answers["confirm"] == {
        "invite": True,
        "base_url": "http://testserver/",
    }


def test_a_forged_option_from_a_user_who_does_not_manage_accounts_is_ignored(
    client, two_orgs, known, monkeypatch, django_capture_on_commit_callbacks
):
    # Every role that imports staff manages accounts today: this administrator is given a
    # matrix where it does not.
    perms = ROLE_PERMS[Role.ORGANIZATION_ADMIN] - {Perm.MANAGE_ACCOUNTS}
    monkeypatch.setitem(ROLE_PERMS, Role.ORGANIZATION_ADMIN, perms)
    client.force_login(factories.user_with_role(Role.ORGANIZATION_ADMIN, two_orgs["org_a"]))
    batch = uploaded(client, two_orgs, known)
    preview = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()

    confirm(client, batch, django_capture_on_commit_callbacks, **{"option-invite": "1"})

    assert "Подтвердить импорт" in preview
    assert OPTION not in preview
    assert ImportBatch.objects.get().status == ImportBatchStatus.APPLIED
    assert accounts_of("Новикова", "Новиков") == []
    assert mail.outbox == []


def test_the_organization_import_offers_no_invitation(client, two_orgs, regional_admin):
    client.force_login(regional_admin)
    content = good_org_file(two_orgs["mun_a"], two_orgs["mun_b"])
    upload(client, "organizations", content, "orgs.xlsx")
    batch = ImportBatch.objects.get()

    page = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()

    assert "Подтвердить импорт" in page
    assert OPTION not in page


def test_a_large_import_keeps_the_option_for_its_background_job(
    settings, client, two_orgs, org_admin_a, known, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_SIZE = 100
    client.force_login(org_admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        batch = uploaded(client, two_orgs, known)

    confirm(client, batch, django_capture_on_commit_callbacks, **{"option-invite": "1"})

    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.APPLIED
    assert batch.summary["results"] == [
        "Новым работникам отправлено 2 приглашения. "
        "Без приглашения: нет адреса электронной почты — 1 человек."
    ]
    assert len(mail.outbox) == 2


def test_the_importer_alone_invites_nobody(two_orgs, org_admin_a, known):
    plan = StaffImporter(org_admin_a).apply(roster(two_orgs["org_a"], known), "staff.xlsx")

    assert plan.ok
    assert plan.results == []
    assert accounts_of("Новикова", "Новиков") == []
