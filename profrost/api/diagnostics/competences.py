"""Endpoints of the competence framework: read by anyone in diagnostics, changed by holders of
MANAGE_COMPETENCES through the competences' services."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from profrost.competences import services as competence_services
from profrost.competences.filters import CompetenceFilter
from profrost.competences.models import Competence, CompetenceGroup
from profrost.competences.selectors import with_usage
from profrost.core.roles import Perm

from ..base import SaveWithViewSet
from ..serializers import ModelCleanSerializer

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class CompetenceGroupSerializer(ModelCleanSerializer):
    audience_display = serializers.CharField(source="get_audience_display", read_only=True)

    class Meta:
        model = CompetenceGroup
        fields = ["id", "code", "name", "audience", "audience_display", "order"]


class CompetenceSerializer(ModelCleanSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)
    instrument_count = serializers.IntegerField(
        read_only=True, label=_("Инструментов, измеряющих компетенцию")
    )

    class Meta:
        model = Competence
        fields = [
            "id",
            "group",
            "group_name",
            "parent",
            "code",
            "name",
            "description",
            "labour_function",
            "order",
            "is_active",
            "instrument_count",
        ]


class CompetenceApiFilter(CompetenceFilter):
    code = django_filters.CharFilter(label=_("Код"), field_name="code", lookup_expr="iexact")

    class Meta(CompetenceFilter.Meta):
        fields = [*CompetenceFilter.Meta.fields, "code"]


class FrameworkViewSet(SaveWithViewSet):
    """Reads for anyone in diagnostics; writes through the competences' services, audited."""

    change_perm = Perm.MANAGE_COMPETENCES

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, Perm.VIEW_DIAGNOSTICS)


@extend_schema(
    tags=[_("Компетенции")],
    description=_("Группы компетенций. Изменяют владельцы права ведения справочника компетенций."),
)
class CompetenceGroupViewSet(FrameworkViewSet):
    model = CompetenceGroup
    serializer_class = CompetenceGroupSerializer
    save_with = staticmethod(competence_services.save_group)
    delete_with = staticmethod(competence_services.delete_group)
    search_fields = ["name", "code"]
    ordering_fields = ["order", "name", "code"]


@extend_schema(
    tags=[_("Компетенции")],
    description=_(
        "Компетенции со стабильными кодами (код приводится к верхнему регистру). Компетенцию, "
        "которая используется в инструментах, результатах или дефицитах, удалить нельзя (409): "
        "снимите отметку is_active."
    ),
)
class CompetenceViewSet(FrameworkViewSet):
    model = Competence
    serializer_class = CompetenceSerializer
    filterset_class = CompetenceApiFilter
    save_with = staticmethod(competence_services.save_competence)
    delete_with = staticmethod(competence_services.delete_competence)
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "order"]

    def get_queryset(self):
        queryset = with_usage(super().get_queryset(), self.request.user)
        # The count is an aggregate, and Django drops Meta.ordering from grouped queries.
        return queryset.order_by("group__order", "group__name", "order", "code", "pk")
