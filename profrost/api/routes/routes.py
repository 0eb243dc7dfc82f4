"""The routes endpoint: reading, building, changing and moving routes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.registry.models import Person
from profrost.routes import building, selectors, services
from profrost.routes.filters import RouteFilter
from profrost.routes.models import (
    ActivityKind,
    Route,
    RouteStatus,
)

from ..base import call
from ..serializers import ScopedRelatedField
from .common import PersonIdField, RouteChoiceField, RoutesViewSet

# Routes -----------------------------------------------------------------------------------------


class RouteSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    tutor_name = serializers.CharField(source="tutor.full_name", read_only=True, allow_null=True)
    status = RouteChoiceField(RouteStatus, read_only=True, label=_("Статус"))
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    organization_name = serializers.CharField(
        read_only=True, allow_null=True, label=_("Организация")
    )
    item_count = serializers.IntegerField(read_only=True, label=_("Пунктов"))
    done_count = serializers.IntegerField(read_only=True, label=_("Выполнено пунктов"))
    planned_hours = serializers.IntegerField(read_only=True, label=_("Запланировано часов"))
    overdue_count = serializers.IntegerField(
        read_only=True, label=_("Просроченных контрольных точек")
    )
    deficit_snapshot = serializers.JSONField(
        read_only=True,
        label=_("Дефициты при построении"),
        help_text=_(
            "Список: deficit, competence, code, name, level, percent, found_on, note "
            "(почему дефицит не включён в маршрут)."
        ),
    )

    class Meta:
        model = Route
        fields = [
            "id",
            "person",
            "person_name",
            "organization_name",
            "title",
            "goal",
            "starts_on",
            "ends_on",
            "status",
            "status_display",
            "tutor",
            "tutor_name",
            "hours_budget",
            "deficit_snapshot",
            "agreed_on",
            "completed_on",
            "cancel_reason",
            "rediagnosis_attempt",
            "item_count",
            "done_count",
            "planned_hours",
            "overdue_count",
        ]
        read_only_fields = fields


class RouteCreateSerializer(serializers.Serializer):
    person = PersonIdField(Perm.MANAGE_ROUTES, label=_("Работник"))
    title = serializers.CharField(label=_("Название"), max_length=300)
    starts_on = serializers.DateField(label=_("Начало"))
    ends_on = serializers.DateField(label=_("Окончание"))
    hours_budget = serializers.IntegerField(label=_("Бюджет часов"), min_value=1, default=72)
    tutor = PersonIdField(label=_("Тьютор (методист)"), required=False, allow_null=True)
    goal = serializers.CharField(label=_("Цель маршрута"), required=False, allow_blank=True)


class RouteUpdateSerializer(serializers.ModelSerializer):
    tutor = ScopedRelatedField(
        Person, label=_("Тьютор (методист)"), required=False, allow_null=True
    )

    class Meta:
        model = Route
        fields = ["title", "goal", "starts_on", "ends_on", "hours_budget", "tutor"]


class RouteCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Причина отмены"))


class RouteProposalRequestSerializer(serializers.Serializer):
    person = PersonIdField(Perm.MANAGE_ROUTES, label=_("Работник"))
    starts_on = serializers.DateField(label=_("Начало"))
    ends_on = serializers.DateField(label=_("Окончание"))
    hours_budget = serializers.IntegerField(label=_("Бюджет часов"), min_value=1, default=72)


class RouteProposedItemSerializer(serializers.Serializer):
    kind = RouteChoiceField(ActivityKind, label=_("Форма"))
    deficit_ids = serializers.ListField(child=serializers.IntegerField(), label=_("Дефициты"))
    competence_ids = serializers.ListField(child=serializers.IntegerField(), label=_("Компетенции"))
    hours = serializers.IntegerField(label=_("Часов"))
    program_id = serializers.IntegerField(allow_null=True, label=_("Программа"))
    cohort_id = serializers.IntegerField(allow_null=True, label=_("Поток"))
    registry = serializers.BooleanField(label=_("В Федеральном реестре"))
    event_id = serializers.IntegerField(allow_null=True, label=_("Мероприятие"))
    mentor_id = serializers.IntegerField(allow_null=True, label=_("Наставник"))
    link_title = serializers.CharField(label=_("Мероприятие, объединение, площадка"))
    starts_on = serializers.DateField(allow_null=True, label=_("Начало"))
    ends_on = serializers.DateField(allow_null=True, label=_("Окончание"))


class RouteProposalSerializer(serializers.Serializer):
    items = RouteProposedItemSerializer(many=True)
    covered = serializers.ListField(
        child=serializers.IntegerField(), label=_("Дефициты, покрытые программами")
    )
    uncovered = serializers.ListField(
        child=serializers.IntegerField(), label=_("Дефициты, не покрытые программами")
    )
    no_program = serializers.ListField(
        child=serializers.IntegerField(),
        label=_("Из них — для которых в каталоге нет подходящей программы"),
    )
    program_hours = serializers.IntegerField(label=_("Часов программ"))
    hours = serializers.IntegerField(label=_("Часов всего"))
    budget = serializers.IntegerField(label=_("Бюджет часов"))
    exact = serializers.BooleanField(label=_("Точный подбор (не больше 12 дефицитов)"))


@extend_schema(
    tags=[_("Индивидуальные маршруты")],
    description=_(
        "Индивидуальные образовательные маршруты (ИОМ). Создание (POST) строит черновик по "
        "открытым дефицитам работника с предложенными пунктами; статус меняется действиями "
        "agree, start, complete, cancel. Удалить можно только черновик."
    ),
)
class RouteViewSet(RoutesViewSet):
    model = Route
    delete_service = services.delete_route
    filterset_class = RouteFilter
    search_fields = ["person__last_name", "person__first_name", "title"]
    ordering_fields = ["starts_on", "ends_on", "person__last_name", "title"]

    def get_queryset(self):
        visible = selectors.routes_visible_to(self.request.user)
        return selectors.routes_for_list(visible).order_by("-starts_on", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return RouteCreateSerializer
        if self.action in ("update", "partial_update"):
            return RouteUpdateSerializer
        return RouteSerializer

    def respond(self, route, status=200):
        route = self.get_queryset().get(pk=route.pk)
        return Response(RouteSerializer(route, context=self.get_serializer_context()).data, status)

    @extend_schema(request=RouteCreateSerializer, responses={201: RouteSerializer})
    def create(self, request, *args, **kwargs):
        serializer = RouteCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        route = call(services.build_route, data.pop("person"), by=request.user, **data)
        return self.respond(route, 201)

    @extend_schema(request=RouteUpdateSerializer, responses=RouteSerializer)
    def update(self, request, *args, **kwargs):
        route = self.get_object()
        serializer = RouteUpdateSerializer(
            route,
            data=request.data,
            partial=kwargs.get("partial", False),
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        call(services.update_route, route, by=request.user, data=serializer.validated_data)
        return self.respond(route)

    @extend_schema(request=RouteUpdateSerializer, responses=RouteSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _move(self, service, **kwargs):
        route = self.get_object()
        call(service, route, by=self.request.user, **kwargs)
        return self.respond(route)

    @extend_schema(request=None, responses=RouteSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        return self._move(services.agree_route)

    @extend_schema(request=None, responses=RouteSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._move(services.start_route)

    @extend_schema(request=None, responses=RouteSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._move(services.complete_route)

    @extend_schema(request=RouteCancelSerializer, responses=RouteSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        route = self.get_object()
        serializer = RouteCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        call(services.cancel_route, route, by=request.user, reason=reason)
        return self.respond(route)

    @extend_schema(request=None, responses=RouteSerializer)
    @action(detail=True, methods=["post"])
    def rediagnosis(self, request, pk=None):
        return self._move(services.offer_rediagnosis)

    @extend_schema(
        request=RouteProposalRequestSerializer,
        responses=RouteProposalSerializer,
        description=_("Предложение пунктов маршрута по открытым дефицитам; ничего не сохраняет."),
    )
    @action(detail=False, methods=["post"])
    def proposal(self, request):
        serializer = RouteProposalRequestSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        preview = building.preview(data.pop("person"), **data)
        result = preview.result
        payload = {
            **{name: getattr(result, name) for name in RouteProposalSerializer().fields},
            "items": [item.__dict__ for item in result.items],
        }
        return Response(RouteProposalSerializer(payload).data)
