"""Endpoints of mentoring: programmes, pairs, meetings and the young specialists without a mentor.

Reads go through `visible_to(user, Perm.VIEW_NETWORK)` with the pages' filter sets. Writes go
through `profrost.mentoring.services`, which validate with the pages' Russian messages and audit
(`mentoring.<model>.<verb>`). Programmes and pairs are changed by holders of MANAGE_MENTORING over
them; a pair is completed (POST .../complete/) by a manager or by its mentor (KEEP_OWN_MENTORING),
terminated (POST .../terminate/) by a manager; meetings are recorded by both.
"""

from functools import partial

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.diagnostics.models import Deficit
from profrost.mentoring import selectors, services
from profrost.mentoring.filters import MeetingFilter, PairFilter, ProgramFilter, YoungFilter
from profrost.mentoring.models import (
    MeetingKind,
    MentoringMeeting,
    MentoringPair,
    MentoringProgram,
    PairKind,
    PairStatus,
    ProgramLevel,
    ProgramStatus,
)
from profrost.registry.models import Municipality, Organization, Person

from .base import NamedChoiceField, Pagination, ServiceViewSet, service_errors
from .serializers import ScopedRelatedField

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


# The enums of mentoring are named Mentoring<Class>Enum.
EnumChoiceField = partial(NamedChoiceField, prefix="Mentoring")


class MentoringViewSet(ServiceViewSet):
    perm = Perm.VIEW_NETWORK
    change_perm = Perm.MANAGE_MENTORING

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)


# Programmes -------------------------------------------------------------------------------------


class ProgramSerializer(serializers.ModelSerializer):
    level = EnumChoiceField(ProgramLevel, label=_("Уровень"))
    municipality = ScopedRelatedField(
        Municipality,
        Perm.MANAGE_MENTORING,
        required=False,
        allow_null=True,
        label=_("Муниципалитет"),
        help_text=_("Для муниципальной программы; для программы организации — её муниципалитет."),
    )
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    organization = ScopedRelatedField(
        Organization,
        Perm.MANAGE_MENTORING,
        required=False,
        allow_null=True,
        label=_("Организация"),
        help_text=_("Для программы уровня организации."),
    )
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    coordinator = ScopedRelatedField(
        Person,
        Perm.MANAGE_MENTORING,
        required=False,
        allow_null=True,
        label=_("Куратор программы"),
    )
    coordinator_name = serializers.CharField(
        source="coordinator.full_name", read_only=True, allow_null=True
    )
    status = EnumChoiceField(ProgramStatus, read_only=True, label=_("Статус"))
    pair_count = serializers.IntegerField(read_only=True, label=_("Всего пар"))
    active_pair_count = serializers.IntegerField(read_only=True, label=_("Действующих пар"))

    class Meta:
        model = MentoringProgram
        fields = [
            "id",
            "title",
            "level",
            "region",
            "municipality",
            "municipality_name",
            "organization",
            "organization_name",
            "starts_on",
            "ends_on",
            "status",
            "goals",
            "coordinator",
            "coordinator_name",
            "document_number",
            "document_date",
            "allow_several_mentors",
            "pair_count",
            "active_pair_count",
        ]
        read_only_fields = ["region"]


@extend_schema(
    tags=[_("Наставничество")],
    description=_(
        "Программы наставничества организации или муниципалитета. Регион и муниципалитет "
        "программы организации заполняются по организации."
    ),
)
class ProgramViewSet(MentoringViewSet):
    model = MentoringProgram
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter
    search_fields = ["title", "document_number"]
    ordering_fields = ["title", "starts_on", "ends_on", "pair_count"]
    create_service = services.create_program
    update_service = services.update_program
    delete_service = services.delete_program

    def get_queryset(self):
        return selectors.programs_for_list(super().get_queryset(), self.request.user).order_by(
            "-starts_on", "title", "pk"
        )


# Pairs ------------------------------------------------------------------------------------------


