"""Endpoints of staffing needs: vacancies, the summary of open ones, the retirement forecast.

Reads go through `visible_to(user, Perm.VIEW_NETWORK)` with the pages' filter set; a teacher's
own-person scope reaches no vacancy. Writes need MANAGE_VACANCIES over the vacancy and go
through the staffing services, which validate and audit (`staffing.vacancy.<verb>`). A vacancy is
closed by PATCHing `closed_on` and `closure` (and optionally `hired_person`), and opened again
with `closed_on: null`.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profrost.core.roles import Perm
from profrost.registry.models import Organization, Person
from profrost.staffing import selectors, services
from profrost.staffing.filters import ForecastForm, SummaryForm, VacancyFilter
from profrost.staffing.models import Closure, Vacancy

from .base import ScopedViewSet, call_detail
from .serializers import ModelCleanSerializer, ScopedRelatedField

CLOSING_FIELDS = ("closed_on", "closure", "hired_person")

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class VacancySerializer(ModelCleanSerializer):
    organization = ScopedRelatedField(Organization, Perm.MANAGE_VACANCIES, label=_("Организация"))
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    municipality = serializers.IntegerField(
        source="organization.municipality_id", read_only=True, label=_("Муниципалитет")
    )
    municipality_name = serializers.CharField(
        source="organization.municipality.name", read_only=True
    )
    position_name = serializers.CharField(source="position.name", read_only=True)
    subject_name = serializers.CharField(source="subject.name", read_only=True, allow_null=True)
    hired_person = ScopedRelatedField(
        Person,
        Perm.MANAGE_VACANCIES,
        required=False,
        allow_null=True,
        label=_("Принятый работник"),
    )
    hired_person_name = serializers.CharField(
        source="hired_person.full_name", read_only=True, allow_null=True
    )
    closure_display = serializers.CharField(source="get_closure_display", read_only=True)
    is_open = serializers.BooleanField(read_only=True, label=_("Открыта"))

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "organization",
            "organization_name",
            "municipality",
            "municipality_name",
            "position",
            "position_name",
            "subject",
            "subject_name",
            "hours",
            "opened_on",
            "closed_on",
            "closure",
            "closure_display",
            "hired_person",
            "hired_person_name",
            "is_open",
            "contact",
            "notes",
        ]

    def validate(self, attrs):
        if self.instance is None and any(attrs.get(name) for name in CLOSING_FIELDS):
            raise ValidationError(
                {"closed_on": [_("Новая вакансия создаётся открытой; закройте её отдельно.")]}
            )
        if "closed_on" in attrs and attrs["closed_on"] is None:
            # Opening again clears the way of closing and the person hired.
            attrs.update(closure="", hired_person=None)
        elif attrs.get("closure") and attrs["closure"] != Closure.HIRED:
            attrs["hired_person"] = None
        return super().validate(attrs)


class SummaryRowSerializer(serializers.Serializer):
    position = serializers.IntegerField(allow_null=True, label=_("Должность"))
    position_name = serializers.CharField(allow_null=True)
    subject = serializers.IntegerField(allow_null=True, label=_("Предмет"))
    subject_name = serializers.CharField(allow_null=True)
    organization = serializers.IntegerField(allow_null=True, label=_("Организация"))
    organization_name = serializers.CharField(allow_null=True)
    municipality_name = serializers.CharField(allow_null=True)
    count = serializers.IntegerField(label=_("Открытых вакансий"))
    hours = serializers.DecimalField(
        max_digits=10, decimal_places=1, label=_("Нагрузка, часов в неделю")
    )


class SummarySerializer(serializers.Serializer):
    day = serializers.DateField(label=_("На дату"))
    count = serializers.IntegerField(label=_("Открытых вакансий"))
    hours = serializers.DecimalField(
        max_digits=10, decimal_places=1, label=_("Нагрузка, часов в неделю")
    )
    by_position = SummaryRowSerializer(many=True)
    by_organization = SummaryRowSerializer(many=True)


class ForecastCellSerializer(serializers.Serializer):
    year = serializers.CharField(label=_("Год или past — уже достигли"))
    count = serializers.IntegerField(label=_("Работников"))


class ForecastRowSerializer(serializers.Serializer):
    subject = serializers.IntegerField(allow_null=True, label=_("Предмет (пусто — без предмета)"))
    subject_name = serializers.CharField()
    cells = ForecastCellSerializer(many=True)
    total = serializers.IntegerField()


# One forecast, though it is the viewset's `list`: without this the schema promised an array.
@extend_schema_serializer(many=False)
class ForecastSerializer(serializers.Serializer):
    age = serializers.IntegerField(label=_("Возраст"))
    years = serializers.ListField(child=serializers.IntegerField())
    rows = ForecastRowSerializer(many=True)
    totals = ForecastRowSerializer()


SCOPE_PARAMETERS = [
    OpenApiParameter("municipality", OpenApiTypes.INT, description=_("Муниципалитет")),
    OpenApiParameter("organization", OpenApiTypes.INT, description=_("Организация")),
]


def form_or_400(form):
    if form.is_bound and not form.is_valid():
        raise ValidationError(form.errors)
    return form.params()


def summary_row(row):
    filters = row.filters
    subject = filters.get("subject")
    return {
        "position": filters.get("position"),
        "position_name": row.label if "position" in filters else None,
        "subject": None if subject == selectors.NO_SUBJECT else subject,
        "subject_name": row.detail if "subject" in filters else None,
        "organization": filters.get("organization"),
        "organization_name": row.label if "organization" in filters else None,
        "municipality_name": row.detail if "organization" in filters else None,
        "count": row.count,
        "hours": row.hours,
    }


def forecast_row(row):
    subject = None if row.subject in ("", selectors.NO_SUBJECT) else int(row.subject)
    return {
        "subject": subject,
        "subject_name": row.label,
        "cells": [{"year": cell.key, "count": cell.count} for cell in row.cells],
        "total": row.total,
    }


@extend_schema(
    tags=[_("Кадровая потребность")],
    description=_(
        "Вакансии организаций. Закрытие: PATCH с closed_on, closure (hired — принят работник, "
        "cancelled — отменена) и, при приёме, hired_person (работник этой организации); "
        "повторное открытие: PATCH с closed_on: null."
    ),
)
class VacancyViewSet(ScopedViewSet):
    model = Vacancy
    change_perm = Perm.MANAGE_VACANCIES
    serializer_class = VacancySerializer
    filterset_class = VacancyFilter
    search_fields = ["organization__short_name", "position__name", "subject__name", "contact"]
    ordering_fields = ["opened_on", "closed_on", "hours", "organization__short_name"]

    def get_queryset(self):
        visible = Vacancy.objects.visible_to(self.request.user, selectors.PERM)
        return selectors.vacancies_for_list(visible).order_by("-opened_on", "pk")

    def perform_create(self, serializer):
        serializer.instance = call_detail(
            services.create_vacancy, by=self.request.user, **serializer.validated_data
        )
        self.read_back(serializer)

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        closing = {name: data.pop(name) for name in CLOSING_FIELDS if name in data}
        vacancy, user = serializer.instance, self.request.user
        if data:
            vacancy = call_detail(services.update_vacancy, vacancy, by=user, **data)
        if "closed_on" in closing:
            vacancy = self._change_closing(vacancy, closing)
        elif closing:
            raise ValidationError(
                {"closed_on": [_("Чтобы закрыть вакансию, укажите дату закрытия.")]}
            )
        serializer.instance = vacancy
        self.read_back(serializer)

    def _change_closing(self, vacancy, closing):
        user = self.request.user
        if closing["closed_on"] is None:
            if vacancy.is_open:
                return vacancy
            return call_detail(services.reopen_vacancy, vacancy, by=user)
        return call_detail(
            services.close_vacancy,
            vacancy,
            by=user,
            closed_on=closing["closed_on"],
            closure=closing.get("closure", ""),
            hired_person=closing.get("hired_person"),
        )

    def perform_destroy(self, instance):
        services.delete_vacancy(instance, by=self.request.user)

    @extend_schema(
        description=_(
            "Открытые на дату вакансии по должностям и предметам и по организациям, с суммарной "
            "нагрузкой; считаются в базе данных."
        ),
        parameters=[
            OpenApiParameter("day", OpenApiTypes.DATE, description=_("На дату (сегодня)")),
            *SCOPE_PARAMETERS,
        ],
        responses=SummarySerializer,
        filters=False,
    )
    @action(detail=False, pagination_class=None, filterset_class=None)
    def summary(self, request):
        _check_manager(request.user)
        form = SummaryForm(_plain_query(request), user=request.user)
        params = form_or_400(form)
        vacancies = Vacancy.objects.visible_to(request.user, selectors.PERM)
        if params["municipality"]:
            vacancies = vacancies.filter(organization__municipality=params["municipality"])
        if params["organization"]:
            vacancies = vacancies.filter(organization=params["organization"])
        summary = selectors.vacancy_summary(vacancies, params["day"])
        data = {
            "day": summary.day,
            "count": summary.total.count,
            "hours": summary.total.hours,
            "by_position": [summary_row(row) for row in summary.by_position if not row.is_subtotal],
            "by_organization": [summary_row(row) for row in summary.by_organization],
        }
        return Response(SummarySerializer(data).data)


def _plain_query(request):
    """The query without the API's own parameters, or None when nothing is asked."""
    query = request.query_params.copy()
    for name in ("format", "page", "page_size", "search", "ordering"):
        query.pop(name, None)
    return query or None


