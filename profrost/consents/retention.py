"""Retention of personal data (docs/personal-data.md, «Сроки хранения»): what is past its term
is anonymised or removed, one kind at a time, each in its own transaction.

- Dismissed staff: a person who works nowhere, whose last job ended more than
  RETENTION_DISMISSED_STAFF_DAYS ago and who holds no role above their own, is anonymised, not
  deleted: counts, monitoring and the records the law requires keep the row. Their account is
  switched off and stripped, the scans of their consents deleted (the consents stay, with their
  dates), their rows in the history tables deleted.
- Import files: the file itself goes within IMPORT_PREVIEW_RETENTION_HOURS (core/importers); what
  a batch keeps of it (rows, error values, questions) goes after RETENTION_IMPORT_FILES_DAYS,
  the counts stay.
- Audit entries older than RETENTION_AUDIT_DAYS are deleted, and so are axes' records of logins.

Every kind works in chunks, so memory stays flat for 30 000 people, and leaves behind nothing it
would find again: a second run changes nothing. A term of 0 keeps that kind for ever."""

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat, TruncYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.authtoken.models import Token

from profrost.core import audit
from profrost.core.models import AuditEntry, ImportBatch, ImportBatchStatus, RoleAssignment, User
from profrost.core.roles import Role
from profrost.registry.models import Attestation, Employment, Person

from .models import Consent, Erasure

CHUNK = 500
AUDIT_CHUNK = 5000
ERASED_LAST_NAME = gettext_lazy("Работник")
ERASED_MIDDLE_NAME = gettext_lazy("(данные удалены)")
ERASED_ACCOUNT = gettext_lazy("учётная запись удалена")
# What an import batch keeps of its summary once the rows of the file are past their term.
KEPT_SUMMARY = ("total", "counts", "failure")
PURGED = "purged_on"
LOGIN_JOURNALS = (AccessLog, AccessFailureLog, AccessAttempt)


@dataclass(frozen=True)
class Outcome:
    """What a run did (or, dry, would do) to one kind of data."""

    key: str
    title: str
    setting: str
    days: int
    before: object = None  # the first day (or moment) still kept; None when kept for ever
    count: int = 0


def term(setting):
    """A term in days from the settings, checked again here: the tests and a shell may set it."""
    days = getattr(settings, setting)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise ImproperlyConfigured(
            _(
                "%(name)s: срок хранения указывается целым числом дней "
                "(0 — хранить бессрочно), а задано «%(value)s»."
            )
            % {"name": setting, "value": days}
        )
    return days


# Dismissed staff ---------------------------------------------------------------------------


def dismissed_before(day):
    """People who work nowhere, whose last job ended before `day`, whose account does not keep
    them and whose data are not removed yet. A person with no job at all is not here: there is
    no end to count from."""
    jobs = Employment.objects.filter(person=OuterRef("pk"))
    current = jobs.filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    erased = Erasure.objects.filter(person=OuterRef("pk"))
    return (
        Person.objects.filter(Exists(jobs))
        .exclude(Exists(current))
        .exclude(Exists(keeping_accounts()))
        .exclude(Exists(erased))
    )


def keeping_accounts():
    """An active account that works above the person's own records keeps them: a methodist of a
    municipality or an administrator has a person row and often no job at a school."""
    above_teacher = RoleAssignment.objects.filter(user=OuterRef("pk")).exclude(role=Role.TEACHER)
    return User.objects.filter(person=OuterRef("pk"), is_active=True).filter(
        Q(is_superuser=True) | Q(is_staff=True) | Exists(above_teacher)
    )


def erase_people(day, dry_run=False):
    people = dismissed_before(day)
    if dry_run:
        return people.count()
    erased = 0
    with transaction.atomic():
        # Each chunk leaves the query (it gets its Erasure), so the next read finds the next.
        while pks := list(people.order_by("pk").values_list("pk", flat=True)[:CHUNK]):
            erase_chunk(pks)
            erased += len(pks)
    return erased


def erase_chunk(pks):
    anonymise_people(pks)
    strip_accounts(pks)
    drop_scans(pks)
    drop_history(pks)
    today = timezone.localdate()
    Erasure.objects.bulk_create([Erasure(person_id=pk, erased_on=today) for pk in pks])


def anonymise_people(pks):
    """A name that says what happened; the birth date and the start of work keep only the year
    (the date is required, and the age groups of past reports stay as they were)."""
    Person.objects.filter(pk__in=pks).update(
        last_name=Value(str(ERASED_LAST_NAME)),
        first_name=Concat(Value("№ "), Cast("pk", models.CharField())),
        middle_name=Value(str(ERASED_MIDDLE_NAME)),
        birth_date=TruncYear("birth_date"),
        career_start=TruncYear("career_start"),
        snils=None,
        email="",
        phone="",
    )
    person_entries = AuditEntry.objects.filter(
        object_type=Person._meta.label_lower, object_id__in=[str(pk) for pk in pks]
    )
    person_entries.update(
        object_repr=Concat(
            Value(f"{ERASED_LAST_NAME} № "), "object_id", Value(f" {ERASED_MIDDLE_NAME}")
        )
    )


