"""Associations, members, reports and horizontal learning groups."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.network import matching, selectors, services
from profrost.network.filters import AssociationFilter
from profrost.network.models import (
    Association,
    AssociationKind,
    AssociationReport,
    HorizontalGroup,
    HorizontalGroupStatus,
    Membership,
    MembershipRole,
    TargetLevel,
)
from profrost.registry.models import Municipality, Organization, Person, Region

from ..base import NamedChoiceField, Pagination, call_detail
from .common import NetworkViewSet, VisibleField

# Associations ----------------------------------------------------------------------------------


class AssociationSerializer(serializers.ModelSerializer):
    kind = NamedChoiceField(AssociationKind, label=_("Вид"))
    level = NamedChoiceField(TargetLevel, label=_("Уровень"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    region = VisibleField(Region, label=_("Регион"), required=False, allow_null=True)
    municipality = VisibleField(
        Municipality, label=_("Муниципалитет"), required=False, allow_null=True
    )
    organization = VisibleField(
        Organization, label=_("Организация"), required=False, allow_null=True
    )
    head = VisibleField(
        Person, Perm.MANAGE_ASSOCIATIONS, label=_("Руководитель"), required=False, allow_null=True
    )
    head_name = serializers.CharField(source="head.full_name", read_only=True, allow_null=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True, label=_("Членов"))

    class Meta:
        model = Association
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "level",
            "region",
            "municipality",
            "organization",
            "subject",
            "subject_name",
            "problem_area",
            "head",
            "head_name",
            "description",
            "founded_on",
            "is_active",
            "member_count",
        ]


class NetworkPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)


class HorizontalProposedGroupSerializer(serializers.Serializer):
    holder = NetworkPersonSerializer(read_only=True)
    learners = NetworkPersonSerializer(many=True, read_only=True)


class HorizontalProposalSerializer(serializers.Serializer):
    competence = serializers.IntegerField(source="competence.pk", read_only=True)
    competence_code = serializers.CharField(source="competence.code", read_only=True)
    competence_name = serializers.CharField(source="competence.name", read_only=True)
    groups = HorizontalProposedGroupSerializer(many=True, read_only=True)


@extend_schema(
    tags=[_("Методическая сеть")],
    description=_(
        "Методические объединения и сообщества. Создают их методические службы и руководители "
        "организаций; руководитель объединения изменяет своё объединение."
    ),
)
class AssociationViewSet(NetworkViewSet):
    model = Association
    change_perm = Perm.MANAGE_ASSOCIATIONS
    serializer_class = AssociationSerializer
    filterset_class = AssociationFilter
    search_fields = ["title", "problem_area", "head__last_name"]
    ordering_fields = ["title", "kind", "level"]
    save_with = staticmethod(services.save_association)
    delete_with = staticmethod(services.delete_association)

    def get_queryset(self):
        return selectors.associations_for_list(super().get_queryset()).order_by("title", "pk")

    def may_create(self):
        return services.is_manager(self.request.user, Perm.MANAGE_ASSOCIATIONS)

    @extend_schema(
        description=_(
            "«Подбор пар» горизонтального обучения по картам дефицитов членов объединения: "
            "по каждой компетенции — группы из владеющего ею и осваивающих. Для тех, кто "
            "изменяет объединение."
        ),
        responses=HorizontalProposalSerializer(many=True),
    )
    @action(detail=True, methods=["get"], url_path="horizontal-proposals")
    def horizontal_proposals(self, request, pk=None):
        association = self.get_object()
        if not services.may_change(association, request.user, Perm.MANAGE_ASSOCIATIONS):
            raise PermissionDenied
        return Response(
            HorizontalProposalSerializer(matching.proposals(association), many=True).data
        )


class MembershipSerializer(serializers.ModelSerializer):
    association = VisibleField(Association, Perm.VIEW_NETWORK, label=_("Объединение"))
    person = serializers.IntegerField(source="person_id", label=_("Работник (id)"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    role = NamedChoiceField(MembershipRole, label=_("Роль"), required=False)
    joined_on = serializers.DateField(label=_("Вступил"), required=False)

    class Meta:
        model = Membership
        fields = ["id", "association", "person", "person_name", "role", "joined_on", "left_on"]
        read_only_fields = ["left_on"]


@extend_schema(
    tags=[_("Методическая сеть")],
    description=_(
        "Члены объединений. Добавляет и исключает тот, кто изменяет объединение; удаление "
        "завершает членство сегодняшним днём."
    ),
)
class MembershipViewSet(
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    model = Membership
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = MembershipSerializer
    filterset_fields = ["association"]
    ordering_fields = ["joined_on", "person__last_name"]

    def get_queryset(self):
        return (
            Membership.objects.visible_to(self.request.user, Perm.VIEW_NETWORK)
            .select_related("person")
            .order_by("association", "left_on", "person__last_name", "pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        association, user = data["association"], self.request.user
        if not services.may_change(association, user, Perm.MANAGE_ASSOCIATIONS):
            raise PermissionDenied
        person = services.member_candidates(association, user).filter(pk=data["person_id"]).first()
        if person is None:
            raise serializers.ValidationError(
                {"person": [_("Работник вне охвата объединения или уже состоит в нём.")]}
            )
        serializer.instance = call_detail(
            services.add_member,
            association,
            person,
            role=data.get("role", MembershipRole.MEMBER),
            joined_on=data.get("joined_on"),
            by=user,
        )

    def perform_destroy(self, instance):
        if not services.may_change(
            instance.association, self.request.user, Perm.MANAGE_ASSOCIATIONS
        ):
            raise PermissionDenied
        call_detail(services.remove_member, instance, by=self.request.user)


class AssociationReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssociationReport
        fields = ["id", "association", "period", "submitted_on", "text", "file"]


@extend_schema(tags=[_("Методическая сеть")], description=_("Отчёты объединений о работе."))
class AssociationReportViewSet(viewsets.ReadOnlyModelViewSet):
    model = AssociationReport
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = AssociationReportSerializer
    filterset_fields = ["association"]

    def get_queryset(self):
        return AssociationReport.objects.visible_to(self.request.user, Perm.VIEW_NETWORK).order_by(
            "-submitted_on", "-pk"
        )


class HorizontalGroupSerializer(serializers.ModelSerializer):
    status = NamedChoiceField(HorizontalGroupStatus, read_only=True, label=_("Состояние"))
    competence_code = serializers.CharField(source="competence.code", read_only=True)
    holders = NetworkPersonSerializer(many=True, read_only=True)
    learners = NetworkPersonSerializer(many=True, read_only=True)

    class Meta:
        model = HorizontalGroup
        fields = [
            "id",
            "association",
            "competence",
            "competence_code",
            "holders",
            "learners",
            "starts_on",
            "ends_on",
            "status",
            "notes",
        ]


@extend_schema(
    tags=[_("Методическая сеть")],
    description=_("Группы горизонтального обучения: владеющие компетенцией и осваивающие её."),
)
class HorizontalGroupViewSet(viewsets.ReadOnlyModelViewSet):
    model = HorizontalGroup
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    serializer_class = HorizontalGroupSerializer
    filterset_fields = ["association", "competence", "status"]

    def get_queryset(self):
        return (
            HorizontalGroup.objects.visible_to(self.request.user, Perm.VIEW_NETWORK)
            .select_related("competence")
            .prefetch_related("holders", "learners")
            .order_by("association", "-starts_on", "pk")
        )
