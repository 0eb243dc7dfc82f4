"""Audit entries: one per action, with a namespaced code. Secrets never go into `data`."""

from .models import AuditEntry

MASKED_FIELDS = {"password", "snils", "token"}


def mask(data):
    return {key: ("***" if key in MASKED_FIELDS else value) for key, value in data.items()}


def log(actor, action, obj=None, *, label=None, **data):
    """One journal entry; `label` names the object when its str() does not read well."""
    if label is None:
        label = str(obj) if obj is not None else ""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(label)[:300],
        data=mask(data),
    )


def refused(user, model, pk, path=""):
    """A user was refused a row that exists (a 404 outside their scope): worth a line, as a
    probe for other people's data is. A row that does not exist is no one's, and not logged."""
    try:
        exists = model._default_manager.filter(pk=pk).exists()
    except (TypeError, ValueError):
        return None
    if not exists:
        return None
    return AuditEntry.objects.create(
        actor=user if getattr(user, "is_authenticated", False) else None,
        action="core.access.refused",
        object_type=model._meta.label_lower,
        object_id=str(pk)[:64],
        object_repr=str(model._meta.verbose_name)[:300],
        data={"path": path[:500]},
    )


def forbidden(user, path):
    """A 403: the user reached a page or an action their roles do not allow."""
    return log(user, "core.access.forbidden", path=path[:500])


def listed(user, model, ids, **data):
    """One line for a page of a list of personal data (not one per row): the ids shown."""
    if not ids:
        return None
    label = getattr(model, "audit_label", model._meta.label_lower)
    return log(user, f"{label}.listed", ids=list(ids), **data)