def _check_manager(user):
    if not selectors.is_manager(user):
        raise PermissionDenied(
            _("Раздел «Кадровая потребность» доступен руководителям и методистам.")
        )


class RetirementForecastViewSet(viewsets.ViewSet):
    """Teaching staff reaching the chosen age in each of the next years, by subject."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=[_("Кадровая потребность")],
        description=_(
            "Работники с действующим местом работы на педагогической должности, достигающие "
            "выбранного возраста (60 или 65 лет; пола в реестре нет) в каждом из ближайших лет, "
            "по предметам; столбец past — уже достигли."
        ),
        parameters=[
            OpenApiParameter("age", OpenApiTypes.INT, enum=list(selectors.AGE_CHOICES)),
            OpenApiParameter("horizon", OpenApiTypes.INT, enum=list(selectors.HORIZON_CHOICES)),
            *SCOPE_PARAMETERS,
        ],
        responses=ForecastSerializer,
    )
    def list(self, request):
        _check_manager(request.user)
        form = ForecastForm(_plain_query(request), user=request.user)
        forecast = selectors.retirement_forecast(
            request.user, today=timezone.localdate(), **form_or_400(form)
        )
        data = {
            "age": forecast.age,
            "years": forecast.years,
            "rows": [forecast_row(row) for row in forecast.rows],
            "totals": forecast_row(forecast.totals),
        }
        return Response(ForecastSerializer(data).data)


def register(router):
    router.register("vacancies", VacancyViewSet, basename="vacancy")
    router.register(
        "retirement-forecast", RetirementForecastViewSet, basename="retirement-forecast"
    )
