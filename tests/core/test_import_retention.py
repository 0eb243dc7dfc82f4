"""The raw file of an import is kept only while its preview waits: dropped when it is applied,
never kept for a file with errors, and dropped from a preview abandoned for 24 hours."""

from datetime import timedelta
from importlib import import_module
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from profrost.celery import app
from profrost.core.importers import confirm_import, preview_import, purge_abandoned_imports
from profrost.core.models import ImportBatch, ImportBatchStatus
from profrost.core.tasks import purge_abandoned_imports_task
from profrost.registry.importers import OrganizationImporter
from profrost.registry.models import Organization
from profrost.registry.validators import make_inn

HEADERS = "ОКТМО муниципалитета;Полное наименование;Краткое наименование;ИНН;Тип\n"
EXPIRED = "Импорт не подтверждён в течение 24 часов, и файл удалён. Загрузите его снова."


def org_file(municipality, inn=None):
    inn = inn or make_inn(550000101)
    return f"{HEADERS}{municipality.oktmo};Школа «Новая»;Новая;{inn};школа\n".encode()


@pytest.fixture
def municipality(two_orgs):
    return two_orgs["mun_a"]


def previewed(user, content, hours_ago=0):
    batch = preview_import(OrganizationImporter(user), content, "orgs.csv")
    created = timezone.now() - timedelta(hours=hours_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(created=created)
    batch.refresh_from_db()
    return batch


def test_the_file_is_kept_for_the_preview_and_dropped_once_applied(municipality, regional_admin):
    content = org_file(municipality)
    batch = previewed(regional_admin, content)
    assert (batch.status, bytes(batch.content)) == (ImportBatchStatus.PREVIEWED, content)
    batch = confirm_import(batch, OrganizationImporter(regional_admin))
    batch.refresh_from_db()
    assert (batch.status, batch.content) == (ImportBatchStatus.APPLIED, None)
    assert batch.summary["counts"]["create"] == 1


def test_a_file_with_errors_is_not_kept(municipality, regional_admin):
    batch = previewed(regional_admin, org_file(municipality, inn="1234567890"))
    assert (batch.status, batch.content) == (ImportBatchStatus.FAILED, None)
    assert batch.summary["errors"][0]["column"] == "ИНН"


def test_purge_drops_abandoned_previews_and_files_of_finished_batches(municipality, regional_admin):
    abandoned = previewed(regional_admin, org_file(municipality), hours_ago=25)
    waiting = previewed(regional_admin, org_file(municipality), hours_ago=23)
    finished = ImportBatch.objects.create(
        kind="staff", filename="old.xlsx", content=b"old", status=ImportBatchStatus.APPLIED
    )
    assert purge_abandoned_imports() == 2
    for batch in (abandoned, waiting, finished):
        batch.refresh_from_db()
    assert (abandoned.status, abandoned.content) == (ImportBatchStatus.EXPIRED, None)
    assert abandoned.summary["counts"]["create"] == 1
    assert (waiting.status, bytes(waiting.content)) == (
        ImportBatchStatus.PREVIEWED,
        org_file(municipality),
    )
    assert (finished.status, finished.content) == (ImportBatchStatus.APPLIED, None)


def test_purge_follows_the_retention_setting(municipality, regional_admin, settings):
    settings.IMPORT_PREVIEW_RETENTION_HOURS = 2
    batch = previewed(regional_admin, org_file(municipality), hours_ago=3)
    assert purge_abandoned_imports() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.EXPIRED


def test_celery_beat_runs_the_purge_task_hourly(municipality, regional_admin):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-abandoned-imports"]
    app.loader.import_default_modules()
    assert (entry["task"], entry["schedule"]) == (purge_abandoned_imports_task.name, 3600)
    assert entry["task"] in app.tasks
    previewed(regional_admin, org_file(municipality), hours_ago=25)
    assert purge_abandoned_imports_task.delay().get() == 1


def test_purge_imports_command_for_cron(municipality, regional_admin):
    previewed(regional_admin, org_file(municipality), hours_ago=25)
    out = StringIO()
    call_command("purge_imports", stdout=out)
    assert out.getvalue() == "Удалено файлов импорта: 1.\n"


@pytest.mark.parametrize("purged", [True, False])
def test_confirming_an_abandoned_preview_asks_to_upload_again(
    municipality, regional_admin, client, purged
):
    batch = previewed(regional_admin, org_file(municipality), hours_ago=25)
    if purged:
        purge_abandoned_imports()
    client.force_login(regional_admin)
    before = Organization.objects.count()
    page = client.post(reverse("registry:import_confirm", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    assert EXPIRED in page.content.decode()
    assert "Не подтверждён вовремя, файл удалён" in page.content.decode()
    assert (batch.status, batch.content) == (ImportBatchStatus.EXPIRED, None)
    assert Organization.objects.count() == before


def test_the_migration_cuts_old_summaries_to_what_a_batch_now_keeps():
    migration = import_module("profrost.core.migrations.0006_import_file_retention")
    old = {
        "total": 600,
        "counts": {"errors": 600},
        "rows": {"create": [{"row": n} for n in range(600)]},
        "errors": [{"row": n, "value": "ж" * 300} for n in range(600)],
        "notes": ["заметка"] * 600,
    }
    summary = migration._trimmed(old)
    assert (len(summary["rows"]["create"]), len(summary["errors"]), len(summary["notes"])) == (
        500,
        500,
        500,
    )
    assert summary["errors"][0]["value"] == "ж" * 199 + "…"
    assert migration._trimmed({}) == {}
