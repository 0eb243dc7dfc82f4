"""Scheduled reminders (docs/notifications.md, «Напоминания»). Notifications know no domain app:
each app registers in its AppConfig.ready() the finders of what is due, and the daily task
`tasks.send_reminders` asks them all.

A finder takes the day (`timezone.localdate()` of the run) and returns the events due that day,
dicts of `users` (ids) and the arguments of `services.notify`: one query per kind, whatever the
number of people. The key names the due date too, so a second run of a day (or the next day's
run, while the date is still near) tells nobody again, and a moved date is news again."""

from . import services

FINDERS = []


def register(kind, finder):
    """`finder(today)` → the events of `kind` due today."""
    if (kind, finder) not in FINDERS:
        FINDERS.append((kind, finder))


def grouped(rows, message):
    """Events from (thing, user id) pairs, one per thing with all its users; `message(thing)`
    gives the event's title, text, url and key."""
    users = {}
    for thing, user_id in rows:
        users.setdefault(thing, []).append(user_id)
    return [{"users": user_ids, **message(thing)} for thing, user_ids in users.items()]


def send_all(today):
    """Asks every finder and tells what they found; returns how many events were found."""
    found = 0
    for kind, finder in FINDERS:
        events = list(finder(today))
        services.notify_many(kind, events)
        found += len(events)
    return found
