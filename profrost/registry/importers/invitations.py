"""Invitations for the people a staff import creates, an option of its confirmation.

Accounts live in `profrost.accounts`, which imports the registry, so the registry may not import
it back: accounts registers its inviter here in AccountsConfig.ready()
(`profrost/accounts/apps.py`). An import that asks for invitations before that fails loudly
with a KeyError.
"""

from django.utils.translation import gettext_lazy as _

from profrost.core.importers.base import ConfirmOption
from profrost.core.roles import Perm

INVITE = ConfirmOption(
    "invite",
    _("Пригласить новых работников с e-mail (отправить письма со ссылкой для входа)"),
    Perm.MANAGE_ACCOUNTS,
)

_inviter = {}


def register(invite):
    """`invite(people_ids, *, by, base_url)` makes accounts for those of the people who may
    have one, sends their letters once the import commits, and returns a sentence for the
    result page."""
    _inviter["invite"] = invite


def invite_new_people(importer, plan, people_ids):
    """Invite the people the import created, if the user ticked the option: in the import's
    transaction, so the accounts are written with the rows or not at all."""
    choices = importer.confirm_choices
    if choices.get(INVITE.key) and people_ids:
        plan.results.append(
            _inviter["invite"](sorted(people_ids), by=importer.user, base_url=choices["base_url"])
        )
