"""Retention (docs/personal-data.md, «Сроки хранения»): dismissed staff anonymised past the term
and not before, import batches stripped of the rows of their files, old audit entries deleted;
a dry run changes nothing, a second run does nothing."""

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings as project_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from profrost import settings as settings_module
from profrost.consents import retention
from profrost.consents.models import Consent, ConsentMethod, ConsentText, Erasure
from profrost.consents.retention import apply_retention
from profrost.consents.tasks import apply_retention_task
from profrost.core.models import AuditEntry, ImportBatch, ImportBatchStatus, RoleAssignment
from profrost.core.roles import Role
from profrost.registry.models import Attestation, Employment, Person
from tests import factories

TERM = 1095


@pytest.fixture(autouse=True)
def terms(settings, tmp_path):
    settings.RETENTION_DISMISSED_STAFF_DAYS = TERM
    settings.RETENTION_IMPORT_FILES_DAYS = 90
    settings.RETENTION_AUDIT_DAYS = TERM
    settings.MEDIA_ROOT = tmp_path


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def dismissed(org, ended_days_ago, last_name="Уволенная", **person):
    person = factories.PersonFactory(
        last_name=last_name,
        birth_date=date(1980, 5, 17),
        email="ushla@example.ru",
        phone="+7 900 000-00-00",
        career_start=date(2003, 9, 1),
        **person,
    )
    end = days_ago(ended_days_ago)
    factories.EmploymentFactory(
        person=person, organization=org, start_date=end - timedelta(days=700), end_date=end
    )
    factories.AttestationFactory(person=person)
    return person


def run(**kwargs):
    return {outcome.key: outcome.count for outcome in apply_retention(**kwargs)}


def test_a_person_is_anonymised_past_the_term_and_not_a_day_before(two_orgs):
    past = dismissed(two_orgs["org_a"], TERM + 1)
    on_the_day = dismissed(two_orgs["org_a"], TERM)

    assert run()["dismissed"] == 1

    past.refresh_from_db()
    assert (past.full_name, past.snils, past.email, past.phone) == (
        f"Работник № {past.pk} (данные удалены)",
        None,
        "",
        "",
    )
    assert (past.birth_date, past.career_start) == (date(1980, 1, 1), date(2003, 1, 1))
    assert Erasure.objects.get().person == past
    on_the_day.refresh_from_db()
    assert on_the_day.last_name == "Уволенная"
    # The records stay: the counts of past years and the legally required ones keep the person.
    assert Employment.objects.filter(person=past).count() == 1
    assert Attestation.objects.filter(person=past).count() == 1


def test_people_who_work_or_never_had_a_job_are_untouched(two_orgs):
    again = dismissed(two_orgs["org_a"], TERM + 100)
    factories.EmploymentFactory(person=again, organization=two_orgs["org_b"], end_date=None)
    never = factories.PersonFactory(last_name="Безработная")
    methodist = dismissed(two_orgs["org_a"], TERM + 100)
    factories.user_with_role(Role.MUNICIPAL_METHODIST, two_orgs["mun_a"], person=methodist)
    superuser = dismissed(two_orgs["org_a"], TERM + 100)
    factories.UserFactory(person=superuser, is_superuser=True)
    switched_off = dismissed(two_orgs["org_a"], TERM + 100, last_name="Отключённая")
    factories.user_with_role(
        Role.MUNICIPAL_METHODIST, two_orgs["mun_a"], person=switched_off, is_active=False
    )

    # An account switched off keeps nobody.
    assert run()["dismissed"] == 1
    assert Erasure.objects.get().person == switched_off
    assert set(Person.objects.values_list("last_name", flat=True)) == {
        "Альфина",
        "Бетова",
        "Уволенная",
        "Безработная",
        "Работник",
    }
    assert not Erasure.objects.filter(person__in=[again, never, methodist, superuser]).exists()


def test_the_history_tables_lose_the_persons_rows(two_orgs):
    person = dismissed(two_orgs["org_a"], TERM + 1)
    person.phone = "+7 911 111-11-11"
    person.save()
    history = Person.history.model.objects
    assert history.filter(id=person.pk).count() == 2

    run()

    assert history.filter(id=person.pk).count() == 0
    assert Employment.history.model.objects.filter(person_id=person.pk).count() == 0
    assert Attestation.history.model.objects.filter(person_id=person.pk).count() == 0
    kept = two_orgs["person_a"]
    assert history.filter(id=kept.pk).count() == 1