def strip_accounts(pks):
    """The login is switched off for good: no name, address, password, role, token or link to
    the region's single sign-on is left on it."""
    user_ids = list(User.objects.filter(person_id__in=pks).values_list("pk", flat=True))
    if not user_ids:
        return
    for model in (RoleAssignment, Token, EmailAddress, SocialAccount, Authenticator):
        model.objects.filter(user_id__in=user_ids).delete()
    User.objects.filter(pk__in=user_ids).update(
        is_active=False,
        username=Concat(Value("deleted-"), Cast("pk", models.CharField())),
        first_name="",
        last_name="",
        email="",
        password=make_password(None),
    )
    AuditEntry.objects.filter(
        object_type=User._meta.label_lower, object_id__in=[str(pk) for pk in user_ids]
    ).update(object_repr=str(ERASED_ACCOUNT))


def drop_scans(pks):
    """The scans go, the consents stay: the date and the text version are the legal record.
    The files are deleted once the transaction commits, so a rollback keeps them."""
    consents = Consent.objects.filter(person_id__in=pks).exclude(scan="")
    names = list(consents.values_list("scan", flat=True))
    consents.update(scan="")
    if names:
        transaction.on_commit(lambda: delete_files(names))


def delete_files(names):
    for name in names:
        default_storage.delete(name)


def drop_history(pks):
    """The history tables keep every old name, СНИЛС and address: the person's rows go."""
    Person.history.model.objects.filter(id__in=pks).delete()
    Employment.history.model.objects.filter(person_id__in=pks).delete()
    Attestation.history.model.objects.filter(person_id__in=pks).delete()


# Import files ------------------------------------------------------------------------------


def stale_batches(moment):
    return (
        ImportBatch.objects.filter(created__lt=moment)
        .exclude(status__in=ImportBatchStatus.busy())
        .exclude(summary__has_key=PURGED)
    )


def purge_batches(moment, dry_run=False):
    batches = stale_batches(moment)
    if dry_run:
        return batches.count()
    purged = 0
    today = timezone.localdate().isoformat()
    with transaction.atomic():
        while chunk := list(batches.order_by("pk").only("pk", "summary")[:CHUNK]):
            for batch in chunk:
                kept = {key: batch.summary[key] for key in KEPT_SUMMARY if key in batch.summary}
                batch.summary, batch.content = {**kept, PURGED: today}, None
            ImportBatch.objects.bulk_update(chunk, ["summary", "content"])
            purged += len(chunk)
    return purged


# Audit entries -----------------------------------------------------------------------------


def purge_audit(moment, dry_run=False):
    """The audit journal, and axes' journal of logins (the login typed, the address, the
    browser) kept by the same term."""
    journals = [AuditEntry.objects.filter(created__lt=moment)]
    journals += [model.objects.filter(attempt_time__lt=moment) for model in LOGIN_JOURNALS]
    if dry_run:
        return sum(old.count() for old in journals)
    deleted = 0
    with transaction.atomic():
        for old in journals:
            while pks := list(old.order_by("pk").values_list("pk", flat=True)[:AUDIT_CHUNK]):
                deleted += len(pks)
                old.model.objects.filter(pk__in=pks).delete()
    return deleted


# A run -------------------------------------------------------------------------------------

KINDS = (
    ("dismissed", gettext_lazy("Уволенные работники"), "RETENTION_DISMISSED_STAFF_DAYS"),
    ("imports", gettext_lazy("Строки файлов импорта"), "RETENTION_IMPORT_FILES_DAYS"),
    ("audit", gettext_lazy("Журнал действий"), "RETENTION_AUDIT_DAYS"),
)


def boundary(key, days):
    """The first day (dismissed staff: the end of a job) or moment still kept."""
    if key == "dismissed":
        return timezone.localdate() - timedelta(days=days)
    return timezone.now() - timedelta(days=days)


APPLY = {"dismissed": erase_people, "imports": purge_batches, "audit": purge_audit}


def apply_retention(*, dry_run=False):
    """Apply every term; a dry run counts what would go and changes nothing. A real run writes
    one audit entry with the counts, also when nothing was due (the run itself is the record)."""
    terms = {setting: term(setting) for _key, _title, setting in KINDS}
    outcomes = []
    for key, title, setting in KINDS:
        days = terms[setting]
        outcome = Outcome(key, str(title), setting, days)
        if days:
            before = boundary(key, days)
            count = APPLY[key](before, dry_run=dry_run)
            outcome = Outcome(key, str(title), setting, days, before, count)
        outcomes.append(outcome)
    if not dry_run:
        audit.log(None, "consents.retention.applied", **{o.key: o.count for o in outcomes})
    return outcomes
