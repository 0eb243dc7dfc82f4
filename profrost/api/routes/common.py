"""What the routes endpoints share: named enums, the person field, the base viewset."""

from functools import partial

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from profrost.core.roles import Perm
from profrost.registry.models import Person

from ..base import NamedChoiceField, ServiceViewSet
from ..serializers import ScopedRelatedField

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


# The enums of routes are named Route<Class>Enum.
RouteChoiceField = partial(NamedChoiceField, prefix="Route")


@extend_schema_field(OpenApiTypes.INT)
class PersonIdField(ScopedRelatedField):
    # A person chosen by id in a serializer without a model.

    def __init__(self, perm=Perm.VIEW_REGISTRY, **kwargs):
        super().__init__(Person, perm, **kwargs)


class RoutesViewSet(ServiceViewSet):
    change_perm = Perm.MANAGE_ROUTES
