"""/api/token/: a token for a login and password, refused while axes locks the login out."""

from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from profrost.core.lockout import lockout_message, lockout_minutes


class TokenView(ObtainAuthToken):
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if serializer.is_valid():
            token, _ = Token.objects.get_or_create(user=serializer.validated_data["user"])
            return Response({"token": token.key})
        # The serializer's authenticate() hands axes this DRF request, and axes marks it.
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": lockout_message()},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(lockout_minutes() * 60)},
            )
        raise ValidationError(serializer.errors)
