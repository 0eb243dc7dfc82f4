"""Large imports run as background jobs: the request stores the file, the job checks and
writes it, and the preview page polls the job meanwhile."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from profrost.core.importers import purge_abandoned_imports
from profrost.core.models import ImportBatch, ImportBatchStatus, Job, JobStatus
from profrost.diagnostics.importers import IMPORTERS as RESULTS
from profrost.programs.importers import ProgramImporter
from profrost.registry.importers import IMPORTERS as REGISTRY
from profrost.registry.importers import StaffImporter
from profrost.registry.models import Person
from tests.registry.test_import import good_staff_file, upload


@pytest.fixture
def large(settings):
    """Every test file counts as large."""
    settings.IMPORT_BACKGROUND_SIZE = 100


class BrokenImporter(StaffImporter):
    def plan_row(self, row):
        raise RuntimeError("boom")


def upload_staff(client, two_orgs, capture):
    with capture(execute=True):
        response = upload(client, "staff", good_staff_file(two_orgs["org_a"]), "staff.xlsx")
        batch = ImportBatch.objects.get()
        # Queued on commit: the request answered before the job ran.
        assert (batch.status, batch.job.status) == (ImportBatchStatus.CHECKING, JobStatus.QUEUED)
    batch.refresh_from_db()
    return response, batch


def test_large_upload_is_checked_by_a_job(
    large, two_orgs, org_admin_a, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin_a)
    response, batch = upload_staff(client, two_orgs, django_capture_on_commit_callbacks)
    preview_url = reverse("registry:import_preview", args=[batch.pk])
    assert response.status_code == 302
    assert response["Location"] == preview_url
    assert batch.status == ImportBatchStatus.PREVIEWED
    assert batch.summary["counts"]["create"] == 3
    assert batch.content is not None
    job = batch.job
    assert (job.status, job.progress, job.result_url, job.user) == (
        JobStatus.DONE,
        100,
        preview_url,
        org_admin_a,
    )
    assert job.kind == "core.import.staff"
    page = client.get(preview_url).content.decode()
    assert "Подтвердить импорт" in page
    assert "hx-trigger" not in page


def test_large_confirm_is_written_by_a_job(
    large, two_orgs, org_admin_a, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin_a)
    _response, batch = upload_staff(client, two_orgs, django_capture_on_commit_callbacks)
    people = Person.objects.count()
    confirm_url = reverse("registry:import_confirm", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_url)
        assert ImportBatch.objects.get().status == ImportBatchStatus.APPLYING
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.APPLIED
    assert batch.content is None
    assert Person.objects.count() == people + 2
    assert (batch.job.title, batch.job.status) == ("Запись файла «staff.xlsx»", JobStatus.DONE)
    assert Job.objects.count() == 2


def test_small_upload_is_still_checked_inline(two_orgs, org_admin_a, client):
    client.force_login(org_admin_a)
    upload(client, "staff", good_staff_file(two_orgs["org_a"]), "staff.xlsx")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.job) == (ImportBatchStatus.PREVIEWED, None)
    assert not Job.objects.exists()


def test_failing_job_marks_the_batch_failed_and_keeps_no_file(
    large, settings, two_orgs, org_admin_a, client, django_capture_on_commit_callbacks
):
    settings.IMPORTERS = {**settings.IMPORTERS, "staff": f"{__name__}.BrokenImporter"}
    client.force_login(org_admin_a)
    _response, batch = upload_staff(client, two_orgs, django_capture_on_commit_callbacks)
    assert (batch.status, batch.content) == (ImportBatchStatus.FAILED, None)
    assert batch.summary["failure"].startswith("Обработка файла прервалась")
    assert batch.job.status == JobStatus.FAILED
    assert batch.job.message == batch.summary["failure"]
    page = client.get(reverse("registry:import_preview", args=[batch.pk])).content.decode()
    assert "Обработка файла прервалась из-за внутренней ошибки" in page
    assert "Подтвердить импорт" not in page


def test_unreadable_large_file_fails_with_the_reason(
    large, org_admin_a, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, "staff", b"not a workbook" * 20, "staff.xlsx")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.content) == (ImportBatchStatus.FAILED, None)
    assert batch.summary["failure"] == batch.job.message
    assert batch.job.status == JobStatus.FAILED


def checking_batch(user):
    job = Job.objects.create(kind="core.import.staff", title="Проверка файла «s.xlsx»", user=user)
    return ImportBatch.objects.create(
        kind="staff",
        user=user,
        filename="s.xlsx",
        content=b"x",
        status=ImportBatchStatus.CHECKING,
        job=job,
    )


def test_page_of_a_batch_being_checked_polls_the_progress(org_admin_a, client):
    batch = checking_batch(org_admin_a)
    client.force_login(org_admin_a)
    url = reverse("registry:import_preview", args=[batch.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{reverse("job_status", args=[batch.job.pk])}"' in page
    assert f'hx-get="{url}"' in page
    assert 'role="progressbar"' in page
    assert "Проверяется" in page
    assert "Подтвердить импорт" not in page


def test_batch_being_checked_is_not_confirmed_nor_purged(org_admin_a, client):
    batch = checking_batch(org_admin_a)
    client.force_login(org_admin_a)
    response = client.post(reverse("registry:import_confirm", args=[batch.pk]), follow=True)
    assert "Файл ещё обрабатывается" in response.content.decode()
    assert purge_abandoned_imports() == 0
    batch.refresh_from_db()
    assert (batch.status, bytes(batch.content)) == (ImportBatchStatus.CHECKING, b"x")


def test_batch_whose_job_never_ended_loses_its_file_after_the_retention(org_admin_a):
    batch = checking_batch(org_admin_a)
    day_ago = timezone.now() - timedelta(hours=25)
    ImportBatch.objects.filter(pk=batch.pk).update(created=day_ago)

    assert purge_abandoned_imports() == 1
    batch.refresh_from_db()
    batch.job.refresh_from_db()
    assert (batch.status, batch.content) == (ImportBatchStatus.FAILED, None)
    assert "не завершилась" in batch.summary["failure"]
    assert batch.job.status == JobStatus.FAILED


def test_every_importer_is_named_in_the_settings_under_its_kind(settings):
    classes = {**REGISTRY, **RESULTS, ProgramImporter.kind: ProgramImporter}
    named = {kind: import_string(path) for kind, path in settings.IMPORTERS.items()}
    assert named == classes
    assert all(cls.preview_url_name for cls in named.values())


def test_planning_reports_the_progress_of_its_rows(two_orgs, org_admin_a):
    importer = StaffImporter(org_admin_a)
    reported = []
    importer.on_progress = lambda done, total: reported.append((done, total))
    importer.plan(good_staff_file(two_orgs["org_a"]), "staff.xlsx")
    assert reported == [(0, 3)]
