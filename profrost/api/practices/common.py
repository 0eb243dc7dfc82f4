"""What the endpoints of practices, projects and documents share: named enums in the schema,
relations chosen by the user, file links, the base viewset."""

from functools import partial

from django.urls import reverse
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from profrost.core.roles import Perm

from ..base import NamedChoiceField, ServiceViewSet

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


# The enums of practices, projects and documents are named Practices<Class>Enum.
EnumChoiceField = partial(NamedChoiceField, prefix="Practices")


class ChoicesRelatedField(serializers.PrimaryKeyRelatedField):
    # A relation whose choices are given by a function of the requesting user.

    def __init__(self, choices, **kwargs):
        self.choices_of = choices
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.choices_of(getattr(request, "user", None))


def file_url(name, obj):
    return reverse(name, args=[obj.pk]) if obj.file else None


class ChildSerializer(serializers.ModelSerializer):
    # A row stays with the practice or project it was written for (`parent_field`).
    parent_field = ""
    parent_fixed = ""

    def validate(self, attrs):
        parent = attrs.get(self.parent_field)
        kept = getattr(self.instance, f"{self.parent_field}_id", None)
        if self.instance is not None and parent and parent.pk != kept:
            raise ValidationError({self.parent_field: [self.parent_fixed]})
        return attrs


class PracticesViewSet(ServiceViewSet):
    perm = Perm.VIEW_NETWORK

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)

    def of_parent(self, queryset):
        # `?practice=<id>` (or the viewset's other `parent_field`) keeps one parent's rows.
        parent = self.request.query_params.get(self.parent_field, "")
        return (
            queryset.filter(**{f"{self.parent_field}_id": parent}) if parent.isdigit() else queryset
        )
