"""Endpoints of the regional methodical asset: the methodists with their load against the cap
and the assignments of teachers to them.

Reads go through `visible_to(user)` with the pages' filter set. Writes need MANAGE_METHODISTS
over the methodist (the region and the ЦНППМ) and go through `profrost.methodists.services`, which
validates and audits (`routes.methodist.<verb>`). A methodist is excluded with
POST /methodists/{id}/exclude/; an assignment is ended with POST /methodist-assignments/{id}/end/.
An assignment to a methodist at the cap needs `over_cap: true`.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.methodists import selectors, services
from profrost.methodists.filters import AssignmentFilter, MethodistFilter
from profrost.methodists.models import Methodist, MethodistAssignment
from profrost.registry.models import Municipality, Person, Region, Subject

from .base import ScopedViewSet, call_detail
from .serializers import ScopedRelatedField

MANAGE = Perm.MANAGE_METHODISTS

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class MethodistSerializer(serializers.ModelSerializer):
    person = ScopedRelatedField(Person, MANAGE, label=_("Работник"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    region = ScopedRelatedField(Region, MANAGE, label=_("Регион"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    municipality = ScopedRelatedField(
        Municipality,
        MANAGE,
        required=False,
        allow_null=True,
        label=_("Муниципалитет"),
        help_text=_("Пусто — методист работает с педагогами всего региона."),
    )
    municipality_name = serializers.CharField(
        source="municipality.name", read_only=True, allow_null=True
    )
    subjects = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Subject.objects.all(), label=_("Предметы")
    )
    subject_names = serializers.SlugRelatedField(
        source="subjects", many=True, read_only=True, slug_field="name"
    )
    load = serializers.IntegerField(
        read_only=True, label=_("Нагрузка"), help_text=_("Действующих закреплений педагогов.")
    )
    is_overloaded = serializers.SerializerMethodField(label=_("Сверх нормы"))

    class Meta:
        model = Methodist
        fields = [
            "id",
            "person",
            "person_name",
            "region",
            "region_name",
            "municipality",
            "municipality_name",
            "subjects",
            "subject_names",
            "directions",
            "included_on",
            "document",
            "excluded_on",
            "load_cap",
            "load",
            "is_overloaded",
        ]
        read_only_fields = ["excluded_on"]

    def get_is_overloaded(self, methodist) -> bool:
        return (getattr(methodist, "load", 0) or 0) > methodist.load_cap


class ExcludeSerializer(serializers.Serializer):
    excluded_on = serializers.DateField(
        required=False, label=_("Дата исключения"), help_text=_("Сегодня, если не указана.")
    )


class AssignmentSerializer(serializers.ModelSerializer):
    methodist = ScopedRelatedField(Methodist, MANAGE, label=_("Методист"))
    methodist_name = serializers.CharField(source="methodist.person.full_name", read_only=True)
    person = ScopedRelatedField(Person, MANAGE, label=_("Педагог"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    is_active = serializers.SerializerMethodField(label=_("Действует"))
    over_cap = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        label=_("Сверх нормы"),
        help_text=_("Подтверждение закрепления за методистом, достигшим предельной нагрузки."),
    )

    class Meta:
        model = MethodistAssignment
        fields = [
            "id",
            "methodist",
            "methodist_name",
            "person",
            "person_name",
            "starts_on",
            "ends_on",
            "is_active",
            "over_cap",
        ]
        read_only_fields = ["ends_on"]
        extra_kwargs = {"starts_on": {"required": False}}

    def get_is_active(self, assignment) -> bool:
        return assignment.ends_on is None


class EndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(
        required=False, label=_("Дата окончания"), help_text=_("Сегодня, если не указана.")
    )


class Refused(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Реестр регионального методического актива (положение, п. 3.2.3.21) с нагрузкой "
            "каждого методиста: число действующих закреплений против предельной (показатель "
            "6.2.5, не более 250)."
        )
    ),
    destroy=extend_schema(
        description=_("Удаляется только методист без закреплений; иначе — 409, исключите его.")
    ),
)
@extend_schema(tags=[_("Методический актив")])
class MethodistViewSet(ScopedViewSet):
    model = Methodist
    change_perm = MANAGE
    serializer_class = MethodistSerializer
    filterset_class = MethodistFilter
    search_fields = ["person__last_name", "person__first_name", "person__middle_name"]
    ordering_fields = ["person__last_name", "included_on", "load", "load_cap"]

    def get_queryset(self):
        return (
            selectors.with_load(super().get_queryset())
            .select_related("person", "region", "municipality")
            .prefetch_related("subjects")
            .order_by("person__last_name", "person__first_name", "pk")
        )

    def perform_create(self, serializer):
        serializer.instance = call_detail(
            services.create_methodist, by=self.request.user, data=serializer.validated_data
        )
        self.read_back(serializer)

    def perform_update(self, serializer):
        serializer.instance = call_detail(
            services.update_methodist,
            serializer.instance,
            by=self.request.user,
            data=serializer.validated_data,
        )
        self.read_back(serializer)

    def perform_destroy(self, instance):
        try:
            services.delete_methodist(instance, by=self.request.user)
        except DjangoValidationError as error:
            raise Refused(error.messages[0]) from error

    @extend_schema(
        request=ExcludeSerializer,
        responses=MethodistSerializer,
        description=_(
            "Исключает методиста из актива; его действующие закрепления завершаются той же датой."
        ),
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def exclude(self, request, pk=None):
        methodist = self.get_object()
        data = ExcludeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_detail(
            services.exclude_methodist,
            methodist,
            by=request.user,
            excluded_on=data.validated_data.get("excluded_on"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=methodist.pk)).data)


@extend_schema_view(
    create=extend_schema(
        description=_(
            "Закрепляет педагога (действующее место работы на педагогической должности в "
            "муниципалитете методиста или, для регионального методиста, в регионе) за методистом. "
            "Прежнее закрепление педагога завершается датой нового. За методистом, достигшим "
            "предельной нагрузки, — только с over_cap: true."
        )
    ),
)
@extend_schema(tags=[_("Методический актив")])
class AssignmentViewSet(ScopedViewSet):
    model = MethodistAssignment
    change_perm = MANAGE
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter
    http_method_names = ["get", "post", "head", "options"]
    search_fields = ["person__last_name", "person__first_name", "person__middle_name"]
    ordering_fields = ["starts_on", "ends_on", "person__last_name"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person", "methodist__person")
            .order_by("-starts_on", "pk")
        )

    def get_changeable_queryset(self):
        managed = Methodist.objects.changeable_by(self.request.user, MANAGE)
        return super().get_changeable_queryset().filter(methodist__in=managed.values("pk"))

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = call_detail(
            services.assign_teacher,
            data["methodist"],
            data["person"],
            by=self.request.user,
            starts_on=data.get("starts_on"),
            over_cap=data.get("over_cap", False),
        )
        self.read_back(serializer)

    @extend_schema(
        request=EndSerializer,
        responses=AssignmentSerializer,
        description=_("Завершает закрепление педагога за методистом."),
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def end(self, request, pk=None):
        assignment = self.get_object()
        data = EndSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_detail(
            services.end_assignment,
            assignment,
            by=request.user,
            ends_on=data.validated_data.get("ends_on"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=assignment.pk)).data)


def register(router):
    router.register("methodists", MethodistViewSet, basename="methodist")
    router.register("methodist-assignments", AssignmentViewSet, basename="methodist-assignment")
