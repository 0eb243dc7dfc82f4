"""Telling users: `notify` is what the domain services call, inside the transaction of the
change that causes the event; the rest are a user's own actions on their notifications."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from profrost.accounts.adapter import queue
from profrost.core import audit

from .models import Notification, NotificationKind, NotificationSetting
from .selectors import delivery_of


def notify(users, kind, *, title, text="", url="", key):
    """Tell `users` (User objects, ids or a queryset of users) of one event once the
    transaction commits: an inbox row each (none twice for the same kind and key) and a
    letter to those who take single letters. A rolled-back change tells nobody."""
    notify_many(kind, [{"users": users, "title": title, "text": text, "url": url, "key": key}])


def notify_many(kind, events):
    """Many events of one kind at once (the reminders): each a dict of `users` and the
    arguments of `notify`. After the commit: one read of who was told, one of the users, one
    insert, however many events."""
    batch = []
    for event in events:
        user_ids = ids_of(event["users"])
        if user_ids:
            batch.append((user_ids, event_fields(kind, event)))
    if batch:
        transaction.on_commit(lambda: deliver_batch(kind, batch))


def ids_of(users):
    if isinstance(users, QuerySet):
        return list(users.values_list("pk", flat=True))
    return [getattr(user, "pk", user) for user in users]


def event_fields(kind, event):
    # A long campaign or route title must not fail the insert after the commit.
    title = Truncator(event["title"]).chars(Notification._meta.get_field("title").max_length)
    text, url = event.get("text", ""), event.get("url", "")
    return {"kind": kind, "title": title, "text": text, "url": url, "key": event["key"]}


def deliver(user_ids, event):
    """The rows, in one insert, and the single letters of an event."""
    deliver_batch(event["kind"], [(user_ids, event)])


def deliver_batch(kind, batch):
    """The rows of (user ids, event) pairs of one kind, in one insert, and the single letters;
    nobody told twice of an event."""
    everyone = {pk for user_ids, _event in batch for pk in user_ids}
    told = set(
        Notification.objects.filter(
            recipient__in=everyone, kind=kind, key__in={event["key"] for _ids, event in batch}
        ).values_list("recipient_id", "key")
    )
    users = {user.pk: user for user in delivery_of(everyone, kind)}
    now = timezone.now()
    rows = []
    for user_ids, event in batch:
        for pk in sorted(set(user_ids) & users.keys()):
            if (pk, event["key"]) not in told:
                told.add((pk, event["key"]))
                rows.append(Notification(recipient=users[pk], created_at=now, **event))
    letters = [row for row in rows if row.recipient.email and not row.recipient.digest]
    for row in letters:
        row.emailed_at = now
    # A concurrent twin of this event loses on the unique key instead of failing (its letter
    # may still go: the domain services lock the row they change, so twins are rare).
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    for notification in letters:
        send_single(notification)
    return len(rows)


def send_single(notification):
    context = {"user": notification.recipient, "notification": notification, "site": site_url()}
    email = notification.recipient.email
    queue(get_adapter().render_mail("notifications/email/single", email, context))


def send_digest(user, notifications):
    context = {"user": user, "notifications": notifications, "site": site_url()}
    queue(get_adapter().render_mail("notifications/email/digest", user.email, context))


def site_url():
    return settings.SITE_URL.rstrip("/")


@transaction.atomic
def send_digest_of(user):
    """One letter with the user's notifications not sent yet; they count as sent from now on.
    Returns how many it grouped (0: no letter)."""
    pending = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(recipient=user, emailed_at=None)
        .order_by("created_at", "pk")
    )
    if not pending:
        return 0
    send_digest(user, pending)
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(pending)


def mark_read(notification, *, by):
    """The user's own notification read; someone else's is not theirs to touch."""
    if notification.recipient_id != by.pk:
        raise ValidationError(_("Это уведомление адресовано другому пользователю."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, by):
    return Notification.objects.filter(recipient=by, read_at=None).update(read_at=timezone.now())


@transaction.atomic
def save_setting(*, by, digest, enabled_kinds):
    """The user's digest choice and the kinds they keep; the others are switched off."""
    unknown = set(enabled_kinds) - set(NotificationKind.values)
    if unknown:
        raise ValidationError(_("Неизвестный вид уведомлений: %s.") % ", ".join(sorted(unknown)))
    muted = [kind for kind in NotificationKind.values if kind not in set(enabled_kinds)]
    setting, _created = NotificationSetting.objects.update_or_create(
        user=by, defaults={"digest": bool(digest), "muted_kinds": muted}
    )
    audit.log(by, "notifications.setting.changed", setting, digest=setting.digest, muted=muted)
    return setting
