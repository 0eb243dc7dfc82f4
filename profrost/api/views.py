"""Endpoints of the registry API.

Each endpoint reads through `Model.objects.visible_to(user)` (outside it: 404) and writes with the
endpoint's change permission over the object (in view but not in change scope: 403). Every write
leaves an audit entry `registry.<model>.created|updated|deleted` (`base.ScopedViewSet`).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from profrost.core.models import RoleAssignment, User
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry import models, services
from profrost.registry.filters import (
    AttestationFilter,
    EmploymentFilter,
    MunicipalityFilter,
    OrganizationFilter,
    PersonFilter,
)
from profrost.registry.selectors import organizations_for_list

from . import serializers
from .base import Pagination, ScopedViewSet, call_detail


@extend_schema(
    tags=[_("Регионы")],
    description=_("Регионы добавляет администратор системы; администратор региона правит свой."),
)
class RegionViewSet(ScopedViewSet):
    model = models.Region
    change_perm = Perm.MANAGE_MUNICIPALITIES
    serializer_class = serializers.RegionSerializer
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]

    def may_create(self):
        return resolve_scope(self.request.user, self.change_perm).everything

    def get_changeable_queryset(self):
        if self.action == "destroy" and not self.may_create():
            return self.model.objects.none()
        return super().get_changeable_queryset()


@extend_schema(tags=[_("Муниципалитеты")])
class MunicipalityViewSet(ScopedViewSet):
    model = models.Municipality
    change_perm = Perm.MANAGE_MUNICIPALITIES
    serializer_class = serializers.MunicipalitySerializer
    filterset_class = MunicipalityFilter
    search_fields = ["name", "oktmo"]
    ordering_fields = ["name", "oktmo"]

    def get_queryset(self):
        return super().get_queryset().select_related("region")


@extend_schema(
    tags=[_("Организации")],
    description=_(
        "Сведения об организации правит её администратор; добавляет и удаляет организации, "
        "меняет муниципалитет, ИНН и признаки ШНОР и неблагоприятных социальных условий "
        "муниципальная или региональная методическая служба."
    ),
)
class OrganizationViewSet(ScopedViewSet):
    model = models.Organization
    serializer_class = serializers.OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = ["name", "short_name", "inn"]
    ordering_fields = ["short_name", "name", "inn", "staff_count"]

    def get_queryset(self):
        # The staff count is an aggregate, and Django drops Meta.ordering from grouped queries.
        return organizations_for_list(super().get_queryset()).order_by("short_name", "pk")

    def get_change_perm(self):
        if self.action in ("update", "partial_update"):
            return Perm.EDIT_OWN_ORGANIZATION
        return Perm.MANAGE_ORGANIZATIONS


@extend_schema(
    tags=[_("Работники")],
    description=_(
        "Новый работник создаётся вместе с первым местом работы (поле employment). "
        "СНИЛС принимается с дефисами и пробелами или без них и хранится как 11 цифр."
    ),
)
class PersonViewSet(ScopedViewSet):
    model = models.Person
    audit_reads = True
    change_perm = Perm.MANAGE_STAFF
    filterset_class = PersonFilter
    search_fields = ["last_name", "first_name", "middle_name", "=snils"]
    ordering_fields = ["last_name", "birth_date", "career_start", "created"]

    def get_queryset(self):
        current = (
            models.Employment.objects.visible_to(self.request.user)
            .active()
            .select_related("organization", "position")
            .prefetch_related("subjects")
        )
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("employments", current, to_attr="current_employments"))
        )

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.PersonCreateSerializer
        return serializers.PersonSerializer

    def perform_create(self, serializer):
        # services.create_person writes the person with the employment and audits it.
        serializer.save(by=self.request.user)
        self.read_back(serializer)


@extend_schema(tags=[_("Места работы")])
class EmploymentViewSet(ScopedViewSet):
    model = models.Employment
    change_perm = Perm.MANAGE_STAFF
    serializer_class = serializers.EmploymentSerializer
    filterset_class = EmploymentFilter
    search_fields = ["person__last_name", "person__first_name", "organization__short_name"]
    ordering_fields = ["start_date", "end_date", "person__last_name", "organization__short_name"]

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("person", "organization", "position")
            .prefetch_related("subjects")
        )

    def perform_destroy(self, instance):
        call_detail(services.delete_employment, instance, by=self.request.user)


@extend_schema(
    tags=[_("Аттестация")],
    description=_("Срок действия (valid_until) вычисляется по категории и дате решения."),
)
class AttestationViewSet(ScopedViewSet):
    model = models.Attestation
    change_perm = Perm.MANAGE_STAFF
    serializer_class = serializers.AttestationSerializer
    filterset_class = AttestationFilter
    search_fields = ["person__last_name", "person__first_name", "order_number"]
    ordering_fields = ["decision_date", "valid_until", "person__last_name"]

    def get_queryset(self):
        return super().get_queryset().select_related("person", "position")


@extend_schema(tags=[_("Справочники")])
class PositionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = models.Position.objects.all()
    serializer_class = serializers.PositionSerializer
    pagination_class = Pagination
    search_fields = ["name"]
    ordering_fields = ["order", "name"]


@extend_schema(tags=[_("Справочники")])
class SubjectViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = models.Subject.objects.all()
    serializer_class = serializers.SubjectSerializer
    pagination_class = Pagination
    search_fields = ["name"]
    ordering_fields = ["order", "name"]


class MeView(APIView):
    @extend_schema(
        tags=[_("Пользователь")],
        description=_("Текущий пользователь, его роли и действия, доступные ему хотя бы где-то."),
        responses=serializers.MeSerializer,
    )
    def get(self, request):
        roles = RoleAssignment.objects.select_related("region", "municipality", "organization")
        user = User.objects.prefetch_related(Prefetch("roles", roles)).get(pk=request.user.pk)
        return Response(serializers.MeSerializer(user).data)
