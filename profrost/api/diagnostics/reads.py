"""Read-only endpoints of diagnostics: instruments, campaigns, results and deficits, through
`visible_to(user, Perm.VIEW_DIAGNOSTICS)` and the pages' filter sets. They change through their
pages and services (taking a diagnostics, importing results)."""

import django_filters
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from profrost.core.filters import FilterSet
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.diagnostics.filters.campaigns import CampaignFilter
from profrost.diagnostics.filters.deficits import DeficitFilter, ResultFilter
from profrost.diagnostics.models import (
    Campaign,
    CampaignLevel,
    CompetenceLevel,
    CompetenceResult,
    Deficit,
    DeficitStatus,
    Instrument,
    InstrumentKind,
    InstrumentStatus,
    Item,
    ItemCompetence,
    ItemKind,
)
from profrost.diagnostics.selectors import campaigns_for_list, deficits_for_list, results_for_list

from ..base import AuditedReadsMixin, NamedChoiceField, Pagination

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class DiagnosticsReadViewSet(AuditedReadsMixin, viewsets.ReadOnlyModelViewSet):
    model = None
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, Perm.VIEW_DIAGNOSTICS)


class OptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    order = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    points = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        label=_("Баллы (только для тех, кто ведёт инструменты или кампании)"),
    )


class ItemLinkSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="competence.code", read_only=True)
    name = serializers.CharField(source="competence.name", read_only=True)

    class Meta:
        model = ItemCompetence
        fields = ["competence", "code", "name", "weight"]


