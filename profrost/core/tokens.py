"""API tokens: one per user (DRF's authtoken), valid for API_TOKEN_LIFETIME from its issue."""

from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from . import audit


def is_expired(token):
    return token.created <= timezone.now() - settings.API_TOKEN_LIFETIME


def issue_token(user):
    """The user's token: the one they have, or a new one if they have none or it has expired."""
    token, created = Token.objects.get_or_create(user=user)
    if not created and is_expired(token):
        token.delete()
        token, created = Token.objects.create(user=user), True
    if created:
        audit.log(user, "core.token.issued", user)
    return token


def revoke_token(user, *, reason):
    deleted, _ = Token.objects.filter(user=user).delete()
    if deleted:
        audit.log(user, "core.token.revoked", user, reason=reason)
    return bool(deleted)