def test_consent_scans_are_deleted_and_the_consents_kept(
    two_orgs, region, django_capture_on_commit_callbacks
):
    person = dismissed(two_orgs["org_a"], TERM + 1)
    text = ConsentText.objects.create(
        region=region, version=1, title="Согласие", operator="ЦНППМ", purposes="Учёт", body="Текст"
    )
    consent = Consent(
        person=person, text=text, method=ConsentMethod.PAPER, given_on=date(2020, 1, 9)
    )
    consent.scan.save("скан.pdf", ContentFile(b"%PDF-1.4 signed"))
    path = Path(consent.scan.path)
    assert path.exists()

    with django_capture_on_commit_callbacks(execute=True):
        run()

    consent.refresh_from_db()
    assert (consent.scan.name, consent.given_on) == ("", date(2020, 1, 9))
    assert not path.exists()


def test_the_account_is_switched_off_and_stripped(two_orgs):
    person = dismissed(two_orgs["org_a"], TERM + 1)
    user = factories.teacher_user(person)
    user.email, user.last_name = "ushla@example.ru", "Уволенная"
    user.save()
    Token.objects.create(user=user)
    AuditEntry.objects.create(
        action="registry.person.viewed",
        object_type="registry.person",
        object_id=str(person.pk),
        object_repr="Уволенная Анна",
    )

    run()

    user.refresh_from_db()
    assert (user.is_active, user.username, user.email, user.last_name) == (
        False,
        f"deleted-{user.pk}",
        "",
        "",
    )
    assert not user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not Token.objects.filter(user=user).exists()
    viewed = AuditEntry.objects.get(action="registry.person.viewed")
    assert viewed.object_repr == f"Работник № {person.pk} (данные удалены)"


def old_batch(user, days, summary):
    batch = ImportBatch.objects.create(
        kind="organizations",
        user=user,
        filename="школы.csv",
        status=ImportBatchStatus.FAILED,
        summary=summary,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created=timezone.now() - timedelta(days=days))
    return batch


SUMMARY = {
    "total": 2,
    "counts": {"create": 0, "errors": 1},
    "errors": [{"row": 2, "column": "СНИЛС", "value": "112-233-445 95", "reason": "Неверный"}],
    "rows": {"create": [{"name": "Иванова Анна"}]},
}


def test_import_batches_lose_the_rows_of_their_files_and_the_page_says_so(regional_admin, client):
    old = old_batch(regional_admin, 91, SUMMARY)
    recent = old_batch(regional_admin, 89, SUMMARY)

    assert run()["imports"] == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    today = timezone.localdate()
    assert old.summary == {**{k: SUMMARY[k] for k in ("total", "counts")}, "purged_on": str(today)}
    assert recent.summary == SUMMARY
    client.force_login(regional_admin)
    page = client.get(reverse("registry:import_preview", args=[old.pk])).content.decode()
    assert f"Файл удалён по сроку хранения {today:%d.%m.%Y}" in page
    assert "112-233-445 95" not in page
    assert (
        "Файл удалён по сроку"
        not in client.get(reverse("registry:import_preview", args=[recent.pk])).content.decode()
    )


def entry(days):
    row = AuditEntry.objects.create(action="registry.person.viewed")
    AuditEntry.objects.filter(pk=row.pk).update(created=timezone.now() - timedelta(days=days))
    return row


def test_old_audit_entries_are_deleted_and_newer_kept(db):
    old, kept = entry(TERM + 1), entry(TERM - 1)

    assert run()["audit"] == 1

    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    applied = AuditEntry.objects.get(action="consents.retention.applied")
    assert applied.data == {"dismissed": 0, "imports": 0, "audit": 1}


def login_record(model, days, **fields):
    row = model.objects.create(
        user_agent="Firefox", ip_address="10.0.0.7", username="ushla", http_accept="*/*", **fields
    )
    model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - timedelta(days=days))
    return row


def test_old_records_of_logins_go_by_the_audit_term(db):
    old = [login_record(AccessLog, TERM + 1), login_record(AccessFailureLog, TERM + 1)]
    kept = login_record(AccessLog, TERM - 1)

    assert run()["audit"] == 2

    assert not AccessFailureLog.objects.exists()
    assert list(AccessLog.objects.all()) == [kept]
    assert old[0].pk != kept.pk


def test_a_dry_run_changes_nothing(two_orgs, regional_admin):
    person = dismissed(two_orgs["org_a"], TERM + 1)
    batch = old_batch(regional_admin, 91, SUMMARY)
    entry(TERM + 1)
    entries = AuditEntry.objects.count()

    assert run(dry_run=True) == {"dismissed": 1, "imports": 1, "audit": 1}

    person.refresh_from_db()
    batch.refresh_from_db()
    assert (person.last_name, batch.summary, AuditEntry.objects.count()) == (
        "Уволенная",
        SUMMARY,
        entries,
    )
    assert not Erasure.objects.exists()


