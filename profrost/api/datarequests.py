"""Endpoints of data requests to organizations.

`/api/data-requests/` is the sender's side (MANAGE_DATA_REQUESTS): the requests of the user's
scope, creating a draft with its fields and recipients, sending, closing, the summary.
`/api/data-request-recipients/` is read by both sides: the sender sees every recipient of its
requests with the answers, an organization's administrator sees the own organization's ones. The
administrator answers through the `answer` action (a draft, or `submit: true`); the sender returns
a submitted answer through `return`. Every change goes through `profrost.datarequests.services`,
which validates and audits it; outside the view scope an object is 404, visible but not
changeable 403.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.datarequests import selectors, services
from profrost.datarequests.filters import DataRequestFilter, InboxFilter
from profrost.datarequests.models import (
    DataRequest,
    FieldKind,
    RequestAnswer,
    RequestField,
    RequestLevel,
    RequestRecipient,
)
from profrost.registry.models import Municipality, Organization, Region

from .base import Pagination, call_detail
from .serializers import ScopedRelatedField

MANAGE = Perm.MANAGE_DATA_REQUESTS
TAG = _("Запросы данных")

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class DataRequestFieldSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    choice_list = serializers.ListField(
        child=serializers.CharField(), read_only=True, label=_("Варианты ответа")
    )

    class Meta:
        model = RequestField
        fields = [
            "id",
            "order",
            "label",
            "kind",
            "kind_display",
            "required",
            "hint",
            "choice_list",
            "min_value",
            "max_value",
        ]
        read_only_fields = fields


class DataRequestFieldInputSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=300, label=_("Вопрос"))
    kind = serializers.ChoiceField(choices=FieldKind.choices, label=_("Тип ответа"))
    required = serializers.BooleanField(default=True, label=_("Обязательный"))
    hint = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    choices = serializers.ListField(
        child=serializers.CharField(max_length=300),
        required=False,
        default=list,
        label=_("Варианты ответа (для выбора из списка)"),
    )
    min_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True, default=None
    )
    max_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, required=False, allow_null=True, default=None
    )


class DataRequestSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    municipality_name = serializers.CharField(
        source="municipality.name", read_only=True, allow_null=True
    )
    field_count = serializers.IntegerField(read_only=True, label=_("Полей"))
    recipient_count = serializers.IntegerField(read_only=True, label=_("Получателей"))
    submitted_count = serializers.IntegerField(read_only=True, label=_("Ответили"))
    overdue_count = serializers.IntegerField(read_only=True, label=_("Просрочили"))
    fields = DataRequestFieldSerializer(many=True, read_only=True)

    class Meta:
        model = DataRequest
        fields = [
            "id",
            "title",
            "instructions",
            "level",
            "level_display",
            "region",
            "region_name",
            "municipality",
            "municipality_name",
            "deadline",
            "status",
            "status_display",
            "created",
            "sent_at",
            "closed_at",
            "field_count",
            "recipient_count",
            "submitted_count",
            "overdue_count",
            "fields",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.INT)
class ScopedIdField(ScopedRelatedField):
    # An id among the rows the user may use; a plain serializer has no model to name it by.
    pass


class DataRequestCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, label=_("Название"))
    instructions = serializers.CharField(required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(choices=RequestLevel.choices, label=_("Уровень"))
    region = ScopedIdField(
        Region, MANAGE, required=False, allow_null=True, default=None, label=_("Регион")
    )
    municipality = ScopedIdField(
        Municipality, MANAGE, required=False, allow_null=True, default=None
    )
    deadline = serializers.DateField(label=_("Срок ответа"))
    fields = DataRequestFieldInputSerializer(many=True, required=False, default=list)
    organizations = ScopedIdField(
        Organization, MANAGE, many=True, required=False, default=list, label=_("Получатели")
    )


def _json_value(field, value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value) if field.is_numeric else value.isoformat()


@extend_schema_field(OpenApiTypes.ANY)
class AnswerValueField(serializers.Field):
    # A number as a decimal string, an integer, true/false, an ISO date or a text, by the kind.

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, answer):
        return _json_value(answer.field, answer.value)


class DataRequestAnswerSerializer(serializers.ModelSerializer):
    value = AnswerValueField(label=_("Значение"))

    class Meta:
        model = RequestAnswer
        fields = ["field", "value", "updated"]
        read_only_fields = fields


class DataRequestRecipientSerializer(serializers.ModelSerializer):
    request_title = serializers.CharField(source="request.title", read_only=True)
    request_status = serializers.CharField(source="request.status", read_only=True)
    deadline = serializers.DateField(source="request.deadline", read_only=True)
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    answered = serializers.IntegerField(read_only=True, label=_("Заполнено полей"))
    fields = DataRequestFieldSerializer(source="request.fields", many=True, read_only=True)
    answers = DataRequestAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = RequestRecipient
        fields = [
            "id",
            "request",
            "request_title",
            "request_status",
            "deadline",
            "organization",
            "organization_name",
            "status",
            "status_display",
            "updated_at",
            "submitted_at",
            "returned_at",
            "return_comment",
            "answered",
            "fields",
            "answers",
        ]
        read_only_fields = fields


class DataRequestAnswerInputSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        default=dict,
        label=_("Значения по id полей"),
    )
    submit = serializers.BooleanField(default=False, label=_("Отправить ответ"))


class DataRequestReturnInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, label=_("Что нужно исправить"))


class DataRequestSummaryColumnSerializer(serializers.Serializer):
    field = serializers.IntegerField(source="field.pk")
    label = serializers.CharField(source="field.label")
    kind = serializers.CharField(source="field.kind")
    answered = serializers.IntegerField(label=_("Ответов"))
    total = serializers.DecimalField(
        max_digits=24, decimal_places=4, allow_null=True, label=_("Итого")
    )
    mean = serializers.DecimalField(
        max_digits=24, decimal_places=2, allow_null=True, label=_("Среднее")
    )
    yes = serializers.IntegerField(allow_null=True, label=_("Ответов «да»"))


class DataRequestSummaryRowSerializer(serializers.Serializer):
    recipient = serializers.IntegerField()
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    status = serializers.CharField()
    counted = serializers.BooleanField()
    values = serializers.ListField(child=serializers.JSONField(allow_null=True))


class DataRequestSummarySerializer(serializers.Serializer):
    counted = serializers.IntegerField(label=_("Учтено ответов"))
    include_drafts = serializers.BooleanField()
    columns = DataRequestSummaryColumnSerializer(many=True)
    rows = DataRequestSummaryRowSerializer(many=True)


@extend_schema(tags=[TAG])
class DataRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests of the user's scope, as their sender side sees them."""

    model = DataRequest
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = DataRequestSerializer
    filterset_class = DataRequestFilter
    search_fields = ["title", "instructions"]
    ordering_fields = ["created", "deadline", "title"]

    def get_queryset(self):
        user = self.request.user
        visible = DataRequest.objects.visible_to(user, MANAGE)
        fields = RequestField.objects.order_by("order", "pk")
        return (
            selectors.requests_for_list(visible, user)
            .prefetch_related(Prefetch("fields", fields))
            .order_by("-created", "-pk")
        )

    @extend_schema(
        description=_(
            "Создаёт черновик запроса: уровень (region — регион, municipality — муниципалитет "
            "из вашей области действия), срок, поля и организации-получатели. Отправка — "
            "отдельным действием send."
        ),
        request=DataRequestCreateSerializer,
        responses={201: DataRequestSerializer},
    )
    def create(self, request, *args, **kwargs):
        if not selectors.is_sender(request.user):
            raise PermissionDenied(
                _("Создавать запросы могут муниципальные и региональные методисты.")
            )
        data = DataRequestCreateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        created = self._create(data.validated_data)
        output = self.get_serializer(self.get_queryset().get(pk=created.pk))
        return Response(output.data, status=status.HTTP_201_CREATED)

    @transaction.atomic
    def _create(self, data):
        user = self.request.user
        created = call_detail(
            services.create_request,
            by=user,
            title=data["title"],
            instructions=data["instructions"],
            level=data["level"],
            region=data["region"],
            municipality=data["municipality"],
            deadline=data["deadline"],
        )
        for spec in data["fields"]:
            spec = {**spec, "choices": "\n".join(spec["choices"])}
            call_detail(services.add_field, created, by=user, **spec)
        if data["organizations"]:
            call_detail(services.add_recipients, created, data["organizations"], by=user)
        return created

    def _act(self, service, **kwargs):
        data_request = self.get_object()
        call_detail(service, data_request, by=self.request.user, **kwargs)
        return Response(self.get_serializer(self.get_queryset().get(pk=data_request.pk)).data)

    @extend_schema(
        description=_(
            "Отправляет черновик: нужны хотя бы одно поле и один получатель из вашей области "
            "действия, срок не прошёл."
        ),
        request=None,
        responses=DataRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        return self._act(services.send_request)

    @extend_schema(
        description=_("Закрывает отправленный запрос: ответы больше не принимаются."),
        request=None,
        responses=DataRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(services.close_request)

    @extend_schema(
        description=_(
            "Сводная таблица: организации — строки, поля — столбцы. Учитываются отправленные "
            "ответы (drafts=1 — и черновики); итоги и средние числовых полей и число ответов "
            "«да» считаются в базе данных."
        ),
        parameters=[
            OpenApiParameter("drafts", OpenApiTypes.BOOL, description=_("Учитывать черновики"))
        ],
        responses=DataRequestSummarySerializer,
        filters=False,
    )
    @action(detail=True, pagination_class=None, filterset_class=None)
    def summary(self, request, pk=None):
        data_request = self.get_object()
        drafts = request.query_params.get("drafts", "").lower() in ("1", "true")
        summary = selectors.summary(data_request, request.user, include_drafts=drafts)
        rows = [
            {
                "recipient": row.recipient.pk,
                "organization": row.recipient.organization_id,
                "organization_name": row.recipient.organization.short_name,
                "status": row.recipient.status,
                "counted": row.counted,
                "values": [
                    _json_value(field, value) if row.counted else None for field, value in row.pairs
                ],
            }
            for row in summary.rows
        ]
        data = {
            "counted": summary.counted,
            "include_drafts": summary.include_drafts,
            "columns": summary.columns,
            "rows": rows,
        }
        return Response(DataRequestSummarySerializer(data).data)


@extend_schema(tags=[TAG])
class RecipientViewSet(viewsets.ReadOnlyModelViewSet):
    """The recipients the user sees: of the own requests (sender), or the own organization's."""

    model = RequestRecipient
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = DataRequestRecipientSerializer
    filterset_class = InboxFilter
    search_fields = ["request__title", "organization__short_name"]
    ordering_fields = ["submitted_at", "request__deadline"]

    def get_queryset(self):
        fields = RequestField.objects.order_by("order", "pk")
        return (
            selectors.inbox(selectors.recipients_visible_to(self.request.user))
            .prefetch_related(Prefetch("request__fields", fields), "answers__field")
            .order_by("request__deadline", "organization__short_name", "pk")
        )

    def _read_back(self, recipient):
        return Response(self.get_serializer(self.get_queryset().get(pk=recipient.pk)).data)

    @extend_schema(
        description=_(
            "Ответ администратора организации-получателя: values — значения по id полей "
            "(число — числом или строкой, да/нет — true/false, дата — ГГГГ-ММ-ДД, выбор — один "
            "из вариантов, null — очистить). Без submit сохраняется черновик; с submit: true "
            "ответ отправляется: все обязательные поля заполнены, значения проверены, иначе "
            "ничего не записывается."
        ),
        request=DataRequestAnswerInputSerializer,
        responses=DataRequestRecipientSerializer,
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        recipient = self.get_object()
        data = DataRequestAnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service = (
            services.submit_answers if data.validated_data["submit"] else services.save_answers
        )
        try:
            service(recipient, data.validated_data["values"], by=request.user)
        except DjangoValidationError as error:
            if hasattr(error, "error_dict"):
                raise ValidationError({"values": error.message_dict}) from error
            raise ValidationError({"detail": error.messages}) from error
        return self._read_back(recipient)

    @extend_schema(
        description=_(
            "Возвращает отправленный ответ на доработку с комментарием (отправитель запроса)."
        ),
        request=DataRequestReturnInputSerializer,
        responses=DataRequestRecipientSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_correction(self, request, pk=None):
        recipient = self.get_object()
        data = DataRequestReturnInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call_detail(
            services.return_answers,
            recipient,
            by=request.user,
            comment=data.validated_data["comment"],
        )
        return self._read_back(recipient)


def register(router):
    router.register("data-requests", DataRequestViewSet, basename="data-request")
    router.register("data-request-recipients", RecipientViewSet, basename="data-request-recipient")
