"""Endpoints of the bank of practices: practices with their expertise, score sheets and
dissemination (the open bank is in `public`)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from profrost.competences.models import Competence
from profrost.core.filters import FilterSet
from profrost.core.roles import Perm
from profrost.network.models import EventLevel
from profrost.practices import filters, selectors, services
from profrost.practices.models import (
    CRITERIA,
    CRITERION_MAX,
    Dissemination,
    DisseminationKind,
    Practice,
    PracticeKind,
    PracticeLevel,
    PracticeReview,
    PracticeStatus,
    ReviewRecommendation,
)
from profrost.registry.models import (
    Organization,
    Person,
    Subject,
)

from ..base import Pagination, call
from ..permissions import ScopedChangePermission
from ..serializers import ScopedRelatedField
from .common import (
    ChildSerializer,
    ChoicesRelatedField,
    EnumChoiceField,
    PracticesViewSet,
    file_url,
)

# Practices ------------------------------------------------------------------------------------


class PracticeSerializer(serializers.ModelSerializer):
    kind = EnumChoiceField(PracticeKind, label=_("Вид"), required=False)
    level = EnumChoiceField(PracticeLevel, label=_("Уровень банка"), required=False)
    organization = ScopedRelatedField(Organization, Perm.SUBMIT_PRACTICES, label=_("Организация"))
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    main_author = ChoicesRelatedField(
        selectors.author_choices,
        required=False,
        label=_("Автор"),
        help_text=_("Пусто — сам пользователь (педагог подаёт свою практику)."),
    )
    main_author_name = serializers.CharField(source="main_author.full_name", read_only=True)
    coauthors = ChoicesRelatedField(
        selectors.coauthor_choices, many=True, required=False, label=_("Соавторы")
    )
    subjects = serializers.PrimaryKeyRelatedField(
        queryset=Subject.objects.all(), many=True, required=False, label=_("Предметы")
    )
    competences = serializers.PrimaryKeyRelatedField(
        queryset=Competence.objects.filter(is_active=True),
        many=True,
        required=False,
        label=_("Компетенции"),
    )
    file = serializers.FileField(write_only=True, required=False, allow_null=True, label=_("Файл"))
    file_url = serializers.SerializerMethodField(label=_("Скачать файл"))
    status = EnumChoiceField(PracticeStatus, read_only=True, label=_("Статус"))
    review_count = serializers.IntegerField(read_only=True, label=_("Назначено экспертов"))
    completed_count = serializers.IntegerField(read_only=True, label=_("Заполнено листов"))
    mean_total = serializers.FloatField(
        read_only=True, allow_null=True, label=_("Средний балл экспертизы")
    )
    dissemination_count = serializers.IntegerField(read_only=True, label=_("Распространений"))

    class Meta:
        model = Practice
        fields = [
            "id",
            "title",
            "kind",
            "level",
            "organization",
            "organization_name",
            "municipality",
            "municipality_name",
            "region",
            "main_author",
            "main_author_name",
            "coauthors",
            "subjects",
            "competences",
            "description",
            "results",
            "file",
            "file_url",
            "link",
            "status",
            "submitted_on",
            "included_on",
            "rejected_on",
            "decision_comment",
            "review_count",
            "completed_count",
            "mean_total",
            "dissemination_count",
        ]
        read_only_fields = ["municipality", "region", "decision_comment"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_file_url(self, obj):
        return file_url("practices:practice_file", obj)

    def validate(self, attrs):
        user = self.context["request"].user
        if self.instance is None and attrs.get("main_author") is None:
            if user.person_id is None:
                raise ValidationError({"main_author": [_("Укажите автора практики.")]})
            attrs["main_author"] = user.person
        return attrs


class PracticeExpertsSerializer(serializers.Serializer):
    experts = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), many=True, label=_("Эксперты")
    )

    def __init__(self, *args, practice=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if practice is not None:
            self.fields["experts"].child_relation.queryset = selectors.expert_choices(
                user, practice
            )


class PracticeIncludeSerializer(serializers.Serializer):
    included_on = serializers.DateField(
        required=False, label=_("Дата включения"), help_text=_("Пусто — сегодня.")
    )
    comment = serializers.CharField(required=False, allow_blank=True, label=_("Решение"))


class PracticeRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(label=_("Причина отклонения"))


@extend_schema(
    tags=[_("Банк практик")],
    description=_(
        "Практики: подаёт педагог (свою) или руководитель (за работников своей зоны); изменить "
        "можно до начала экспертизы. Экспертизой управляет методист уровня банка: назначает "
        "экспертов, включает в банк (не менее 2 заполненных листов оценки, ни одного "
        "ожидающего, средний балл не ниже 10 из 15) или отклоняет."
    ),
)
class PracticeViewSet(PracticesViewSet):
    model = Practice
    change_perm = Perm.SUBMIT_PRACTICES
    serializer_class = PracticeSerializer
    filterset_class = filters.PracticeFilter
    search_fields = ["title", "description", "main_author__last_name"]
    ordering_fields = ["title", "submitted_on", "included_on", "mean_total"]
    create_service = services.submit_practice
    update_service = services.update_practice
    delete_service = services.delete_practice

    def get_queryset(self):
        return selectors.practices_for_list(super().get_queryset()).order_by("-submitted_on", "pk")

    def get_change_perm(self):
        if self.action in ("assign_experts", "include", "reject"):
            return Perm.MANAGE_PRACTICES
        return self.change_perm

    def get_changeable_queryset(self):
        if self.action in ("update", "partial_update", "destroy"):
            editable = Practice.objects.changeable_by(self.request.user, Perm.SUBMIT_PRACTICES)
            return editable | Practice.objects.changeable_by(
                self.request.user, Perm.MANAGE_PRACTICES
            )
        return super().get_changeable_queryset()

    def _answer(self, practice):
        return Response(self.get_serializer(self.get_queryset().get(pk=practice.pk)).data)

    @extend_schema(request=PracticeExpertsSerializer, responses=PracticeSerializer)
    @action(detail=True, methods=["post"], url_path="assign-experts")
    def assign_experts(self, request, pk=None):
        practice = self.get_object()
        serializer = PracticeExpertsSerializer(
            data=request.data, practice=practice, user=request.user
        )
        serializer.is_valid(raise_exception=True)
        call(
            services.assign_experts,
            practice,
            by=request.user,
            experts=serializer.validated_data["experts"],
        )
        return self._answer(practice)

    @extend_schema(request=PracticeIncludeSerializer, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def include(self, request, pk=None):
        practice = self.get_object()
        serializer = PracticeIncludeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        call(
            services.include_in_bank,
            practice,
            by=request.user,
            on=data.get("included_on"),
            comment=data.get("comment", ""),
        )
        return self._answer(practice)

    @extend_schema(request=PracticeRejectSerializer, responses=PracticeSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        practice = self.get_object()
        serializer = PracticeRejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(
            services.reject_practice,
            practice,
            by=request.user,
            reason=serializer.validated_data["reason"],
        )
        return self._answer(practice)


# Score sheets ---------------------------------------------------------------------------------


def _score_field(label):
    return serializers.IntegerField(
        min_value=0, max_value=CRITERION_MAX, read_only=True, allow_null=True, label=label
    )


class PracticeReviewSerializer(serializers.ModelSerializer):
    practice_title = serializers.CharField(source="practice.title", read_only=True)
    expert_name = serializers.CharField(source="expert.full_name", read_only=True)
    relevance = _score_field(_("Актуальность"))
    novelty = _score_field(_("Новизна"))
    effectiveness = _score_field(_("Результативность"))
    replicability = _score_field(_("Тиражируемость"))
    elaboration = _score_field(_("Методическая проработанность"))
    recommendation = EnumChoiceField(
        ReviewRecommendation, read_only=True, allow_blank=True, label=_("Рекомендация")
    )

    class Meta:
        model = PracticeReview
        fields = [
            "id",
            "practice",
            "practice_title",
            "expert",
            "expert_name",
            "assigned_on",
            *[name for name, _label in CRITERIA],
            "total",
            "recommendation",
            "comment",
            "completed_on",
        ]
        read_only_fields = fields


class PracticeScoreSheetSerializer(serializers.Serializer):
    relevance = serializers.IntegerField(min_value=0, max_value=CRITERION_MAX)
    novelty = serializers.IntegerField(min_value=0, max_value=CRITERION_MAX)
    effectiveness = serializers.IntegerField(min_value=0, max_value=CRITERION_MAX)
    replicability = serializers.IntegerField(min_value=0, max_value=CRITERION_MAX)
    elaboration = serializers.IntegerField(min_value=0, max_value=CRITERION_MAX)
    recommendation = EnumChoiceField(ReviewRecommendation, label=_("Рекомендация"))
    comment = serializers.CharField(required=False, allow_blank=True, label=_("Заключение"))


class ReviewFilterSet(FilterSet):
    practice = filters.django_filters.NumberFilter(field_name="practice_id", label=_("Практика"))
    mine = filters.django_filters.BooleanFilter(label=_("Только мои"), method="filter_mine")
    completed = filters.django_filters.BooleanFilter(
        label=_("Заполнен"), field_name="completed_on", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = PracticeReview
        fields = ["practice"]

    def filter_mine(self, queryset, name, value):
        if value is None:
            return queryset
        person_id = self.request.user.person_id
        mine = Q(expert_id=person_id) if person_id else Q(pk__in=[])
        return queryset.filter(mine) if value else queryset.exclude(mine)


@extend_schema(
    tags=[_("Банк практик")],
    description=_(
        "Листы экспертной оценки: видят методисты зоны практики и сам эксперт. Лист заполняет "
        "(POST …/submit/) только назначенный эксперт, пока идёт экспертиза: пять критериев по "
        "0–3 балла, рекомендация и заключение (обязательно, если не «включить»). Удаление — "
        "отзыв эксперта, пока лист не заполнен."
    ),
)
class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    model = PracticeReview
    lookup_value_converter = "int"
    permission_classes = [IsAuthenticated, ScopedChangePermission]
    pagination_class = Pagination
    serializer_class = PracticeReviewSerializer
    filterset_class = ReviewFilterSet
    ordering_fields = ["assigned_on", "completed_on", "total"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.detail and self.action is None:
            self.get_object()

    def get_queryset(self):
        user = self.request.user
        visible = PracticeReview.objects.visible_to(user, Perm.VIEW_NETWORK)
        reach = Q(pk__in=visible.values("pk"))
        if getattr(user, "person_id", None):
            reach |= Q(expert_id=user.person_id)
        return (
            PracticeReview.objects.filter(reach)
            .select_related("practice", "expert")
            .order_by("assigned_on", "pk")
        )

    def may_create(self):
        return False

    def get_changeable_queryset(self):
        user = self.request.user
        if self.action == "submit":
            return PracticeReview.objects.filter(expert_id=user.person_id or 0)
        managed = Practice.objects.changeable_by(user, Perm.MANAGE_PRACTICES)
        return PracticeReview.objects.filter(practice__in=managed.values("pk"))

    def perform_destroy(self, instance):
        call(services.withdraw_review, instance, by=self.request.user)

    @extend_schema(request=PracticeScoreSheetSerializer, responses=PracticeReviewSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        review = self.get_object()
        serializer = PracticeScoreSheetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call(services.complete_review, review, by=request.user, data=serializer.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)


# Dissemination --------------------------------------------------------------------------------


class PracticeDisseminationSerializer(ChildSerializer):
    parent_field = "practice"
    parent_fixed = _("Практику записи изменить нельзя.")
    practice = ScopedRelatedField(Practice, Perm.VIEW_NETWORK, label=_("Практика"))
    kind = EnumChoiceField(DisseminationKind, label=_("Форма"))
    level = EnumChoiceField(
        EventLevel, required=False, label=_("Уровень"), help_text=_("Пусто — уровень мероприятия.")
    )
    title = serializers.CharField(
        required=False, allow_blank=True, max_length=300, label=_("Мероприятие или издание")
    )
    held_on = serializers.DateField(required=False, label=_("Дата"))
    event = ChoicesRelatedField(
        selectors.event_choices, required=False, allow_null=True, label=_("Мероприятие сети")
    )

    class Meta:
        model = Dissemination
        fields = [
            "id",
            "practice",
            "held_on",
            "kind",
            "title",
            "level",
            "event",
            "url",
            "participants",
        ]


@extend_schema(
    tags=[_("Банк практик")],
    description=_(
        "Распространение практик банка: где и когда представлена. Первая запись переводит "
        "практику в статус «Распространяется». Ведёт методист, управляющий экспертизой."
    ),
)
class DisseminationViewSet(PracticesViewSet):
    model = Dissemination
    change_perm = Perm.MANAGE_PRACTICES
    serializer_class = PracticeDisseminationSerializer
    search_fields = ["title", "practice__title"]
    ordering_fields = ["held_on", "title"]
    create_service = services.record_dissemination
    update_service = services.update_dissemination
    delete_service = services.delete_dissemination
    parent_field = "practice"

    def get_queryset(self):
        queryset = super().get_queryset().select_related("practice").order_by("-held_on", "pk")
        return self.of_parent(queryset)
