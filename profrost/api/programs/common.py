"""What the endpoints of the programs area share: the schema's named enums, service errors as
400 answers, and the base viewset reading through `visible_to(user, Perm.VIEW_PROGRAMS)`."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from profrost.core.roles import Perm

from ..base import ScopedViewSet

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


def service_errors(error):
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def call(service, *args, **kwargs):
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        raise ValidationError(service_errors(error)) from error


class ProgramsViewSet(ScopedViewSet):
    perm = Perm.VIEW_PROGRAMS

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)
