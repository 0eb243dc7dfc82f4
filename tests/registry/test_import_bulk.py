"""The staff import writes in bulk: its queries do not grow with the rows, the history stays;
a file of many rows is written by a background job with its progress."""

from datetime import date, timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profrost.core import jobs
from profrost.core.dates import format_date
from profrost.core.models import ImportBatch, ImportBatchStatus, Job, JobStatus
from profrost.registry.importers import StaffImporter
from profrost.registry.importers.staff_writing import BATCH_SIZE
from profrost.registry.models import Employment, Person
from profrost.registry.validators import format_snils, make_snils
from tests.registry.test_import import (
    SNILS_1,
    STAFF_HEADERS,
    good_staff_file,
    staff_row,
    upload,
    xlsx,
)


def staff_file(org, first, count, **extra):
    rows = [
        staff_row(
            org.inn,
            "Иванова",
            snils=format_snils(make_snils(400_000_000 + first + index)),
            birth=format_date(date(1970, 1, 1) + timedelta(days=first + index)),
            **{"subjects": "Математика", **extra},
        )
        for index in range(count)
    ]
    return xlsx(STAFF_HEADERS, rows)


def applied_queries(user, content):
    with CaptureQueriesContext(connection) as captured:
        plan = StaffImporter(user).apply(content, "staff.xlsx")
    assert plan.errors == []
    return len(captured), plan.counts()


def test_staff_import_queries_do_not_grow_with_rows(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    sizes = (50, 200)
    assert max(sizes) <= BATCH_SIZE  # one batch of ours each
    StaffImporter(org_admin_a).plan(staff_file(org, 0, 1), "s.xlsx")  # the scope, cached
    created, updated = [], []
    for first, size in zip((1000, 2000), sizes, strict=True):
        queries, counts = applied_queries(org_admin_a, staff_file(org, first, size))
        assert counts["create"] == size
        created.append(queries)
        changed = staff_file(org, first, size, email="new@example.ru", subjects="Физика")
        queries, counts = applied_queries(org_admin_a, changed)
        assert counts["update"] == size
        updated.append(queries)
    # Row by row, each row cost about ten queries. In bulk, a database whose statements take
    # few parameters (SQLite: 999) splits an insert of many rows into several; that is all
    # that grows: under one query for every ten rows more.
    extra_rows = sizes[1] - sizes[0]
    assert created[1] - created[0] < extra_rows / 10, created
    assert updated[1] - updated[0] < extra_rows / 10, updated
    if connection.vendor == "postgresql":
        assert (created[0], updated[0]) == (created[1], updated[1])


def test_bulk_written_people_and_jobs_have_their_history(two_orgs, org_admin_a):
    org = two_orgs["org_a"]
    StaffImporter(org_admin_a).apply(staff_file(org, 0, 3), "staff.xlsx")
    people = Person.objects.filter(last_name="Иванова", employments__organization=org)
    assert people.count() == 3
    for person in people:
        record = person.history.get()
        assert (record.history_type, record.history_user, record.snils) == (
            "+",
            org_admin_a,
            person.snils,
        )
        job = person.employments.get()
        record = job.history.get()
        assert (record.history_type, record.history_user) == ("+", org_admin_a)
        assert [s.subject.name for s in record.subjects.all()] == ["Математика"]

    StaffImporter(org_admin_a).apply(
        staff_file(org, 0, 3, email="new@example.ru", subjects="Физика; Химия"), "staff.xlsx"
    )
    for person in people:
        latest = person.history.latest()
        assert (latest.history_type, latest.email) == ("~", "new@example.ru")
        job = Employment.objects.get(person=person)
        assert sorted(job.subjects.values_list("name", flat=True)) == ["Физика", "Химия"]
        latest = job.history.latest()
        assert latest.history_type == "~"
        assert sorted(s.subject.name for s in latest.subjects.all()) == ["Физика", "Химия"]
        assert job.history.count() == 2


# A file of many rows is written by a background job that tells how far it is.


def test_confirming_a_file_of_many_rows_writes_it_in_a_job_with_its_progress(
    settings, two_orgs, org_admin_a, client, monkeypatch, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    reported = []
    real_progress = jobs.progress

    def spy(job_id, done, total, message=""):
        reported.append((done, message))
        real_progress(job_id, done, total, message)

    monkeypatch.setattr(jobs, "progress", spy)
    client.force_login(org_admin_a)
    upload(client, "staff", good_staff_file(two_orgs["org_a"]), "staff.xlsx")
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.job) == (ImportBatchStatus.PREVIEWED, None)  # checked at once
    preview_url = reverse("registry:import_preview", args=[batch.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:import_confirm", args=[batch.pk]))
        page = client.get(preview_url).content.decode()
        assert "записывается в фоне" in page
        assert "hx-trigger" in page
    batch.refresh_from_db()
    assert batch.status == ImportBatchStatus.APPLIED
    assert (batch.job.status, batch.job.progress, batch.job.user) == (
        JobStatus.DONE,
        100,
        org_admin_a,
    )
    assert Person.objects.filter(snils=SNILS_1).exists()
    messages = [message for _done, message in reported]
    assert "Проверка: обработано 0 из 3 строк" in messages
    assert messages[-1] == "Запись: обработано 3 из 3 строк"
    percents = [done for done, _message in reported]
    assert percents == sorted(percents)
    assert "Создано" in client.get(preview_url).content.decode()


def test_a_file_under_the_row_threshold_is_written_inside_the_request(
    two_orgs, org_admin_a, client
):
    client.force_login(org_admin_a)
    upload(client, "staff", good_staff_file(two_orgs["org_a"]), "staff.xlsx")
    batch = ImportBatch.objects.get()
    client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.job) == (ImportBatchStatus.APPLIED, None)


def test_the_job_of_an_import_is_seen_by_its_user_only(
    settings, two_orgs, org_admin_a, regional_admin, client, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client.force_login(org_admin_a)
    upload(client, "staff", good_staff_file(two_orgs["org_a"]), "staff.xlsx")
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("registry:import_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    job_url = reverse("job_status", args=[batch.job.pk])
    assert client.get(job_url).status_code == 200
    client.force_login(regional_admin)
    assert client.get(job_url).status_code == 404
    assert client.get(reverse("registry:import_preview", args=[batch.pk])).status_code == 404


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_progress_inside_a_transaction_is_seen_before_the_commit_on_postgresql(org_admin_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the bar waits for the commit there")
    job = Job.objects.create(kind="core.import.staff", title="Запись", user=org_admin_a)
    with transaction.atomic():
        jobs.progress(job.pk, 1, 4, "Запись: обработано 1 из 4 строк")
        aside = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with aside.cursor() as cursor:
                cursor.execute(
                    f"SELECT progress, message FROM {Job._meta.db_table} WHERE id = %s", [job.pk]
                )
                assert cursor.fetchone() == (25, "Запись: обработано 1 из 4 строк")
        finally:
            aside.close()