class DeficitsField(ScopedRelatedField):
    # The mentee's deficits the requesting user may see in diagnostics.

    def __init__(self, **kwargs):
        super().__init__(Deficit, Perm.VIEW_DIAGNOSTICS, **kwargs)


class PairSerializer(serializers.ModelSerializer):
    program = ScopedRelatedField(
        MentoringProgram,
        Perm.MANAGE_MENTORING,
        required=False,
        allow_null=True,
        label=_("Программа наставничества"),
    )
    program_title = serializers.CharField(source="program.title", read_only=True, allow_null=True)
    organization = ScopedRelatedField(
        Organization,
        Perm.MANAGE_MENTORING,
        required=False,
        allow_null=True,
        label=_("Организация наставляемого"),
        help_text=_("Пусто — основное место работы наставляемого."),
    )
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    mentor = ScopedRelatedField(Person, Perm.MANAGE_MENTORING, label=_("Наставник"))
    mentor_name = serializers.CharField(source="mentor.full_name", read_only=True)
    mentee = ScopedRelatedField(Person, Perm.MANAGE_MENTORING, label=_("Наставляемый"))
    mentee_name = serializers.CharField(source="mentee.full_name", read_only=True)
    kind = EnumChoiceField(PairKind, required=False, label=_("Форма наставничества"))
    status = EnumChoiceField(PairStatus, read_only=True, label=_("Состояние"))
    deficits = DeficitsField(
        many=True, required=False, label=_("Дефициты наставляемого"), help_text=_("Только его.")
    )
    meeting_count = serializers.IntegerField(read_only=True, label=_("Встреч"))
    last_meeting_on = serializers.DateField(
        read_only=True, allow_null=True, label=_("Последняя встреча")
    )

    class Meta:
        model = MentoringPair
        fields = [
            "id",
            "program",
            "program_title",
            "organization",
            "organization_name",
            "mentor",
            "mentor_name",
            "mentee",
            "mentee_name",
            "kind",
            "starts_on",
            "planned_end_on",
            "status",
            "ended_on",
            "goals",
            "deficits",
            "result",
            "meeting_count",
            "last_meeting_on",
        ]
        read_only_fields = ["ended_on", "result"]


class EndPairSerializer(serializers.Serializer):
    ended_on = serializers.DateField(label=_("Дата окончания"))
    text = serializers.CharField(
        label=_("Результаты или причина прекращения"),
        help_text=_("Для завершения — результаты наставничества, для прекращения — причина."),
    )


@extend_schema(
    tags=[_("Наставничество")],
    description=_(
        "Наставнические пары. У наставляемого один действующий наставник, если программа не "
        "допускает нескольких; наставник и наставляемый должны работать сейчас."
    ),
)
class PairViewSet(MentoringViewSet):
    model = MentoringPair
    serializer_class = PairSerializer
    filterset_class = PairFilter
    search_fields = [
        "mentee__last_name",
        "mentee__first_name",
        "mentor__last_name",
        "mentor__first_name",
    ]
    ordering_fields = ["starts_on", "planned_end_on", "mentee__last_name", "meeting_count"]
    create_service = services.create_pair
    update_service = services.update_pair
    delete_service = services.delete_pair

    def get_queryset(self):
        return selectors.pairs_for_list(super().get_queryset()).order_by("-starts_on", "pk")

    def get_changeable_queryset(self):
        if self.action == "complete":
            return selectors.pairs_keepable_by(self.request.user)
        return super().get_changeable_queryset()

    def _end(self, request, service, text_name):
        pair = self.get_object()
        serializer = EndPairSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            service(pair, by=request.user, ended_on=data["ended_on"], **{text_name: data["text"]})
        except DjangoValidationError as error:
            errors = service_errors(error)
            if "result" in errors:
                errors["text"] = errors.pop("result")
            raise ValidationError(errors) from error
        pair = self.get_queryset().get(pk=pair.pk)
        return Response(self.get_serializer(pair).data)

    @extend_schema(request=EndPairSerializer, responses=PairSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._end(request, services.complete_pair, "result")

    @extend_schema(request=EndPairSerializer, responses=PairSerializer)
    @action(detail=True, methods=["post"])
    def terminate(self, request, pk=None):
        return self._end(request, services.terminate_pair, "reason")


# Meetings ---------------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    pair = ScopedRelatedField(
        MentoringPair,
        Perm.VIEW_NETWORK,
        label=_("Наставническая пара"),
        help_text=_("Задаётся при записи встречи и потом не меняется."),
    )
    kind = EnumChoiceField(MeetingKind, required=False, label=_("Форма встречи"))

    class Meta:
        model = MentoringMeeting
        fields = ["id", "pair", "held_on", "kind", "topic", "duration_minutes", "notes"]


