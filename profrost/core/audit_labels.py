"""Russian names of the audit codes, for the journal. Core knows no domain: each app adds the
names of its own codes in its AppConfig.ready() through `register`."""

# Core's own codes: the refusals (core/audit.py).
LABELS = {
    "core.access.refused": "Отказ: запись вне зоны ответственности",
    "core.access.forbidden": "Отказ: недостаточно прав",
}


def register(labels):
    """`labels`: code → name; a name may quote the entry's data, «Выдана роль: %(role)s»."""
    LABELS.update(labels)


def describe(action, data):
    """The entry's name for people; the code itself when no app named it, or when the name
    asks for data the entry lacks (an entry written before the name was)."""
    label = LABELS.get(action)
    if label is None:
        return action
    try:
        return str(label) % (data or {}) if "%(" in str(label) else str(label)
    except (KeyError, TypeError, ValueError):
        return action
