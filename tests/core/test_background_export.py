"""A list export over EXPORT_BACKGROUND_ROWS rows is written by a background job: the page
polls the job, then links the file, which only the user who asked may download, for a day."""

from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from profrost.core import exports
from profrost.core.exporters import XLSX_CONTENT_TYPE
from profrost.core.models import AuditEntry, Job, JobStatus
from profrost.core.roles import Role
from tests import factories

PEOPLE = "/registry/people/?export=xlsx"


@pytest.fixture
def large(settings, tmp_path):
    """Every list of more than two rows counts as large; files go to a folder of the test."""
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.EXPORT_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def staff(two_orgs):
    """Four people in «Школа А», one in «Школа Б»."""
    for name in ("Гаммова", "Дельтова", "Эпсилонова"):
        factories.EmploymentFactory(organization=two_orgs["org_a"], person__last_name=name)
    return two_orgs


def export(client, capture, url=PEOPLE):
    with capture(execute=True):
        response = client.get(url)
        # Queued on commit: the request answered before the job ran.
        assert Job.objects.get().status == JobStatus.QUEUED
    return response, Job.objects.get()


def downloaded_names(response):
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_large_export_is_written_by_a_job_and_downloaded_by_its_owner(
    large, staff, regional_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(regional_admin)
    response, job = export(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("job_status", args=[job.pk])
    assert (job.kind, job.status, job.user, job.title) == (
        "core.export",
        JobStatus.DONE,
        regional_admin,
        "Выгрузка «Работники»",
    )
    assert job.result_url == reverse("job_file", args=[job.pk])
    assert "Скачать файл" in client.get(response["Location"]).content.decode()
    download = client.get(job.result_url)
    assert download.status_code == 200
    assert download["Content-Type"] == XLSX_CONTENT_TYPE
    assert 'filename="staff.xlsx"' in download["Content-Disposition"]
    assert [name.split()[0] for name in downloaded_names(download)] == [
        "Альфина",
        "Бетова",
        "Гаммова",
        "Дельтова",
        "Эпсилонова",
    ]
    assert AuditEntry.objects.filter(action="registry.person.exported").count() == 1


def test_the_job_exports_the_rows_the_user_sees_as_filtered(
    large, staff, org_admin_a, client, django_capture_on_commit_callbacks
):
    client.force_login(org_admin_a)
    _response, job = export(client, django_capture_on_commit_callbacks, PEOPLE + "&q=ова")

    names = [name.split()[0] for name in downloaded_names(client.get(job.result_url))]
    # «Бетова» of «Школа Б» is outside the scope; «Альфина» does not match the search.
    assert names == ["Гаммова", "Дельтова", "Эпсилонова"]


def test_another_user_cannot_download_the_file(
    large, staff, regional_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(regional_admin)
    _response, job = export(client, django_capture_on_commit_callbacks)
    other_admin = factories.user_with_role(Role.REGIONAL_ADMIN, staff["mun_a"].region)
    superuser = factories.UserFactory(is_superuser=True)

    for user in (other_admin, superuser):
        client.force_login(user)
        assert client.get(job.result_url).status_code == 404
    client.logout()
    assert client.get(job.result_url).status_code == 302  # to the login page


def test_a_small_export_is_answered_at_once(large, two_orgs, regional_admin, client, settings):
    settings.EXPORT_BACKGROUND_ROWS = 20_000
    client.force_login(regional_admin)

    response = client.get(PEOPLE)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert not Job.objects.exists()


def test_files_older_than_a_day_are_removed(
    large, staff, regional_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(regional_admin)
    _response, job = export(client, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=25))
    name = job.result_file

    assert exports.purge_old_exports() == 1

    job.refresh_from_db()
    assert (job.result_file, job.result_url) == ("", "")
    assert not exports.storage().exists(name)
    assert not (large / str(job.pk)).exists()
    assert client.get(reverse("job_file", args=[job.pk])).status_code == 404


def test_a_file_past_its_day_is_not_served_before_the_purge(
    large, staff, regional_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(regional_admin)
    _response, job = export(client, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=25))

    assert client.get(job.result_url).status_code == 404


def test_a_failed_export_says_so(
    large, staff, regional_admin, client, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(exports, "write_xlsx", broken)
    client.force_login(regional_admin)
    _response, job = export(client, django_capture_on_commit_callbacks)

    assert (job.status, job.result_file) == (JobStatus.FAILED, "")
    assert job.message == "Файл не удалось подготовить. Выгрузите список ещё раз."


def test_purge_exports_command_for_cron(
    large, staff, regional_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(regional_admin)
    _response, job = export(client, django_capture_on_commit_callbacks)
    Job.objects.filter(pk=job.pk).update(finished=timezone.now() - timedelta(hours=25))
    out = StringIO()

    call_command("purge_exports", stdout=out)

    assert out.getvalue().strip() == "Удалено файлов выгрузок: 1."
    assert Job.objects.get().result_file == ""


def test_the_job_page_says_the_file_is_being_prepared_and_polls(
    large, staff, regional_admin, client, django_capture_on_commit_callbacks
):
    client.force_login(regional_admin)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(PEOPLE)

    page = client.get(response["Location"]).content.decode()
    assert "Файл готовится: 5 строк." in page
    assert 'hx-trigger="every 1s"' in page
    assert "Скачать файл" not in page
