"""The open bank of practices: no login, only the practices included in the bank."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny

from profrost.practices import filters, selectors
from profrost.practices.models import Practice, PracticeKind, PracticeLevel, PracticeStatus

from ..base import Pagination
from .common import EnumChoiceField, file_url


class PublicPracticeSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(PracticeKind, read_only=True, label=_("Вид"))
    level = EnumChoiceField(PracticeLevel, read_only=True, label=_("Уровень банка"))
    status = EnumChoiceField(PracticeStatus, read_only=True, label=_("Статус"))
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    main_author_name = serializers.CharField(source="main_author.full_name", read_only=True)
    coauthor_names = serializers.SerializerMethodField(label=_("Соавторы"))
    subjects = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, label=_("Предметы")
    )
    competences = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, label=_("Компетенции")
    )
    file_url = serializers.SerializerMethodField(label=_("Скачать файл"))
    dissemination_count = serializers.IntegerField(read_only=True, label=_("Распространений"))

    class Meta:
        model = Practice
        fields = [
            "id",
            "title",
            "kind",
            "level",
            "status",
            "organization_name",
            "municipality_name",
            "region_name",
            "main_author_name",
            "coauthor_names",
            "subjects",
            "competences",
            "description",
            "results",
            "link",
            "file_url",
            "included_on",
            "dissemination_count",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, obj):
        return file_url("practices:public_file", obj)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_coauthor_names(self, obj):
        return [person.full_name for person in obj.coauthors.all()]


@extend_schema(
    tags=[_("Банк практик")],
    description=_("Открытый банк практик: без входа, только практики, включённые в банк."),
)
class PublicPracticeViewSet(viewsets.ReadOnlyModelViewSet):
    model = Practice
    lookup_value_converter = "int"
    permission_classes = [AllowAny]
    pagination_class = Pagination
    serializer_class = PublicPracticeSerializer
    filterset_class = filters.PublicPracticeFilter
    search_fields = ["title", "description", "results", "main_author__last_name"]
    ordering_fields = ["title", "included_on"]

    def get_queryset(self):
        return selectors.published_practices().order_by("-included_on", "pk")
