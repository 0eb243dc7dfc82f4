"""Endpoints of innovation projects with their reports and of methodical documents."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from profrost.core.roles import Perm
from profrost.practices import filters, selectors, services
from profrost.practices.models import (
    Document,
    DocumentKind,
    DocumentLevel,
    EffectLevel,
    InnovationLevel,
    InnovationProject,
    InnovationReport,
    InnovationStatus,
)
from profrost.registry.models import (
    Municipality,
    Organization,
    OrganizationStatusKind,
    Region,
)

from ..serializers import ScopedRelatedField
from .common import (
    ChildSerializer,
    EnumChoiceField,
    PracticesViewSet,
    file_url,
)

# Innovation projects --------------------------------------------------------------------------


class InnovationProjectSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(Organization, Perm.MANAGE_PRACTICES, label=_("Организация"))
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    site_kind = EnumChoiceField(OrganizationStatusKind, label=_("Статус площадки"))
    level = EnumChoiceField(InnovationLevel, label=_("Уровень"))
    status = EnumChoiceField(InnovationStatus, required=False, label=_("Состояние"))
    file = serializers.FileField(write_only=True, required=False, allow_null=True)
    file_url = serializers.SerializerMethodField(label=_("Скачать файл"))
    report_count = serializers.IntegerField(read_only=True, label=_("Отчётов"))
    last_report_year = serializers.IntegerField(
        read_only=True, allow_null=True, label=_("Последний отчёт (учебный год)")
    )
    last_effect = EnumChoiceField(
        EffectLevel, read_only=True, allow_null=True, label=_("Эффект по последнему отчёту")
    )

    class Meta:
        model = InnovationProject
        fields = [
            "id",
            "organization",
            "organization_name",
            "site_kind",
            "level",
            "title",
            "goals",
            "expected_results",
            "starts_on",
            "ends_on",
            "document",
            "file",
            "file_url",
            "status",
            "report_count",
            "last_report_year",
            "last_effect",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, obj):
        return file_url("practices:project_file", obj)


@extend_schema(
    tags=[_("Инновационные проекты")],
    description=_(
        "Инновационные проекты организаций-площадок. Муниципальный проект ведёт муниципальная "
        "или региональная методическая служба, региональный и федеральный — региональная."
    ),
)
class ProjectViewSet(PracticesViewSet):
    model = InnovationProject
    change_perm = Perm.MANAGE_PRACTICES
    serializer_class = InnovationProjectSerializer
    filterset_class = filters.ProjectFilter
    search_fields = ["title", "organization__short_name"]
    ordering_fields = ["title", "starts_on", "ends_on"]
    create_service = services.create_project
    update_service = services.update_project
    delete_service = services.delete_project

    def get_queryset(self):
        return selectors.projects_for_list(super().get_queryset()).order_by("-starts_on", "pk")


class InnovationReportSerializer(ChildSerializer):
    parent_field = "project"
    parent_fixed = _("Проект отчёта изменить нельзя.")
    project = ScopedRelatedField(InnovationProject, Perm.VIEW_NETWORK, label=_("Проект"))
    effect_level = EnumChoiceField(EffectLevel, label=_("Оценка эффекта"))
    file = serializers.FileField(write_only=True, required=False, allow_null=True)
    file_url = serializers.SerializerMethodField(label=_("Скачать файл"))

    class Meta:
        model = InnovationReport
        fields = [
            "id",
            "project",
            "year",
            "submitted_on",
            "text",
            "effect",
            "effect_level",
            "file",
            "file_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, obj):
        return file_url("practices:report_file", obj)


@extend_schema(
    tags=[_("Инновационные проекты")],
    description=_(
        "Отчёты инновационных проектов за учебный год с эффектом; ведут те, кто ведёт проект, "
        "и сама организация."
    ),
)
class ReportViewSet(PracticesViewSet):
    model = InnovationReport
    change_perm = Perm.MANAGE_MATERIALS
    serializer_class = InnovationReportSerializer
    ordering_fields = ["year", "submitted_on"]
    create_service = services.create_report
    update_service = services.update_report
    delete_service = services.delete_report
    parent_field = "project"

    def get_queryset(self):
        queryset = super().get_queryset().select_related("project").order_by("-year", "pk")
        return self.of_parent(queryset)


# Documents ------------------------------------------------------------------------------------


class MethodicalDocumentSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(DocumentKind, label=_("Вид"))
    level = EnumChoiceField(DocumentLevel, label=_("Уровень"))
    region = ScopedRelatedField(
        Region,
        Perm.MANAGE_MATERIALS,
        required=False,
        allow_null=True,
        label=_("Регион"),
        help_text=_("Для регионального документа; ниже — по муниципалитету."),
    )
    municipality = ScopedRelatedField(
        Municipality,
        Perm.MANAGE_MATERIALS,
        required=False,
        allow_null=True,
        label=_("Муниципалитет"),
    )
    organization = ScopedRelatedField(
        Organization,
        Perm.MANAGE_MATERIALS,
        required=False,
        allow_null=True,
        label=_("Организация"),
    )
    file = serializers.FileField(write_only=True, required=False, allow_null=True)
    file_url = serializers.SerializerMethodField(label=_("Скачать файл"))
    in_force_now = serializers.BooleanField(read_only=True, label=_("Действует сейчас"))

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "title",
            "number",
            "level",
            "region",
            "municipality",
            "organization",
            "topic",
            "valid_from",
            "valid_to",
            "in_force_now",
            "description",
            "file",
            "file_url",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, obj):
        return file_url("practices:document_file", obj)


@extend_schema(
    tags=[_("Методические материалы")],
    description=_(
        "Методические материалы и документы региона, муниципалитета или организации: вид, "
        "уровень, срок действия, файл или ссылка. Фильтр in_force_on (дд.мм.гггг или "
        "гггг-мм-дд) оставляет действующие на дату."
    ),
)
class DocumentViewSet(PracticesViewSet):
    model = Document
    change_perm = Perm.MANAGE_MATERIALS
    serializer_class = MethodicalDocumentSerializer
    filterset_class = filters.DocumentFilter
    search_fields = ["title", "number", "description"]
    ordering_fields = ["title", "valid_from", "valid_to"]
    create_service = services.create_document
    update_service = services.update_document
    delete_service = services.delete_document

    def get_queryset(self):
        return selectors.documents_for_list(super().get_queryset()).order_by("-valid_from", "pk")
