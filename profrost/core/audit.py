"""Audit entries: one per action, with a namespaced code. Secrets never go into `data`."""

from .models import AuditEntry

MASKED_FIELDS = {"password", "snils", "token"}


def mask(data):
    return {key: ("***" if key in MASKED_FIELDS else value) for key, value in data.items()}


def log(actor, action, obj=None, **data):
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        data=mask(data),
    )
