"""What a sensitive screening tells (docs/notifications.md): when a submitted attempt of a
sensitive instrument leaves a deficit open, the holders of diagnostics.view_sensitive over the
person (the ЦНППМ psychologist) are told, once per attempt. The letter goes by e-mail, so it
names the person and the organization and links to the attempt page, and carries no score.
The message is a function of its own so that the demo tells the same."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from profrost.core.roles import ROLE_LEVEL, Level, Perm, roles_granting
from profrost.notifications.models import NotificationKind
from profrost.notifications.services import notify
from profrost.registry.models import Employment

from ..models import Deficit, DeficitStatus

# The path from a user's role assignment to the place it is held over, by level.
ROLE_PLACE = {
    Level.REGION: "roles__region",
    Level.MUNICIPALITY: "roles__municipality",
    Level.ORGANIZATION: "roles__organization",
}
PLACE_OF_JOB = {
    Level.REGION: "organization__municipality__region",
    Level.MUNICIPALITY: "organization__municipality",
    Level.ORGANIZATION: "organization",
}


def needs_attention(attempt):
    """Whether the attempt, of a sensitive instrument, leaves a deficit of its competences
    open."""
    if not attempt.campaign.instrument.sensitive:
        return False
    return Deficit.objects.filter(
        person=attempt.person_id,
        status=DeficitStatus.OPEN,
        competence__in=attempt.results.values("competence"),
    ).exists()


def sensitive_readers(person_id):
    """The active users whose role with diagnostics.view_sensitive reaches the person: held
    over a place where the person works or worked, as the scope of people reads it."""
    jobs = Employment.objects.filter(person=person_id)
    reach = Q(pk__in=[])
    for role in roles_granting(Perm.VIEW_SENSITIVE_RESULTS):
        level = ROLE_LEVEL[role]
        if level in ROLE_PLACE:
            places = jobs.values(PLACE_OF_JOB[level])
            reach |= Q(roles__role=role, **{f"{ROLE_PLACE[level]}__in": places})
    return get_user_model().objects.filter(reach, is_active=True).distinct()


def screening_attention(attempt):
    if needs_attention(attempt):
        notify(
            sensitive_readers(attempt.person_id),
            NotificationKind.SENSITIVE_ATTENTION,
            **attention_message(attempt),
        )


def attention_message(attempt):
    """Who and where, and the link; no score, no level (it goes out by e-mail)."""
    organization = attempt.organization
    place = organization.short_name if organization else _("Организация не указана")
    return {
        "title": _("Скрининг: результат требует внимания — %(person)s")
        % {"person": attempt.person.full_name},
        "text": _("%(organization)s. Диагностика «%(campaign)s».")
        % {"organization": place, "campaign": attempt.campaign.title},
        "url": attempt.get_absolute_url(),
        "key": f"attempt:{attempt.pk}",
    }
