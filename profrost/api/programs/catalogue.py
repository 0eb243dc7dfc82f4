"""Endpoints of the catalogue: programs with their competence weights, and cohorts."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from profrost.competences.models import Competence
from profrost.core.roles import Perm
from profrost.programs import selectors, services
from profrost.programs.filters import ProgramFilter
from profrost.programs.models import (
    Cohort,
    Program,
)
from profrost.registry.models import Organization, Position, Region, Subject

from ..base import call
from ..serializers import ModelCleanSerializer, ScopedRelatedField
from .common import ProgramsViewSet

# Programs --------------------------------------------------------------------------------------


class ProgramLinkSerializer(serializers.Serializer):
    competence = serializers.PrimaryKeyRelatedField(
        queryset=Competence.objects.all(), label=_("Компетенция")
    )
    code = serializers.CharField(source="competence.code", read_only=True)
    name = serializers.CharField(source="competence.name", read_only=True)
    weight = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        default=Decimal(1),
        label=_("Вес"),
    )


class CatalogueProgramSerializer(ModelCleanSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    provider = ScopedRelatedField(
        Organization, required=False, allow_null=True, label=_("Организация-провайдер")
    )
    provider_display = serializers.CharField(read_only=True, label=_("Провайдер"))
    region = ScopedRelatedField(
        Region,
        Perm.MANAGE_PROGRAMS,
        required=False,
        allow_null=True,
        label=_("Регион"),
        help_text=_("Пусто — регион того, кто ведёт каталог одного региона."),
    )
    positions = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(), many=True, required=False, label=_("Должности")
    )
    subjects = serializers.PrimaryKeyRelatedField(
        queryset=Subject.objects.all(), many=True, required=False, label=_("Предметы")
    )
    competences = ProgramLinkSerializer(
        source="links", many=True, required=False, label=_("Компетенции с весами")
    )
    next_cohort_on = serializers.DateField(
        read_only=True, allow_null=True, label=_("Ближайший поток")
    )

    class Meta:
        model = Program
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "hours",
            "form",
            "form_display",
            "provider",
            "provider_name",
            "provider_display",
            "federal_registry",
            "registry_number",
            "quality_management",
            "region",
            "positions",
            "subjects",
            "competences",
            "description",
            "url",
            "is_active",
            "next_cohort_on",
        ]


@extend_schema(
    tags=[_("Программы ДПО")],
    description=_(
        "Каталог программ ДПО. Программа повышения квалификации — не меньше 16 часов, "
        "профессиональной переподготовки — не меньше 250. Изменяют владельцы права ведения "
        "каталога в регионе программы; competences заменяют прежний список целиком."
    ),
)
class ProgramViewSet(ProgramsViewSet):
    model = Program
    change_perm = Perm.MANAGE_PROGRAMS
    serializer_class = CatalogueProgramSerializer
    filterset_class = ProgramFilter
    search_fields = ["title", "description", "registry_number", "provider_name"]
    ordering_fields = ["title", "hours", "kind", "next_cohort_on"]
    delete_service = services.delete_program

    def get_queryset(self):
        queryset = selectors.programs_for_list(super().get_queryset())
        return queryset.prefetch_related("positions", "subjects").order_by("title", "pk")

    @staticmethod
    def split(validated_data):
        data = dict(validated_data)
        links = data.pop("links", None)
        if links is not None:
            links = [(link["competence"], link["weight"]) for link in links]
        return data, links

    def perform_create(self, serializer):
        data, links = self.split(serializer.validated_data)
        serializer.instance = call(
            services.create_program, by=self.request.user, data=data, links=links or ()
        )
        self.read_back(serializer)

    def perform_update(self, serializer):
        data, links = self.split(serializer.validated_data)
        call(
            services.update_program,
            serializer.instance,
            by=self.request.user,
            data=data,
            links=links,
        )
        self.read_back(serializer)


# Cohorts ---------------------------------------------------------------------------------------


class CohortSerializer(serializers.ModelSerializer):
    program = ScopedRelatedField(
        Program,
        Perm.VIEW_PROGRAMS,
        label=_("Программа"),
        help_text=_("Задаётся при создании потока и потом не меняется."),
    )
    program_title = serializers.CharField(source="program.title", read_only=True)
    taken = serializers.IntegerField(read_only=True, label=_("Занято мест"))
    free = serializers.IntegerField(read_only=True, label=_("Свободно мест"))
    waiting = serializers.IntegerField(read_only=True, label=_("Заявок на рассмотрении"))

    class Meta:
        model = Cohort
        fields = [
            "id",
            "program",
            "program_title",
            "title",
            "starts_on",
            "ends_on",
            "applications_close_on",
            "capacity",
            "place",
            "link",
            "taken",
            "free",
            "waiting",
        ]
        # The dates rule is checked by the service with the model's own message.
        validators = []


@extend_schema(
    tags=[_("Программы ДПО")],
    description=_(
        "Потоки программ: даты, число мест (не меньше уже занятых), место или ссылка, срок "
        "приёма заявок. Занятые места — одобренные и завершившие обучение."
    ),
)
class CohortViewSet(ProgramsViewSet):
    model = Cohort
    change_perm = Perm.MANAGE_PROGRAMS
    serializer_class = CohortSerializer
    search_fields = ["title", "program__title"]
    ordering_fields = ["starts_on", "ends_on", "capacity"]
    create_service = services.create_cohort
    update_service = services.update_cohort
    delete_service = services.delete_cohort
    parent_field = "program"

    def get_queryset(self):
        queryset = selectors.with_places(super().get_queryset().select_related("program"))
        return queryset.order_by("-starts_on", "pk")
