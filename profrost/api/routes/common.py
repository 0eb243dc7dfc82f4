"""What the routes endpoints share: named enums, service calls, the base viewset."""

from functools import partial

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from profrost.core.roles import Perm
from profrost.registry.models import Person

from ..base import NamedChoiceField, ScopedViewSet
from ..serializers import ScopedRelatedField

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


# The enums of routes are named Route<Class>Enum.
RouteChoiceField = partial(NamedChoiceField, prefix="Route")


def service_errors(error):
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in error.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: error.messages}


def call(service, *args, **kwargs):
    """A service call whose Django ValidationError becomes the API's 400 with field errors."""
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        raise ValidationError(service_errors(error)) from error


@extend_schema_field(OpenApiTypes.INT)
class PersonIdField(ScopedRelatedField):
    # A person chosen by id in a serializer without a model.

    def __init__(self, perm=Perm.VIEW_REGISTRY, **kwargs):
        super().__init__(Person, perm, **kwargs)


class RoutesViewSet(ScopedViewSet):
    change_perm = Perm.MANAGE_ROUTES

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.detail and self.action is None:
            # A method the route does not take: an object out of reach is still «not found».
            self.get_object()
