"""Endpoints of enrolments: applying (POST) and the moves of the status flow."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.programs import selectors, services
from profrost.programs.filters import EnrollmentFilter
from profrost.programs.models import (
    Cohort,
    DocumentKind,
    Enrollment,
    EnrollmentTransition,
)
from profrost.registry.models import Person

from ..base import call
from ..serializers import ScopedRelatedField
from .common import ProgramsViewSet

# Enrolments ------------------------------------------------------------------------------------


class TransitionSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", read_only=True, allow_null=True)

    class Meta:
        model = EnrollmentTransition
        fields = ["from_status", "to_status", "by", "at", "note"]


class EnrollmentApiFilter(EnrollmentFilter):
    person = django_filters.NumberFilter(label=_("Работник (id)"), field_name="person_id")

    class Meta(EnrollmentFilter.Meta):
        fields = []


class EnrollmentSerializer(serializers.ModelSerializer):
    cohort = ScopedRelatedField(Cohort, Perm.VIEW_PROGRAMS, label=_("Поток"))
    program = serializers.IntegerField(source="cohort.program_id", read_only=True)
    program_title = serializers.CharField(source="cohort.program.title", read_only=True)
    person = ScopedRelatedField(
        Person,
        Perm.APPLY_ENROLMENTS,
        label=_("Работник"),
        help_text=_("Педагог подаёт заявку за себя, руководитель — за работника организации."),
    )
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    transitions = TransitionSerializer(many=True, read_only=True, label=_("История статусов"))

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "cohort",
            "program",
            "program_title",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "status",
            "status_display",
            "applied_on",
            "document_kind",
            "document_number",
            "completed_on",
            "note",
            "transitions",
        ]
        read_only_fields = [
            "organization",
            "status",
            "applied_on",
            "document_kind",
            "document_number",
            "completed_on",
        ]
        validators = []


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        label=_("Причина"),
        help_text=_("Обязательна при отклонении и при выбытии после одобрения."),
    )


class CompleteSerializer(serializers.Serializer):
    document_kind = serializers.ChoiceField(
        choices=DocumentKind.choices, required=False, allow_blank=True, default=""
    )
    document_number = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text=_("Номер удостоверения (ПК) или диплома (ПП); для них обязателен."),
    )
    completed_on = serializers.DateField(label=_("Дата окончания обучения"))


@extend_schema(
    tags=[_("Программы ДПО")],
    description=_(
        "Записи на обучение. POST создаёт заявку (cohort, person); статус меняют действия "
        "approve, reject (с причиной), complete (документ и дата) и withdraw. Допустимые "
        "переходы: заявка подана → одобрена, отклонена, отозвана; одобрена → обучение "
        "завершено, выбыл. Одобряют и отклоняют руководитель организации и методисты; "
        "завершение и выбытие отмечает региональный уровень (провайдер)."
    ),
)
class EnrollmentViewSet(ProgramsViewSet):
    model = Enrollment
    change_perm = Perm.APPLY_ENROLMENTS
    serializer_class = EnrollmentSerializer
    filterset_class = EnrollmentApiFilter
    search_fields = ["person__last_name", "person__first_name", "cohort__program__title"]
    ordering_fields = ["applied_on", "completed_on", "person__last_name"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        queryset = selectors.enrollments_for_list(super().get_queryset())
        return queryset.prefetch_related("transitions__by").order_by("-applied_on", "-pk")

    def get_changeable_queryset(self):
        # Who may make each move is the service's to decide (403 with its message).
        return self.get_queryset()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = call(
            services.apply,
            data["cohort"],
            data["person"],
            by=self.request.user,
            note=data.get("note", ""),
        )
        self.read_back(serializer)

    def _move(self, request, serializer_class, service, **fixed):
        enrollment = self.get_object()
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(service, enrollment, by=request.user, **serializer.validated_data, **fixed)
        return Response(self.get_serializer(self.get_queryset().get(pk=enrollment.pk)).data)

    @extend_schema(request=NoteSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._move(request, NoteSerializer, services.approve)

    @extend_schema(request=ReasonSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._move(request, ReasonSerializer, services.reject)

    @extend_schema(request=CompleteSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._move(request, CompleteSerializer, services.complete)

    @extend_schema(request=ReasonSerializer, responses=EnrollmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._move(request, ReasonSerializer, services.withdraw)
