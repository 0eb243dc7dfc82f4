"""Endpoints of achievements: competitions, participations in them, publications, expert activity.

Reads go through `visible_to(user, Perm.VIEW_NETWORK)` with the pages' filter sets (outside the
scope: 404). Writes go through `profrost.achievements.services`, the same functions as the pages:
they validate with the pages' Russian messages and audit (`achievements.<model>.<verb>`).
Competitions are changed by holders of MANAGE_ACHIEVEMENTS over who holds them; participations
and publications by a manager within the scope or by the teacher they belong to
(ADD_OWN_ACHIEVEMENTS); expert activity by a manager.
"""

from functools import partial

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from profrost.achievements import filters, selectors, services
from profrost.achievements.models import (
    Competition,
    CompetitionParticipation,
    CompetitionStage,
    ExpertActivity,
    ExpertKind,
    Level,
    Publication,
    PublicationKind,
    PublicationLevel,
    Result,
)
from profrost.core.roles import Perm
from profrost.registry.models import Municipality, Organization, Region

from .base import NamedChoiceField, ScopedViewSet, call
from .serializers import ScopedRelatedField

# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


# The enums of achievements are named Achievements<Class>Enum.
AchievementsChoiceField = partial(NamedChoiceField, prefix="Achievements")


class RecordablePersonField(serializers.PrimaryKeyRelatedField):
    # The people about whom the requesting user may record rows of the serializer's model.

    def get_queryset(self):
        request = self.context.get("request")
        model = self.parent.Meta.model
        return services.recordable_people(getattr(request, "user", None), model)


class VisibleStageField(serializers.PrimaryKeyRelatedField):
    # Stages of the competitions the requesting user sees.

    def get_queryset(self):
        request = self.context.get("request")
        competitions = selectors.visible_competitions(getattr(request, "user", None))
        return CompetitionStage.objects.filter(competition__in=competitions.values("pk"))


class AchievementsSerializer(serializers.ModelSerializer):
    # The services validate (uniqueness included) with the models' Russian messages.

    def get_validators(self):
        return []


class AchievementsViewSet(ScopedViewSet):
    perm = Perm.VIEW_NETWORK
    save_service = delete_service = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.perm)

    def may_create(self):
        return services.may_create(self.request.user, self.model)

    def get_changeable_queryset(self):
        return services.changeable(self.model, self.request.user)

    def save_instance(self, instance, data):
        call(type(self).save_service, instance, by=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        instance = self.model(**{k: v for k, v in data.items() if k != "stages"})
        self.save_instance(instance, data)
        serializer.instance = instance
        self.read_back(serializer)

    def perform_update(self, serializer):
        instance = serializer.instance
        data = dict(serializer.validated_data)
        for name, value in data.items():
            if name != "stages":
                setattr(instance, name, value)
        self.save_instance(instance, data)
        self.read_back(serializer)

    def perform_destroy(self, instance):
        call(type(self).delete_service, instance, by=self.request.user)


# Competitions -----------------------------------------------------------------------------------


class StageSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, label=_("Этап (id)"), help_text=_("Пусто — новый этап.")
    )

    class Meta:
        model = CompetitionStage
        fields = ["id", "order", "title", "starts_on", "ends_on"]
        extra_kwargs = {"order": {"required": False}}


class CompetitionSerializer(AchievementsSerializer):
    level = AchievementsChoiceField(Level, label=_("Уровень"))
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    region = ScopedRelatedField(
        Region,
        Perm.MANAGE_ACHIEVEMENTS,
        required=False,
        label=_("Регион"),
        help_text=_("Где проходит конкурс; берётся из муниципалитета или организации."),
    )
    municipality = ScopedRelatedField(
        Municipality,
        Perm.MANAGE_ACHIEVEMENTS,
        required=False,
        allow_null=True,
        label=_("Муниципалитет"),
    )
    organization = ScopedRelatedField(
        Organization,
        Perm.MANAGE_ACHIEVEMENTS,
        required=False,
        allow_null=True,
        label=_("Организация"),
    )
    holder_name = serializers.CharField(source="holder", read_only=True, label=_("Проводит"))
    stages = StageSerializer(
        many=True,
        required=False,
        label=_("Этапы"),
        help_text=_(
            "Если передан, заменяет список этапов: этапы без id создаются, не указанные удаляются."
        ),
    )
    participant_count = serializers.IntegerField(read_only=True, label=_("Участников"))
    awarded_count = serializers.IntegerField(
        read_only=True, label=_("Победителей, призёров, лауреатов")
    )

    class Meta:
        model = Competition
        fields = [
            "id",
            "title",
            "level",
            "level_display",
            "year",
            "organizer",
            "region",
            "municipality",
            "organization",
            "holder_name",
            "description",
            "stages",
            "participant_count",
            "awarded_count",
        ]


