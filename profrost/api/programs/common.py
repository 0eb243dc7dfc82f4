"""What the endpoints of the programs area share: the schema's named enums, service errors as
400 answers, and the base viewset reading through `visible_to(user, Perm.VIEW_PROGRAMS)`."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from profrost.core.roles import Perm

from ..base import ScopedViewSet

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class EnumField(serializers.ChoiceField):
    """A choice field whose schema enum has a name of its own: another area's choices class is
    also called `RequestStatus`, so the automatic name would be taken."""

    def __init__(self, choices_class, enum_name, **kwargs):
        self.enum_name = enum_name
        super().__init__(choices=choices_class.choices, **kwargs)


class EnumFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EnumField

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
    try:
        return service(*args, **kwargs)
    except DjangoValidationError as error:
        raise ValidationError(service_errors(error)) from error


class ProgramsViewSet(ScopedViewSet):
    perm = Perm.VIEW_PROGRAMS

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)
