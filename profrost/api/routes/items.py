"""The endpoints of route items and their checkpoints."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from profrost.competences.models import Competence
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.diagnostics.models import Deficit
from profrost.programs.models import Cohort, Program
from profrost.registry.models import Person
from profrost.routes import selectors, services
from profrost.routes.models import (
    ActivityKind,
    Checkpoint,
    ItemStatus,
    Route,
    RouteItem,
)

from ..base import call
from ..serializers import ScopedRelatedField
from .common import RouteChoiceField, RoutesViewSet

# Items ------------------------------------------------------------------------------------------


class RouteItemSerializer(serializers.ModelSerializer):
    route = ScopedRelatedField(
        Route,
        Perm.MANAGE_ROUTES,
        label=_("Маршрут"),
        help_text=_("Задаётся при добавлении пункта и потом не меняется."),
    )
    kind = RouteChoiceField(ActivityKind, label=_("Форма"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    covered_deficits = ScopedRelatedField(
        Deficit,
        Perm.VIEW_DIAGNOSTICS,
        many=True,
        required=False,
        label=_("Дефициты, на которые направлен пункт"),
        help_text=_("Только дефициты работника маршрута; первый становится основным."),
    )
    competence = serializers.PrimaryKeyRelatedField(
        queryset=Competence.objects.all(), required=False, allow_null=True, label=_("Компетенция")
    )
    cohort = ScopedRelatedField(
        Cohort, Perm.VIEW_PROGRAMS, required=False, allow_null=True, label=_("Поток программы")
    )
    program = ScopedRelatedField(
        Program, Perm.VIEW_PROGRAMS, required=False, allow_null=True, label=_("Программа")
    )
    mentor = ScopedRelatedField(Person, required=False, allow_null=True, label=_("Наставник"))
    status = RouteChoiceField(ItemStatus, read_only=True, label=_("Статус"))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    evidence_file = serializers.FileField(read_only=True, allow_null=True)

    class Meta:
        model = RouteItem
        fields = [
            "id",
            "route",
            "order",
            "kind",
            "kind_display",
            "title",
            "deficit",
            "covered_deficits",
            "competence",
            "cohort",
            "program",
            "mentor",
            "link_title",
            "link_url",
            "starts_on",
            "ends_on",
            "hours",
            "expected_result",
            "reporting_form",
            "status",
            "status_display",
            "evidence_text",
            "evidence_url",
            "evidence_file",
        ]
        read_only_fields = ["order", "deficit", "evidence_text", "evidence_url"]


class RouteItemProgressSerializer(serializers.Serializer):
    status = RouteChoiceField(
        ItemStatus,
        required=False,
        label=_("Отметка о выполнении"),
        help_text=_("Педагог ставит in_progress или done; not_done — тьютор или методист."),
    )
    evidence_text = serializers.CharField(
        required=False, allow_blank=True, label=_("Подтверждение (текст)")
    )
    evidence_url = serializers.CharField(
        required=False, allow_blank=True, label=_("Ссылка-подтверждение")
    )
    evidence_file = serializers.FileField(required=False, label=_("Файл-подтверждение (до 10 МБ)"))


class RouteItemMoveSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=[("up", _("выше")), ("down", _("ниже"))], label=_("Куда")
    )


@extend_schema(
    tags=[_("Индивидуальные маршруты")],
    description=_(
        "Пункты маршрутов. Добавлять можно в черновик, согласованный и выполняемый маршрут; "
        "изменять, удалять и переставлять — только в черновике. Отметку о выполнении и "
        "подтверждение ставит сам педагог (POST .../progress/)."
    ),
)
class RouteItemViewSet(RoutesViewSet):
    model = RouteItem
    serializer_class = RouteItemSerializer
    filterset_fields = ["route", "status", "kind"]
    search_fields = ["title"]
    ordering_fields = ["order", "starts_on"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    create_service = services.add_item
    update_service = services.update_item
    delete_service = services.delete_item
    parent_field = "route"

    def get_queryset(self):
        return (
            selectors.items_visible_to(self.request.user)
            .select_related("route")
            .prefetch_related("covered_deficits")
            .order_by("route", "order", "pk")
        )

    def get_changeable_queryset(self):
        user = self.request.user
        managed = Route.objects.changeable_by(user, Perm.MANAGE_ROUTES).values("pk")
        if self.action == "progress":
            own = Q(route__person=user.person_id) if user.person_id else Q(pk__in=[])
            return self.get_queryset().filter(own | Q(route__in=managed))
        return RouteItem.objects.filter(route__in=managed)

    @extend_schema(request=RouteItemProgressSerializer, responses=RouteItemSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        serializer = RouteItemProgressSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("status") and data["status"] != item.status:
            call(services.set_item_status, item, data["status"], by=request.user)
        evidence = {
            "text": data.get("evidence_text"),
            "url": data.get("evidence_url"),
            "upload": data.get("evidence_file"),
        }
        if any(value is not None for value in evidence.values()):
            call(services.save_evidence, item, by=request.user, **evidence)
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)

    @extend_schema(request=RouteItemMoveSerializer, responses=RouteItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        item = self.get_object()
        serializer = RouteItemMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        up = serializer.validated_data["direction"] == "up"
        call(services.move_item, item, by=request.user, up=up)
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)


# Checkpoints ------------------------------------------------------------------------------------


class RouteCheckpointSerializer(serializers.ModelSerializer):
    item = ScopedRelatedField(
        RouteItem,
        Perm.MANAGE_ROUTES,
        label=_("Пункт маршрута"),
        help_text=_("Задаётся при добавлении точки и потом не меняется."),
    )
    route = serializers.IntegerField(source="item.route_id", read_only=True, label=_("Маршрут"))
    is_overdue = serializers.BooleanField(read_only=True, label=_("Просрочена"))

    class Meta:
        model = Checkpoint
        fields = ["id", "item", "route", "title", "due_on", "done_on", "note", "is_overdue"]
        read_only_fields = ["done_on"]


class RouteCheckpointDoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(default=True, label=_("Выполнена"))
    note = serializers.CharField(required=False, allow_blank=True, label=_("Комментарий"))


@extend_schema(
    tags=[_("Индивидуальные маршруты")],
    description=_(
        "Контрольные точки пунктов маршрутов. Отметку о прохождении (POST .../done/) ставят "
        "педагог, его тьютор или методист, пока маршрут согласован или выполняется."
    ),
)
class RouteCheckpointViewSet(RoutesViewSet):
    model = Checkpoint
    serializer_class = RouteCheckpointSerializer
    filterset_fields = ["item"]
    ordering_fields = ["due_on"]
    create_service = services.add_checkpoint
    update_service = services.update_checkpoint
    delete_service = services.delete_checkpoint
    parent_field = "item"

    def get_queryset(self):
        return (
            selectors.checkpoints_visible_to(self.request.user)
            .select_related("item")
            .order_by("due_on", "pk")
        )

    def get_changeable_queryset(self):
        if self.action == "done":
            return self.get_queryset()  # the service tells the person, tutor and methodist apart
        managed = Route.objects.changeable_by(self.request.user, Perm.MANAGE_ROUTES)
        return Checkpoint.objects.filter(item__route__in=managed.values("pk"))

    def may_create(self):
        return has_perm_anywhere(self.request.user, Perm.MANAGE_ROUTES)

    @extend_schema(request=RouteCheckpointDoneSerializer, responses=RouteCheckpointSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None):
        checkpoint = self.get_object()
        serializer = RouteCheckpointDoneSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        call(
            services.mark_checkpoint,
            checkpoint,
            by=request.user,
            done=data["done"],
            note=data.get("note"),
        )
        checkpoint.refresh_from_db()
        return Response(self.get_serializer(checkpoint).data)