def test_a_second_run_does_nothing(two_orgs, regional_admin):
    dismissed(two_orgs["org_a"], TERM + 1)
    old_batch(regional_admin, 91, SUMMARY)
    entry(TERM + 1)
    assert run() == {"dismissed": 1, "imports": 1, "audit": 1}

    assert run() == {"dismissed": 0, "imports": 0, "audit": 0}
    assert Erasure.objects.count() == 1


def test_a_term_of_zero_keeps_for_ever(two_orgs, settings):
    settings.RETENTION_DISMISSED_STAFF_DAYS = 0
    settings.RETENTION_AUDIT_DAYS = 0
    person = dismissed(two_orgs["org_a"], 10 * TERM)
    entry(10 * TERM)

    assert run() == {"dismissed": 0, "imports": 0, "audit": 0}
    person.refresh_from_db()
    assert person.last_name == "Уволенная"


def test_the_command_says_what_it_would_do_and_did(two_orgs, settings):
    settings.RETENTION_IMPORT_FILES_DAYS = 0
    dismissed(two_orgs["org_a"], TERM + 1)
    before = f"{timezone.localdate() - timedelta(days=TERM):%d.%m.%Y}"

    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        "Пробный прогон: ничего не изменено.",
        f"Уволенные работники (срок — 1095 дн., работа окончена раньше {before}): "
        "будет обезличено — 1.",
        "Строки файлов импорта: хранятся бессрочно (RETENTION_IMPORT_FILES_DAYS = 0).",
        f"Журнал действий (срок — 1095 дн., сделаны раньше {before}): будет удалено записей — 0.",
    ]
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        f"Уволенные работники (срок — 1095 дн., работа окончена раньше {before}): обезличено — 1."
    )


def test_a_wrong_term_is_refused_with_a_clear_message(db, settings):
    settings.RETENTION_AUDIT_DAYS = -5
    with pytest.raises(CommandError) as error:
        call_command("apply_retention", stdout=StringIO())
    assert str(error.value) == (
        "RETENTION_AUDIT_DAYS: срок хранения указывается целым числом дней "
        "(0 — хранить бессрочно), а задано «-5»."
    )
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("value", "days"), [("", 1095), (" 30 ", 30), ("0", 0)])
def test_settings_read_a_term_from_the_environment(monkeypatch, value, days):
    monkeypatch.setenv("RETENTION_AUDIT_DAYS", value)
    assert settings_module.env_days("RETENTION_AUDIT_DAYS", 1095) == days


@pytest.mark.parametrize("value", ["-1", "три года", "1.5"])
def test_settings_refuse_a_wrong_term_at_start_up(monkeypatch, value):
    monkeypatch.setenv("RETENTION_AUDIT_DAYS", value)
    with pytest.raises(ImproperlyConfigured, match="целым числом дней"):
        settings_module.env_days("RETENTION_AUDIT_DAYS", 1095)


def test_the_daily_task_is_scheduled_and_applies_the_terms(two_orgs):
    schedule = project_settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert schedule["task"] == "profrost.consents.tasks.apply_retention_task"
    dismissed(two_orgs["org_a"], TERM + 1)

    assert apply_retention_task.delay().get() == {"dismissed": 1, "imports": 0, "audit": 0}


def queries_to_erase(org, people):
    for _number in range(people):
        factories.teacher_user(dismissed(org, TERM + 1))
    with CaptureQueriesContext(connection) as queries:
        assert run()["dismissed"] == people
    return len(queries)


def test_the_queries_do_not_grow_with_the_people(two_orgs):
    assert queries_to_erase(two_orgs["org_a"], 3) == queries_to_erase(two_orgs["org_a"], 1)


def test_every_kind_goes_through_all_its_chunks(two_orgs, regional_admin, monkeypatch):
    monkeypatch.setattr(retention, "CHUNK", 2)
    monkeypatch.setattr(retention, "AUDIT_CHUNK", 2)
    people = [dismissed(two_orgs["org_a"], TERM + 1) for _number in range(5)]
    for _number in range(5):
        old_batch(regional_admin, 91, SUMMARY)
        entry(TERM + 1)

    assert run() == {"dismissed": 5, "imports": 5, "audit": 5}
    assert sorted(Person.objects.filter(erasure__isnull=False).values_list("pk", flat=True)) == [
        person.pk for person in people
    ]