@extend_schema(
    tags=[_("Наставничество")],
    description=_("Встречи наставнических пар; записывают руководители и наставник пары."),
)
class MeetingViewSet(MentoringViewSet):
    model = MentoringMeeting
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    search_fields = ["topic", "notes"]
    ordering_fields = ["held_on"]
    create_service = services.add_meeting
    update_service = services.update_meeting
    delete_service = services.delete_meeting
    parent_field = "pair"

    def get_queryset(self):
        return super().get_queryset().order_by("-held_on", "-pk")

    def may_create(self):
        user = self.request.user
        return has_perm_anywhere(user, Perm.MANAGE_MENTORING) or has_perm_anywhere(
            user, Perm.KEEP_OWN_MENTORING
        )

    def get_changeable_queryset(self):
        pairs = selectors.pairs_keepable_by(self.request.user).values("pk")
        return MentoringMeeting.objects.filter(pair__in=pairs)

    def perform_create(self, serializer):
        if not selectors.may_keep(self.request.user, serializer.validated_data["pair"]):
            raise PermissionDenied(_("Встречи этой пары записывают её наставник и руководители."))
        super().perform_create(serializer)


# The young specialists without a mentor ---------------------------------------------------------


class YoungSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True, label=_("ФИО"))
    organization = serializers.IntegerField(
        source="job_organization_id", read_only=True, label=_("Организация")
    )
    organization_name = serializers.CharField(read_only=True, label=_("Организация"))
    municipality_name = serializers.CharField(read_only=True, label=_("Муниципалитет"))
    position_name = serializers.CharField(read_only=True, label=_("Должность"))

    class Meta:
        model = Person
        fields = [
            "id",
            "full_name",
            "birth_date",
            "career_start",
            "organization",
            "organization_name",
            "municipality_name",
            "position_name",
        ]


@extend_schema(
    tags=[_("Наставничество")],
    description=_(
        "Молодые специалисты (до 35 лет в первые 3 года работы) на педагогических должностях "
        "в зоне ответственности пользователя без действующего наставника."
    ),
)
class YoungWithoutMentorViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = YoungSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filterset_class = YoungFilter
    search_fields = ["last_name", "first_name", "middle_name"]
    ordering_fields = ["last_name", "organization_name", "birth_date"]

    def get_queryset(self):
        user = self.request.user
        if user.is_authenticated and not has_perm_anywhere(user, Perm.MANAGE_MENTORING):
            raise PermissionDenied(_("Список доступен тем, кто ведёт наставничество."))
        return selectors.young_without_mentor(user).order_by(
            "organization_name", "last_name", "first_name", "pk"
        )


def register(router):
    router.register("mentoring-programs", ProgramViewSet, basename="mentoring-program")
    router.register("mentoring-pairs", PairViewSet, basename="mentoring-pair")
    router.register("mentoring-meetings", MeetingViewSet, basename="mentoring-meeting")
    router.register(
        "mentoring-young-without-mentor",
        YoungWithoutMentorViewSet,
        basename="mentoring-young-without-mentor",
    )
