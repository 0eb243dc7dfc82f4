"""The staff import writes in bulk: its queries do not grow with the rows, the history stays."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from profrost.core.dates import format_date
from profrost.registry.importers import StaffImporter
from profrost.registry.importers.staff_writing import BATCH_SIZE
from profrost.registry.models import Employment, Person
from profrost.registry.validators import format_snils, make_snils
from tests.registry.test_import import STAFF_HEADERS, staff_row, xlsx


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
