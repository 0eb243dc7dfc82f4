"""Endpoints of training requests, their review and their summary."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.programs import selectors, services
from profrost.programs.filters import RequestFilter
from profrost.programs.models import (
    Program,
    RequestStatus,
    TrainingRequest,
)
from profrost.registry.models import Organization, Person

from ..base import NamedChoiceField, call
from ..serializers import ScopedRelatedField
from .common import ProgramsViewSet

# Training requests -----------------------------------------------------------------------------


class TrainingRequestSerializer(serializers.ModelSerializer):
    organization = ScopedRelatedField(
        Organization,
        Perm.MANAGE_TRAINING_REQUESTS,
        required=False,
        allow_null=True,
        label=_("Организация"),
        help_text=_("Для заявки работника пусто — его основное место работы."),
    )
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    person = ScopedRelatedField(
        Person,
        Perm.MANAGE_TRAINING_REQUESTS,
        required=False,
        allow_null=True,
        label=_("Работник"),
        help_text=_("Пусто — заявка от коллектива организации."),
    )
    person_name = serializers.CharField(source="person.full_name", read_only=True, allow_null=True)
    program = ScopedRelatedField(
        Program, Perm.VIEW_PROGRAMS, required=False, allow_null=True, label=_("Программа")
    )
    status = NamedChoiceField(RequestStatus, prefix="Training", read_only=True, label=_("Статус"))
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = TrainingRequest
        fields = [
            "id",
            "organization",
            "organization_name",
            "person",
            "person_name",
            "year",
            "direction",
            "competence",
            "program",
            "headcount",
            "status",
            "status_display",
            "note",
            "filed_on",
            "created",
        ]
        read_only_fields = ["status", "created"]
        extra_kwargs = {
            "direction": {"required": False, "allow_blank": True},
            "headcount": {"required": False},
            "filed_on": {"required": False},
        }


class ReviewSerializer(serializers.Serializer):
    status = NamedChoiceField(RequestStatus, prefix="Training", label=_("Статус"))
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class RequestSummaryRowSerializer(serializers.Serializer):
    direction = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization__short_name")
    municipality_name = serializers.CharField(source="organization__municipality__name")
    individual = serializers.IntegerField(label=_("Заявок работников"))
    collective = serializers.IntegerField(label=_("Заявок коллектива"))
    headcount = serializers.IntegerField(label=_("Человек к обучению"))


@extend_schema(
    tags=[_("Программы ДПО")],
    description=_(
        "Заявки на направления обучения от работника или от коллектива организации. Педагог "
        "подаёт свою; заявку коллектива — администратор организации и методисты. Изменить и "
        "удалить можно только новую заявку; рассматривают (review) муниципальный и региональный "
        "уровни."
    ),
)
class TrainingRequestViewSet(ProgramsViewSet):
    model = TrainingRequest
    perm = Perm.MANAGE_TRAINING_REQUESTS
    change_perm = Perm.MANAGE_TRAINING_REQUESTS
    serializer_class = TrainingRequestSerializer
    filterset_class = RequestFilter
    search_fields = ["direction", "person__last_name", "organization__short_name"]
    ordering_fields = ["created", "filed_on", "year", "direction", "headcount"]
    create_service = services.create_request
    update_service = services.update_request
    delete_service = services.delete_request

    def get_queryset(self):
        return selectors.requests_for_list(super().get_queryset()).order_by("-created", "-pk")

    def get_changeable_queryset(self):
        if self.action == "review":
            return self.get_queryset()  # the service decides, with its message
        return super().get_changeable_queryset()

    @extend_schema(request=ReviewSerializer, responses=TrainingRequestSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        training_request = self.get_object()
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(
            services.review_request,
            training_request,
            by=request.user,
            **serializer.validated_data,
        )
        training_request = self.get_queryset().get(pk=training_request.pk)
        return Response(self.get_serializer(training_request).data)

    @extend_schema(
        responses=RequestSummaryRowSerializer(many=True),
        description=_(
            "Сводка заявок по направлениям и организациям (с теми же фильтрами, что у списка); "
            "отклонённые не учитываются, если статус не задан."
        ),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def summary(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        if not request.query_params.get("status"):
            queryset = queryset.exclude(status=RequestStatus.DECLINED)
        rows = selectors.request_summary(queryset).rows
        return Response(RequestSummaryRowSerializer(rows, many=True).data)
