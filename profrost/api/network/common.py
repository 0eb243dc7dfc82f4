"""Fields and the base viewset of the network endpoints."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from profrost.core.roles import Perm

from ..base import InUse, ScopedViewSet, call_detail

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class VisibleField(serializers.PrimaryKeyRelatedField):
    # A relation whose choices are the rows the requesting user sees with `perm`.

    def __init__(self, model, perm=Perm.VIEW_REGISTRY, **kwargs):
        self.model, self.perm = model, perm
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.visible_to(getattr(request, "user", None), self.perm)


class NetworkViewSet(ScopedViewSet):
    # Writes go through `save_with(instance, by=..., ...)` and `delete_with(instance, by=...)`.

    save_with = None
    delete_with = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, Perm.VIEW_NETWORK)

    def save_kwargs(self, serializer):
        return {}

    def perform_create(self, serializer):
        instance = self.model(**self.plain_fields(serializer.validated_data))
        self.save(instance, serializer)

    def perform_update(self, serializer):
        instance = serializer.instance
        for name, value in self.plain_fields(serializer.validated_data).items():
            setattr(instance, name, value)
        self.save(instance, serializer, changed=sorted(serializer.validated_data))

    def plain_fields(self, data):
        many = {field.name for field in self.model._meta.many_to_many}
        return {name: value for name, value in data.items() if name not in many}

    def save(self, instance, serializer, **kwargs):
        serializer.instance = call_detail(
            self.save_with, instance, by=self.request.user, **self.save_kwargs(serializer), **kwargs
        )
        self.read_back(serializer)

    def perform_destroy(self, instance):
        try:
            self.delete_with(instance, by=self.request.user)
        except DjangoValidationError as error:
            raise InUse(" ".join(error.messages)) from error
