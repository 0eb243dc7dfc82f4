"""Events with registration and attendance, participations, annual plans."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.network import selectors, services
from profrost.network.filters import EventFilter, PlanFilter
from profrost.network.models import (
    Association,
    Event,
    EventKind,
    EventLevel,
    EventStatus,
    Participation,
    ParticipationRole,
    PlanLevel,
    WorkPlan,
)
from profrost.registry.models import Municipality, Organization, Region

from ..base import NamedChoiceField, Pagination, call_detail
from .common import NetworkViewSet, VisibleField

# Events ----------------------------------------------------------------------------------------


class EventSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(EventKind, label=_("Форма"))
    level = NamedChoiceField(EventLevel, label=_("Уровень"))
    status = NamedChoiceField(EventStatus, read_only=True, label=_("Статус"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    organizer_organization = VisibleField(
        Organization, label=_("Организатор: организация"), required=False, allow_null=True
    )
    organizer_association = VisibleField(
        Association,
        Perm.VIEW_NETWORK,
        label=_("Организатор: объединение"),
        required=False,
        allow_null=True,
    )
    plan = VisibleField(
        WorkPlan, Perm.VIEW_NETWORK, label=_("План"), required=False, allow_null=True
    )
    participant_count = serializers.IntegerField(read_only=True, label=_("Участников"))
    registered_count = serializers.IntegerField(read_only=True, label=_("Всего в списке"))
    attended_count = serializers.IntegerField(read_only=True, label=_("Присутствовало"))
    free_places = serializers.IntegerField(read_only=True, allow_null=True, label=_("Свободно"))

    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "level",
            "organizer_organization",
            "organizer_association",
            "plan",
            "region",
            "municipality",
            "organization",
            "starts_at",
            "ends_at",
            "place",
            "link",
            "audience_positions",
            "audience_subjects",
            "audience_note",
            "competences",
            "capacity",
            "hours",
            "registration_open",
            "status",
            "cancel_reason",
            "description",
            "participant_count",
            "registered_count",
            "attended_count",
            "free_places",
        ]
        read_only_fields = ["region", "municipality", "organization", "cancel_reason"]


class EventCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(
        label=_("Причина отмены"), max_length=300, required=False, allow_blank=True
    )


class AttendanceMarkSerializer(serializers.Serializer):
    person = serializers.IntegerField(label=_("Работник (id)"))
    attended = serializers.BooleanField(label=_("Присутствовал"))


class AttendanceSerializer(serializers.Serializer):
    marks = AttendanceMarkSerializer(many=True, label=_("Отметки"))


class AttendanceResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField(label=_("Изменено отметок"))


class EventParticipationSerializer(serializers.ModelSerializer):
    event = VisibleField(Event, Perm.VIEW_NETWORK, label=_("Мероприятие"))
    person = serializers.IntegerField(source="person_id", label=_("Работник (id)"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    role = NamedChoiceField(ParticipationRole, label=_("Роль"), required=False)
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    position_name = serializers.CharField(source="position.name", read_only=True, allow_null=True)

    class Meta:
        model = Participation
        fields = [
            "id",
            "event",
            "person",
            "person_name",
            "role",
            "topic",
            "organization",
            "organization_name",
            "position",
            "position_name",
            "registered_at",
            "attended",
        ]
        read_only_fields = ["organization", "position", "registered_at", "attended"]


@extend_schema(
    tags=[_("Методическая сеть")],
    description=_(
        "Методические мероприятия. Охват (регион, муниципалитет, организация) следует из уровня "
        "и организатора. Регистрация: register/unregister — сам работник; участников "
        "регистрирует /api/event-participations/. Посещение отмечают организаторы после начала "
        "и только для зарегистрированных."
    ),
)
class EventViewSet(NetworkViewSet):
    model = Event
    change_perm = Perm.MANAGE_EVENTS
    serializer_class = EventSerializer
    filterset_class = EventFilter
    search_fields = ["title", "place", "description"]
    ordering_fields = ["starts_at", "title", "participant_count"]
    save_with = staticmethod(services.save_event)
    delete_with = staticmethod(services.delete_event)

    def get_queryset(self):
        return (
            selectors.events_for_list(super().get_queryset())
            .prefetch_related("audience_positions", "audience_subjects", "competences")
            .order_by("-starts_at", "pk")
        )

    def may_create(self):
        return services.may_create_events(self.request.user)

    def save_kwargs(self, serializer):
        names = ("audience_positions", "audience_subjects", "competences")
        data = serializer.validated_data
        return {"m2m": {name: data[name] for name in names if name in data}}

    @extend_schema(request=None, responses={201: EventParticipationSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def register(self, request, pk=None):
        event = self.get_object()
        if not request.user.person_id:
            raise serializers.ValidationError(
                {"detail": [_("Учётная запись не связана с карточкой работника.")]}
            )
        participation = call_detail(services.register, event, request.user.person, by=request.user)
        return Response(EventParticipationSerializer(participation).data, status=201)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def unregister(self, request, pk=None):
        event = self.get_object()
        participation = Participation.objects.filter(
            event=event, person_id=request.user.person_id
        ).first()
        if participation is None:
            raise serializers.ValidationError(
                {"detail": [_("Вы не зарегистрированы на это мероприятие.")]}
            )
        call_detail(services.unregister, participation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=AttendanceSerializer, responses=AttendanceResultSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        event = self.get_object()
        payload = AttendanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        marks = {mark["person"]: mark["attended"] for mark in payload.validated_data["marks"]}
        changed = call_detail(services.mark_attendance, event, marks, by=request.user)
        return Response({"changed": changed})

    @extend_schema(request=EventCancelSerializer, responses=EventSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        event = self.get_object()
        payload = EventCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        call_detail(
            services.cancel_event,
            event,
            by=request.user,
            reason=payload.validated_data.get("reason", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=event.pk)).data)


@extend_schema(
    tags=[_("Методическая сеть")],
    description=_(
        "Участники мероприятий (регистрационные списки). Организаторы видят всех участников, "
        "руководители — своих работников, педагог — себя. Регистрирует: сам работник, "
        "руководитель — своих работников (пока открыта регистрация и до начала), организаторы — "
        "любого в охвате мероприятия в любой роли до его окончания."
    ),
)
class ParticipationViewSet(
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    model = Participation
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = EventParticipationSerializer
    filterset_fields = ["event", "person", "role", "attended"]
    ordering_fields = ["registered_at", "person__last_name"]

    def get_queryset(self):
        return (
            Participation.objects.visible_to(self.request.user, Perm.VIEW_NETWORK)
            .select_related("person", "organization", "position")
            .order_by("event", "person__last_name", "person__first_name", "pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        event, user = data["event"], self.request.user
        person = services.registrable_people(event, user).filter(pk=data["person_id"]).first()
        if person is None:
            raise serializers.ValidationError({"person": [_("Работник не найден.")]})
        serializer.instance = call_detail(
            services.register,
            event,
            person,
            by=user,
            role=data.get("role", ParticipationRole.PARTICIPANT),
            topic=data.get("topic", ""),
        )

    def perform_destroy(self, instance):
        call_detail(services.unregister, instance, by=self.request.user)


# Plans -----------------------------------------------------------------------------------------


class WorkPlanSerializer(serializers.ModelSerializer):
    level = NamedChoiceField(PlanLevel, label=_("Чей план"))
    association = VisibleField(
        Association, Perm.VIEW_NETWORK, label=_("Объединение"), required=False, allow_null=True
    )
    region = VisibleField(Region, label=_("Регион"), required=False, allow_null=True)
    municipality = VisibleField(
        Municipality, label=_("Муниципалитет"), required=False, allow_null=True
    )
    organization = VisibleField(
        Organization, label=_("Организация"), required=False, allow_null=True
    )
    school_year = serializers.CharField(read_only=True, label=_("Учебный год"))
    event_count = serializers.IntegerField(read_only=True, label=_("Мероприятий"))
    held_count = serializers.IntegerField(read_only=True, label=_("Проведено"))
    cancelled_count = serializers.IntegerField(read_only=True, label=_("Отменено"))
    fulfilment = serializers.IntegerField(
        read_only=True, allow_null=True, label=_("Выполнение, % (проведено от всех)")
    )

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "title",
            "level",
            "association",
            "region",
            "municipality",
            "organization",
            "year",
            "school_year",
            "approved_on",
            "document",
            "description",
            "event_count",
            "held_count",
            "cancelled_count",
            "fulfilment",
        ]


@extend_schema(
    tags=[_("Методическая сеть")],
    description=_(
        "Годовые планы методической работы муниципалитета, объединения, организации, региона; "
        "выполнение — доля проведённых мероприятий плана."
    ),
)
class WorkPlanViewSet(NetworkViewSet):
    model = WorkPlan
    change_perm = Perm.MANAGE_EVENTS
    serializer_class = WorkPlanSerializer
    filterset_class = PlanFilter
    search_fields = ["title", "document"]
    ordering_fields = ["year", "title", "fulfilment"]
    save_with = staticmethod(services.save_plan)
    delete_with = staticmethod(services.delete_plan)

    def get_queryset(self):
        return selectors.plans_for_list(super().get_queryset()).order_by("-year", "title", "pk")

    def may_create(self):
        return services.may_create_plans(self.request.user)
