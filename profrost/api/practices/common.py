"""What the endpoints of practices, projects and documents share: named enums in the schema,
relations chosen by the user, file links, the base viewset."""

from functools import partial

from django.urls import reverse
from rest_framework import serializers

from profrost.core.roles import Perm

from ..base import NamedChoiceField, ScopedViewSet, call

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


class PracticesViewSet(ScopedViewSet):
    perm = Perm.VIEW_NETWORK
    create_service = update_service = delete_service = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.detail and self.action is None:
            # A method the route does not take: an object out of reach is still «not found».
            self.get_object()

    def perform_create(self, serializer):
        serializer.instance = call(
            type(self).create_service, by=self.request.user, data=serializer.validated_data
        )
        self.read_back(serializer)

    def perform_update(self, serializer):
        call(
            type(self).update_service,
            serializer.instance,
            by=self.request.user,
            data=serializer.validated_data,
        )
        self.read_back(serializer)

    def perform_destroy(self, instance):
        call(type(self).delete_service, instance, by=self.request.user)
