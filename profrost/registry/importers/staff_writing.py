"""How a staff import writes its planned rows: in bulk, in batches, with the history kept.

Row by row a staff row cost about ten queries (the person, its history, the job, its history,
the subjects and their history): 140 rows a second. Here every kind of write is one query per
batch of BATCH_SIZE rows, so the number of queries grows with the batches, not with the rows.
The history is what saving one by one would leave: a «+» record for each new person and job, a
«~» record for each changed one, and each job's record lists the subjects it has after the
import. All of it runs inside the import's transaction (Importer.apply): a failure writes
nothing."""

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import Employment, Person
from ..services import PERSON_FIELDS

BATCH_SIZE = 500
EMPLOYMENT_FIELDS = ["is_main", "start_date", "end_date"]
Subjects = Employment.subjects.through


def batches(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class StaffWriter:
    """Writes the StaffChange payloads of one import, reporting how many rows are written."""

    def __init__(self, user, report):
        self.user = user
        self.report = report  # report(done, total, writing=True, every=1)
        self.now = timezone.now()

    def write(self, changes):
        total, steps = len(changes), 4
        self.report(0, total, writing=True, every=1)
        self.write_people(changes)
        self.report(total // steps, total, writing=True, every=1)
        created, changed = self.write_employments(changes)
        self.report(total // 2, total, writing=True, every=1)
        self.write_subjects(changes)
        self.report(total * 3 // steps, total, writing=True, every=1)
        self.write_employment_history(created, changed)
        self.report(total, total, writing=True, every=1)

    def write_people(self, changes):
        plans = list(dict.fromkeys(change.person_plan for change in changes))
        new = [plan.person for plan in plans if plan.is_new]
        edited = [plan.person for plan in plans if not plan.is_new and plan.changes]
        history = {"default_user": self.user, "default_date": self.now}
        if new:
            bulk_create_with_history(new, Person, batch_size=BATCH_SIZE, **history)
        if edited:
            bulk_update_with_history(
                edited, Person, PERSON_FIELDS, batch_size=BATCH_SIZE, **history
            )

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

    def write_employment_history(self, created, changed):
        """One history record per written job, with the subjects it has now."""
        manager = Employment.history
        options = {"batch_size": BATCH_SIZE, "default_user": self.user, "default_date": self.now}
        records = [
            *(manager.bulk_history_create(created, **options) or []),
            *(manager.bulk_history_create(changed, update=True, **options) or []),
        ]
        subjects_history = Employment.history.model.subjects.model
        for batch in batches(records):
            links = Subjects.objects.filter(employment_id__in=[r.id for r in batch])
            by_job = {}
            for pk, job, subject in links.order_by("pk").values_list(
                "pk", "employment_id", "subject_id"
            ):
                by_job.setdefault(job, []).append((pk, subject))
            subjects_history.objects.bulk_create(
                [
                    subjects_history(
                        id=pk, history=record, employment_id=record.id, subject_id=subject
                    )
                    for record in batch
                    for pk, subject in by_job.get(record.id, [])
                ],
                batch_size=BATCH_SIZE,
            )
