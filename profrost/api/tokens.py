"""/api/token/: POST a login and password for a token (refused while axes locks the login out);
DELETE revokes the caller's own token."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profrost.core import tokens
from profrost.core.lockout import lockout_message, lockout_minutes


class TokenView(ObtainAuthToken):
    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else []

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if serializer.is_valid():
            token = tokens.issue_token(serializer.validated_data["user"])
            return Response({"token": token.key})
        # The serializer's authenticate() hands axes this DRF request, and axes marks it.
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": lockout_message()},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(lockout_minutes() * 60)},
            )
        raise ValidationError(serializer.errors)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, *args, **kwargs):
        tokens.revoke_token(request.user, reason="revoked")
        return Response(status=status.HTTP_204_NO_CONTENT)
