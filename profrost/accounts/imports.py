"""Invitations for the people a staff import creates, when the user ticks the option of its
confirmation: the registry's hook (`profrost/registry/importers/invitations.py`), registered in
AccountsConfig.ready()."""

from collections import Counter

from django.utils.translation import gettext as _

from profrost.core.text import count_phrase
from profrost.registry.models import Person

from . import services
from .views import PEOPLE_FORMS

INVITATION_FORMS = ("приглашение", "приглашения", "приглашений")


def invite_imported(people_ids, *, by, base_url):
    """Invite the new people through `services.invite` (it checks the scope and skips those
    without an e-mail); returns what happened, for the import's result page."""
    summary = services.invite(Person.objects.filter(pk__in=people_ids), by=by, base_url=base_url)
    return result_text(len(summary.invited), Counter(reason for _p, reason in summary.skipped))


def result_text(invited, skipped):
    text = _("Новым работникам отправлено %(invited)s.") % {
        "invited": count_phrase(invited, INVITATION_FORMS)
    }
    if skipped:
        reasons = "; ".join(
            f"{reason.label} — {count_phrase(count, PEOPLE_FORMS)}"
            for reason, count in sorted(skipped.items())
        )
        text += " " + _("Без приглашения: %(reasons)s.") % {"reasons": reasons}
    return text
