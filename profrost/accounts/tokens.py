"""The invitation link: one-time (the hash changes once the password is set, as in Django's
password reset) and superseded by a re-send (the hash includes the latest invitation), valid
for settings.INVITATION_VALID_DAYS rather than PASSWORD_RESET_TIMEOUT."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "profrost.accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        latest = user.invitations.order_by("-sent_at", "-pk").first()
        invitation = f"{latest.pk}:{latest.sent_at.timestamp()}" if latest else ""
        return f"{super()._make_hash_value(user, timestamp)}{invitation}{user.is_active}"

    def _now(self):
        # Django's generator counts in naive local time; UTC does not jump with the clock.
        return timezone.now().replace(tzinfo=None)

    def check_token(self, user, token):
        # Django's own check applies PASSWORD_RESET_TIMEOUT; the invitation has its own.
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.INVITATION_VALID_DAYS * 86400:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()
