"""What the routes endpoints share: named enums, service calls, the base viewset."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from profrost.core.roles import Perm
from profrost.registry.models import Person

from ..base import ScopedViewSet
from ..serializers import ScopedRelatedField

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class RouteChoiceField(serializers.ChoiceField):
    # A choice field whose schema enum is named after its choices class, so that the route's
    # and the item's `status` do not collide with each other or with other areas'.

    def __init__(self, choices_class, enum_name, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices=choices_class.choices, **kwargs)


class RouteChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = RouteChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        labels = "\n".join(f"* `{value}` - {label}" for value, label in field.choices.items())
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            object=field.enum_name,
            schema={"type": "string", "enum": list(field.choices), "description": labels},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


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
