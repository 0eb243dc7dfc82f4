"""How a staff import writes its planned rows: in bulk, in batches, with the history kept.

Row by row a staff row cost about ten queries (the person, its history, the job, its history,
the subjects and their history): 140 rows a second. Here every kind of write is one query per
batch of BATCH_SIZE rows, so the number of queries grows with the batches, not with the rows.
The history is what saving one by one would leave: a «+» record for each new person and job, a
«~» record for each changed one, by the importing user, and each job's record lists the
subjects it has after the import. All of it runs inside the import's transaction
(Importer.apply): a failure writes nothing.

The history records are copied inside the database (`INSERT … SELECT` from the rows just
written), not built in Python: django-simple-history's bulk_create_with_history makes a model
instance of every record and sends it back, half the time of the whole write."""

from django.db import connection
from django.utils import timezone

from ..models import Employment, Person
from ..services import PERSON_FIELDS

BATCH_SIZE = 500
EMPLOYMENT_FIELDS = ["is_main", "start_date", "end_date"]
CREATED, CHANGED = "+", "~"  # django-simple-history's history_type
Subjects = Employment.subjects.through


def batches(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StaffWriter:
    """Writes the StaffChange payloads of one import, reporting how many rows are written."""

    def __init__(self, user, report):
        self.report = report  # report(done, total, writing=True, every=1)
        self.history = HistoryCopier(user, timezone.now())

    def write(self, changes):
        total, steps = len(changes), 4
        self.report(0, total, writing=True, every=1)
        self.write_people(changes)
        self.report(total // steps, total, writing=True, every=1)
        created, changed = self.write_employments(changes)
        self.report(total // 2, total, writing=True, every=1)
        self.write_subjects(changes)
        self.report(total * 3 // steps, total, writing=True, every=1)
        self.history.copy(Employment, [job.pk for job in created], CREATED)
        self.history.copy(Employment, [job.pk for job in changed], CHANGED)
        self.history.copy_subjects([job.pk for job in [*created, *changed]])
        self.report(total, total, writing=True, every=1)

    def write_people(self, changes):
        plans = list(dict.fromkeys(change.person_plan for change in changes))
        new = [plan.person for plan in plans if plan.is_new]
        edited = [plan.person for plan in plans if not plan.is_new and plan.changes]
        Person.objects.bulk_create(new, batch_size=BATCH_SIZE)
        if edited:
            Person.objects.bulk_update(edited, PERSON_FIELDS, batch_size=BATCH_SIZE)
        self.history.copy(Person, [person.pk for person in new], CREATED)
        self.history.copy(Person, [person.pk for person in edited], CHANGED)

    @staticmethod
    def write_employments(changes):
        """New jobs are inserted, changed ones updated; returns both lists for the history."""
        created, changed, dirty = [], [], []
        for change in changes:
            employment = change.employment
            employment.person = change.person_plan.person
            if employment.pk is None:
                created.append(employment)
                continue
            if change.dirty:
                dirty.append(employment)
            if change.dirty or change.subjects is not None:
                changed.append(employment)
        Employment.objects.bulk_create(created, batch_size=BATCH_SIZE)
        if dirty:
            Employment.objects.bulk_update(dirty, EMPLOYMENT_FIELDS, batch_size=BATCH_SIZE)
        return created, changed

    @staticmethod
    def write_subjects(changes):
        """The subjects of a row replace the job's stored ones, through the M2M table."""
        replaced = [change for change in changes if change.subjects is not None]
        for batch in batches([change.employment.pk for change in replaced]):
            Subjects.objects.filter(employment_id__in=batch).delete()
        links = [
            Subjects(employment_id=change.employment.pk, subject_id=subject.pk)
            for change in replaced
            for subject in change.subjects
        ]
        Subjects.objects.bulk_create(links, batch_size=BATCH_SIZE)


class HistoryCopier:
    """django-simple-history's records of rows as they stand, written by one statement a batch:
    the tracked columns copied from the row, the user and the moment of the import added."""

    def __init__(self, user, when):
        self.user_id = user.pk if user is not None else None
        self.when = connection.ops.adapt_datetimefield_value(when)

    def copy(self, model, ids, history_type):
        history = model.history.model
        columns = ", ".join(quote(field.column) for field in history.tracked_fields)
        extra = ", ".join(
            quote(history._meta.get_field(name).column)
            for name in ("history_date", "history_type", "history_user")
        )
        insert = (
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {extra}) "
            f"SELECT {columns}, %s, %s, %s FROM {quote(model._meta.db_table)} "
            f"WHERE {quote(model._meta.pk.column)} IN "
        )
        with connection.cursor() as cursor:
            for batch in batches(ids):
                cursor.execute(
                    insert + placeholders(batch), [self.when, history_type, self.user_id, *batch]
                )

    def copy_subjects(self, job_ids):
        """Each job's history record written now lists the job's subjects (its M2M history)."""
        records = Employment.history.model
        links = records.subjects.model  # the history of the M2M table
        target = ", ".join(
            quote(links._meta.get_field(name).column)
            for name in ("id", "employment", "subject", "history")
        )
        link, job, subject = (
            f"t.{quote(Subjects._meta.get_field(name).column)}"
            for name in ("id", "employment", "subject")
        )
        record, record_job, record_date = (
            f"h.{quote(records._meta.get_field(name).column)}"
            for name in ("history_id", "id", "history_date")
        )
        insert = (
            f"INSERT INTO {quote(links._meta.db_table)} ({target}) "
            f"SELECT {link}, {job}, {subject}, {record} "
            f"FROM {quote(Subjects._meta.db_table)} t JOIN {quote(records._meta.db_table)} h "
            f"ON {record_job} = {job} AND {record_date} = %s AND {record_job} IN "
        )
        with connection.cursor() as cursor:
            for batch in batches(job_ids):
                cursor.execute(insert + placeholders(batch), [self.when, *batch])


def quote(name):
    return connection.ops.quote_name(name)


def placeholders(values):
    return "(" + ", ".join(["%s"] * len(values)) + ")"