@extend_schema(
    tags=[_("Конкурсы профессионального мастерства")],
    description=_(
        "Конкурс видят все работники региона, где он проходит. Создаёт и меняет его тот, кто "
        "его проводит: регион, муниципалитет или организация. Конкурс с участниками не "
        "удаляется."
    ),
)
class CompetitionViewSet(AchievementsViewSet):
    model = Competition
    serializer_class = CompetitionSerializer
    filterset_class = filters.CompetitionFilter
    save_service = services.save_competition
    delete_service = services.delete_competition
    search_fields = ["title", "organizer"]
    ordering_fields = ["year", "title", "level", "participant_count"]

    def get_queryset(self):
        return (
            selectors.competitions_for_list(super().get_queryset())
            .prefetch_related("stages")
            .order_by("-year", "title", "pk")
        )

    def save_instance(self, instance, data):
        stages = data.get("stages")
        call(
            services.save_competition,
            instance,
            by=self.request.user,
            stages=[dict(stage) for stage in stages] if stages is not None else None,
        )


# Participations ---------------------------------------------------------------------------------


class ParticipationSerializer(AchievementsSerializer):
    competition = ScopedRelatedField(Competition, Perm.VIEW_NETWORK, label=_("Конкурс"))
    competition_title = serializers.CharField(source="competition.title", read_only=True)
    person = RecordablePersonField(label=_("Работник"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    stage = VisibleStageField(required=False, allow_null=True, label=_("Этап"))
    stage_title = serializers.CharField(source="stage.title", read_only=True, allow_null=True)
    result = AchievementsChoiceField(Result, required=False, label=_("Результат"))
    result_display = serializers.CharField(source="get_result_display", read_only=True)

    class Meta:
        model = CompetitionParticipation
        fields = [
            "id",
            "competition",
            "competition_title",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "stage",
            "stage_title",
            "result",
            "result_display",
            "nomination",
            "result_date",
            "document",
        ]
        read_only_fields = ["organization"]


@extend_schema(
    tags=[_("Конкурсы профессионального мастерства")],
    description=_(
        "Участие работника в конкурсе: этап и результат; одно на работника и конкурс. "
        "Организация запоминается по основному месту работы на дату результата."
    ),
)
class ParticipationViewSet(AchievementsViewSet):
    model = CompetitionParticipation
    serializer_class = ParticipationSerializer
    filterset_class = filters.ParticipationFilter
    save_service = services.save_participation
    delete_service = services.delete_participation
    search_fields = ["person__last_name", "person__first_name", "competition__title"]
    ordering_fields = ["competition__year", "person__last_name", "result_date"]

    def get_queryset(self):
        return selectors.participations_for_list(super().get_queryset())


# Publications -----------------------------------------------------------------------------------


class PublicationSerializer(AchievementsSerializer):
    person = RecordablePersonField(label=_("Автор"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    kind = AchievementsChoiceField(PublicationKind, required=False, label=_("Вид"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level = AchievementsChoiceField(PublicationLevel, label=_("Уровень издания"))
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "title",
            "kind",
            "kind_display",
            "edition",
            "level",
            "level_display",
            "year",
            "url",
            "coauthors",
        ]
        read_only_fields = ["organization"]


@extend_schema(
    tags=[_("Публикации")],
    description=_(
        "Публикации работников. Педагог вносит и правит свои публикации, методическая служба — "
        "публикации работников в своей области действия."
    ),
)
class PublicationViewSet(AchievementsViewSet):
    model = Publication
    serializer_class = PublicationSerializer
    filterset_class = filters.PublicationFilter
    save_service = services.save_publication
    delete_service = services.delete_publication
    search_fields = ["title", "edition", "person__last_name", "person__first_name"]
    ordering_fields = ["year", "title", "person__last_name"]

    def get_queryset(self):
        return selectors.publications_for_list(super().get_queryset())


# Expert activity --------------------------------------------------------------------------------


class ExpertActivitySerializer(AchievementsSerializer):
    person = RecordablePersonField(label=_("Работник"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization_name = serializers.CharField(
        source="organization.short_name", read_only=True, allow_null=True
    )
    kind = AchievementsChoiceField(ExpertKind, label=_("Вид экспертной деятельности"))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level = AchievementsChoiceField(Level, label=_("Уровень"))
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = ExpertActivity
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "kind",
            "kind_display",
            "direction",
            "body",
            "level",
            "level_display",
            "started_on",
            "ended_on",
            "document",
        ]
        read_only_fields = ["organization"]


@extend_schema(
    tags=[_("Экспертная деятельность")],
    description=_(
        "База экспертов по направлениям: экспертные комиссии, жюри, аттестационная экспертиза, "
        "экспертиза программ и практик. Вносит методическая служба."
    ),
)
class ExpertActivityViewSet(AchievementsViewSet):
    model = ExpertActivity
    serializer_class = ExpertActivitySerializer
    filterset_class = filters.ExpertActivityFilter
    save_service = services.save_expert_activity
    delete_service = services.delete_expert_activity
    search_fields = ["direction", "body", "person__last_name", "person__first_name"]
    ordering_fields = ["started_on", "direction", "person__last_name"]

    def get_queryset(self):
        return selectors.expert_activities_for_list(super().get_queryset())


def register(router):
    router.register("competitions", CompetitionViewSet, basename="competition")
    router.register(
        "competition-participations", ParticipationViewSet, basename="competition-participation"
    )
    router.register("publications", PublicationViewSet, basename="publication")
    router.register("expert-activities", ExpertActivityViewSet, basename="expert-activity")
