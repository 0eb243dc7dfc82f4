"""The registry's reminder (docs/notifications.md, «Напоминания»): an attestation whose term
ends within 90 days, to the person and to the administrators of the organizations where they
work now; registered in RegistryConfig.ready()."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.models import RoleAssignment
from profrost.core.roles import Role

from .models import Attestation

DAYS_BEFORE = 90


def attestation_due(today):
    """Each person's latest attestation (as `selectors.attestation_due`) ending within 90
    days: one query for the attestations, one for the administrators of their schools."""
    due = list(
        Attestation.objects.latest_per_person()
        .filter(valid_until__range=(today, today + timedelta(days=DAYS_BEFORE)))
        .values_list(
            "pk",
            "person_id",
            "person__last_name",
            "person__first_name",
            "person__middle_name",
            "valid_until",
            "person__user",
        )
    )
    admins = school_admins([row[1] for row in due], today)
    return [
        {
            "users": [user for user in [row[6], *admins.get(row[1], [])] if user],
            **due_message(row),
        }
        for row in due
    ]


def school_admins(person_ids, today):
    """{person id: user ids of the administrators of the organizations they work at today}."""
    job = "organization__employments"
    rows = RoleAssignment.objects.filter(
        Q(**{f"{job}__end_date__isnull": True}) | Q(**{f"{job}__end_date__gte": today}),
        role=Role.ORGANIZATION_ADMIN,
        user__is_active=True,
        **{f"{job}__person__in": person_ids, f"{job}__start_date__lte": today},
    ).values_list(f"{job}__person_id", "user_id")
    admins = {}
    for person_id, user_id in rows:
        admins.setdefault(person_id, set()).add(user_id)
    return admins


def due_message(row):
    pk, person_id, last, first, middle, valid_until = row[:6]
    values = {
        "name": " ".join(part for part in (last, first, middle) if part),
        "date": format_date(valid_until),
    }
    return {
        "title": _("Аттестация: %(name)s — срок до %(date)s") % values,
        "text": _("Срок действия квалификационной категории истекает %(date)s.") % values,
        "url": reverse("registry:person_detail", args=[person_id]),
        "key": f"attestation:{pk}:{valid_until.isoformat()}",
    }
