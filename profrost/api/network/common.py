"""Fields and the base viewset of the network endpoints."""

from rest_framework import serializers

from profrost.core.roles import Perm

from ..base import SaveWithViewSet

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class VisibleField(serializers.PrimaryKeyRelatedField):
    # A relation whose choices are the rows the requesting user sees with `perm`.

    def __init__(self, model, perm=Perm.VIEW_REGISTRY, **kwargs):
        self.model, self.perm = model, perm
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.visible_to(getattr(request, "user", None), self.perm)


class NetworkViewSet(SaveWithViewSet):
    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, Perm.VIEW_NETWORK)