class ItemSerializer(serializers.ModelSerializer):
    KEY_FIELDS = ("correct_number", "tolerance")

    kind = NamedChoiceField(ItemKind, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    correct_number = serializers.DecimalField(
        max_digits=12, decimal_places=3, read_only=True, allow_null=True
    )
    tolerance = serializers.DecimalField(
        max_digits=12, decimal_places=3, read_only=True, allow_null=True
    )
    options = OptionSerializer(many=True, read_only=True)
    competences = ItemLinkSerializer(source="links", many=True, read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "order",
            "kind",
            "kind_display",
            "text",
            "hint",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "reverse",
            "correct_number",
            "tolerance",
            "points",
            "options",
            "competences",
        ]

    def to_representation(self, item):
        data = super().to_representation(item)
        if not self.context.get("show_key"):
            # The answer key stays with those who run diagnostics, not with who takes them.
            for name in self.KEY_FIELDS:
                data[name] = None
            for option in data["options"]:
                option["points"] = None
        return data


class InstrumentSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(InstrumentKind, read_only=True)
    status = NamedChoiceField(InstrumentStatus, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True, allow_null=True)
    item_count = serializers.IntegerField(read_only=True, label=_("Вопросов"))

    class Meta:
        model = Instrument
        fields = [
            "id",
            "title",
            "code",
            "kind",
            "kind_display",
            "status",
            "status_display",
            "region",
            "region_name",
            "description",
            "deficit_below",
            "proficient_from",
            "counts_as_diagnosis",
            "item_count",
        ]


class InstrumentDetailSerializer(InstrumentSerializer):
    positions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    subjects = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    items = ItemSerializer(many=True, read_only=True)

    class Meta(InstrumentSerializer.Meta):
        fields = [
            *InstrumentSerializer.Meta.fields,
            "instructions",
            "positions",
            "subjects",
            "items",
        ]


class InstrumentFilter(FilterSet):
    class Meta:
        model = Instrument
        fields = ["kind", "status", "code", "region"]


@extend_schema(
    tags=[_("Диагностика")],
    description=_(
        "Инструменты диагностики; в карточке — вопросы с вариантами ответа и связями с "
        "компетенциями. Баллы вариантов и верные ответы видят только те, кто ведёт инструменты "
        "или кампании."
    ),
)
class InstrumentViewSet(DiagnosticsReadViewSet):
    model = Instrument
    filterset_class = InstrumentFilter
    search_fields = ["title", "code"]
    ordering_fields = ["title", "code"]

    def get_queryset(self):
        queryset = super().get_queryset().select_related("region")
        queryset = queryset.annotate(item_count=Count("items")).order_by("title", "pk")
        if self.action == "retrieve":
            links = ItemCompetence.objects.select_related("competence")
            items = Item.objects.prefetch_related("options", Prefetch("links", links))
            queryset = queryset.prefetch_related("positions", "subjects", Prefetch("items", items))
        return queryset

    def get_serializer_class(self):
        return InstrumentDetailSerializer if self.action == "retrieve" else InstrumentSerializer

    def get_serializer_context(self):
        user = self.request.user
        show_key = has_perm_anywhere(user, Perm.MANAGE_INSTRUMENTS) or has_perm_anywhere(
            user, Perm.MANAGE_CAMPAIGNS
        )
        return {**super().get_serializer_context(), "show_key": show_key}


class CampaignSerializer(serializers.ModelSerializer):
    instrument_title = serializers.CharField(source="instrument.title", read_only=True)
    level = NamedChoiceField(CampaignLevel, read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    municipality_name = serializers.CharField(
        source="municipality.name", read_only=True, allow_null=True
    )
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    status = serializers.CharField(read_only=True, label=_("Статус: planned, open, closed"))
    status_display = serializers.CharField(source="status.label", read_only=True)
    assigned_count = serializers.IntegerField(read_only=True, label=_("Назначено (в вашей зоне)"))
    submitted_count = serializers.IntegerField(read_only=True, label=_("Завершили (в вашей зоне)"))

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "instrument",
            "instrument_title",
            "level",
            "level_display",
            "region",
            "municipality",
            "municipality_name",
            "organization",
            "organization_name",
            "starts_on",
            "ends_on",
            "status",
            "status_display",
            "young_only",
            "description",
            "assigned_count",
            "submitted_count",
        ]


@extend_schema(
    tags=[_("Диагностика")],
    description=_(
        "Диагностические кампании. Число назначенных и завершивших считается по работникам в "
        "вашей зоне ответственности."
    ),
)
class CampaignViewSet(DiagnosticsReadViewSet):
    model = Campaign
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    search_fields = ["title"]
    ordering_fields = ["starts_on", "ends_on", "title"]

    def get_queryset(self):
        queryset = campaigns_for_list(super().get_queryset(), self.request.user)
        return queryset.order_by("-starts_on", "title", "pk")


class CompetenceCodeMixin(FilterSet):
    person = django_filters.NumberFilter(label=_("Работник (id)"), field_name="person_id")
    competence_code = django_filters.CharFilter(
        label=_("Код компетенции"), field_name="competence__code", lookup_expr="iexact"
    )


class ResultApiFilter(CompetenceCodeMixin, ResultFilter):
    class Meta:
        model = CompetenceResult
        fields = []


class DeficitApiFilter(CompetenceCodeMixin, DeficitFilter):
    class Meta:
        model = Deficit
        fields = []


class ResultSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    competence_code = serializers.CharField(source="competence.code", read_only=True)
    competence_name = serializers.CharField(source="competence.name", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    level = NamedChoiceField(CompetenceLevel, read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = CompetenceResult
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "competence",
            "competence_code",
            "competence_name",
            "source",
            "source_display",
            "source_title",
            "attempt",
            "measured_on",
            "score",
            "max_score",
            "percent",
            "level",
            "level_display",
        ]


@extend_schema(
    tags=[_("Диагностика")],
    description=_(
        "Результаты по компетенциям: из диагностик в системе и загруженные извне. Результаты "
        "не перезаписываются: история компетенции — список её результатов."
    ),
)
class ResultViewSet(DiagnosticsReadViewSet):
    model = CompetenceResult
    audit_reads = True  # individual results of named people
    serializer_class = ResultSerializer
    filterset_class = ResultApiFilter
    search_fields = ["person__last_name", "person__first_name", "competence__code", "source_title"]
    ordering_fields = ["measured_on", "percent", "person__last_name", "competence__code"]

    def get_queryset(self):
        return results_for_list(super().get_queryset()).order_by("-measured_on", "-pk")


class DeficitSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    competence_code = serializers.CharField(source="competence.code", read_only=True)
    competence_name = serializers.CharField(source="competence.name", read_only=True)
    level = NamedChoiceField(CompetenceLevel, read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status = NamedChoiceField(DeficitStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Deficit
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "competence",
            "competence_code",
            "competence_name",
            "level",
            "level_display",
            "status",
            "status_display",
            "found_by",
            "found_on",
            "closed_by",
            "closed_on",
            "addressed_note",
        ]


@extend_schema(
    tags=[_("Диагностика")],
    description=_(
        "Профессиональные дефициты: открываются результатом ниже уровня «сформирована» и "
        "закрываются более поздним результатом этого уровня."
    ),
)
class DeficitViewSet(DiagnosticsReadViewSet):
    model = Deficit
    serializer_class = DeficitSerializer
    filterset_class = DeficitApiFilter
    search_fields = ["person__last_name", "person__first_name", "competence__code"]
    ordering_fields = ["found_on", "closed_on", "person__last_name", "competence__code"]

    def get_queryset(self):
        return deficits_for_list(super().get_queryset()).order_by("-found_on", "-pk")
