"""Serializers of the registry API.

The choices of every relation are the rows the requesting user may use, so an id outside the
scope is «not found», never a leak. Every write runs the model's `full_clean()`, so the API keeps
the rules and the Russian messages of the models (ИНН and СНИЛС checksums, dates, attestation).
"""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.validators import UniqueValidator

from profrost.core.models import RoleAssignment, User
from profrost.core.roles import ROLE_PERMS, Level, Perm
from profrost.registry import models, services

from .base import call, service_errors


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A relation whose choices are the rows over which the requesting user holds `perm`."""

    def __init__(self, model, perm=Perm.VIEW_REGISTRY, **kwargs):
        self.model = model
        self.perm = perm
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.model.objects.visible_to(getattr(request, "user", None), self.perm)


class DigitsField(serializers.CharField):
    """An identifier typed with or without dashes and spaces, kept as its digits."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        return "".join(value.split()).replace("-", "")


class SnilsField(DigitsField):
    """СНИЛС is optional and unique, so an empty one is stored as NULL, never as ''."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_null=True, allow_blank=True, **kwargs)

    def run_validation(self, data=serializers.empty):
        return super().run_validation(data) or None


# Serializers carry comments rather than docstrings: drf-spectacular publishes docstrings.


class ModelCleanSerializer(serializers.ModelSerializer):
    # Validates through the model's full_clean(), uniqueness included; DRF's own unique
    # validators are dropped so that a duplicate gets the model's message.

    clean_exclude = ()

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        field_kwargs["validators"] = [
            validator
            for validator in field_kwargs.get("validators", [])
            if not isinstance(validator, UniqueValidator)
        ]
        return field_class, field_kwargs

    def get_validators(self):
        return []

    def validate(self, attrs):
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=self.clean_exclude)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(service_errors(exc)) from exc
        return attrs


class RegionSerializer(ModelCleanSerializer):
    class Meta:
        model = models.Region
        fields = ["id", "name", "code"]


class MunicipalitySerializer(ModelCleanSerializer):
    region = ScopedRelatedField(models.Region, Perm.MANAGE_MUNICIPALITIES, label=_("Регион"))
    region_name = serializers.CharField(source="region.name", read_only=True)
    oktmo = DigitsField(label=_("Код ОКТМО"), help_text=_("8 или 11 цифр, пробелы допускаются."))

    class Meta:
        model = models.Municipality
        fields = ["id", "region", "region_name", "name", "oktmo"]


class OrganizationMunicipalityField(ScopedRelatedField):
    """On update the current municipality stays a valid choice for staff who may not move it."""

    def get_queryset(self):
        queryset = super().get_queryset()
        instance = self.parent.instance
        if instance is None:
            return queryset
        return queryset | models.Municipality.objects.filter(pk=instance.municipality_id)


class OrganizationSerializer(ModelCleanSerializer):
    RESTRICTED = ("municipality", "inn", "low_results", "unfavourable_conditions")

    municipality = OrganizationMunicipalityField(
        models.Municipality, Perm.MANAGE_ORGANIZATIONS, label=_("Муниципалитет")
    )
    municipality_name = serializers.CharField(source="municipality.name", read_only=True)
    inn = DigitsField(label=_("ИНН"), help_text=_("10 цифр, пробелы и дефисы допускаются."))
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    staff_count = serializers.IntegerField(read_only=True, label=_("Работников"))

    class Meta:
        model = models.Organization
        fields = [
            "id",
            "municipality",
            "municipality_name",
            "name",
            "short_name",
            "inn",
            "kind",
            "kind_display",
            "low_results",
            "unfavourable_conditions",
            "address",
            "email",
            "phone",
            "is_active",
            "staff_count",
        ]

    def validate(self, attrs):
        if self.instance is not None:
            self._check_restricted_fields(attrs)
        return super().validate(attrs)

    def _check_restricted_fields(self, attrs):
        changed = [
            name
            for name in self.RESTRICTED
            if name in attrs and attrs[name] != getattr(self.instance, name)
        ]
        if not changed:
            return
        user = self.context["request"].user
        managed = models.Organization.objects.visible_to(user, Perm.MANAGE_ORGANIZATIONS)
        if not managed.filter(pk=self.instance.pk).exists():
            raise PermissionDenied(
                _(
                    "Муниципалитет, ИНН и признаки ШНОР и неблагоприятных социальных условий "
                    "изменяет муниципальная или региональная методическая служба."
                )
            )


class OrganizationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Organization
        fields = ["id", "short_name"]


class CurrentEmploymentSerializer(serializers.ModelSerializer):
    organization = OrganizationBriefSerializer(read_only=True)
    position = serializers.CharField(source="position.name", read_only=True)
    subjects = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = models.Employment
        fields = ["id", "organization", "position", "subjects", "is_main", "start_date", "end_date"]


class PersonSerializer(ModelCleanSerializer):
    NAME_FIELDS = ("last_name", "first_name", "middle_name")

    full_name = serializers.CharField(read_only=True, label=_("ФИО"))
    snils = SnilsField(label=_("СНИЛС"), help_text=_("11 цифр, можно с дефисами: 123-456-789 01."))
    snils_display = serializers.CharField(read_only=True, label=_("СНИЛС (для показа)"))
    age = serializers.IntegerField(read_only=True, label=_("Возраст"))
    is_young_specialist = serializers.BooleanField(read_only=True, label=_("Молодой специалист"))
    employments = CurrentEmploymentSerializer(
        many=True, read_only=True, source="current_employments", label=_("Текущие места работы")
    )

    class Meta:
        model = models.Person
        fields = [
            "id",
            "last_name",
            "first_name",
            "middle_name",
            "full_name",
            "birth_date",
            "snils",
            "snils_display",
            "email",
            "phone",
            "career_start",
            "age",
            "is_young_specialist",
            "employments",
        ]

    def validate(self, attrs):
        for name in self.NAME_FIELDS:
            if attrs.get(name):
                attrs[name] = " ".join(attrs[name].split())
        return super().validate(attrs)


class InitialEmploymentSerializer(ModelCleanSerializer):
    # The first employment of a new person: without it the person would be visible to nobody.

    organization = ScopedRelatedField(
        models.Organization, Perm.MANAGE_STAFF, label=_("Организация")
    )
    # The person does not exist yet; it is set when both are saved.
    clean_exclude = ("person",)

    class Meta:
        model = models.Employment
        fields = ["organization", "position", "subjects", "is_main", "start_date"]


class PersonCreateSerializer(PersonSerializer):
    employment = InitialEmploymentSerializer(write_only=True, label=_("Место работы"))
    namesake = serializers.BooleanField(
        write_only=True,
        default=False,
        label=_("Это другой человек с теми же ФИО и датой рождения"),
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "employment", "namesake"]

    def create(self, validated_data):
        by = validated_data.pop("by")
        employment = dict(validated_data.pop("employment"))
        confirmed = validated_data.pop("namesake")
        # The model's defaults for what the request leaves out; a relation's default (the
        # citizenship) is a key, which the model applies itself when the field is not given.
        defaults = {
            field.name: field.get_default()
            for field in models.Person._meta.fields
            if not field.is_relation
        }
        return call(
            services.create_person,
            by=by,
            person_data={**defaults, **validated_data},
            employment_data=employment,
            namesake_confirmed=confirmed,
        )


class EmploymentSerializer(ModelCleanSerializer):
    person = ScopedRelatedField(models.Person, Perm.MANAGE_STAFF, label=_("Работник"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    organization = ScopedRelatedField(
        models.Organization, Perm.MANAGE_STAFF, label=_("Организация")
    )
    organization_name = serializers.CharField(source="organization.short_name", read_only=True)
    position_name = serializers.CharField(source="position.name", read_only=True)
    subject_names = serializers.SlugRelatedField(
        source="subjects", many=True, read_only=True, slug_field="name"
    )
    is_active = serializers.BooleanField(read_only=True, label=_("Действует"))

    class Meta:
        model = models.Employment
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "position",
            "position_name",
            "subjects",
            "subject_names",
            "is_main",
            "start_date",
            "end_date",
            "is_active",
        ]


class AttestationSerializer(ModelCleanSerializer):
    person = ScopedRelatedField(models.Person, Perm.MANAGE_STAFF, label=_("Работник"))
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    position_name = serializers.CharField(source="position.name", read_only=True, allow_null=True)

    class Meta:
        model = models.Attestation
        fields = [
            "id",
            "person",
            "person_name",
            "category",
            "category_display",
            "decision_date",
            "valid_until",
            "order_number",
            "position",
            "position_name",
        ]


class PositionSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Position
        fields = ["id", "name", "category", "order"]


class SubjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Subject
        fields = ["id", "name", "order"]


class RoleAssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    level = serializers.ChoiceField(choices=Level.choices, read_only=True, label=_("Уровень"))
    description = serializers.CharField(source="__str__", read_only=True, label=_("Описание"))

    class Meta:
        model = RoleAssignment
        fields = [
            "role",
            "role_display",
            "level",
            "region",
            "municipality",
            "organization",
            "description",
        ]


class MeSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True, label=_("Имя"))
    # A user's e-mail may be blank; a read-only field from the model loses allow_blank, and the
    # schema then refused the "" the endpoint answers.
    email = serializers.EmailField(
        read_only=True, allow_blank=True, label=User._meta.get_field("email").verbose_name
    )
    roles = RoleAssignmentSerializer(many=True, read_only=True)
    permissions = serializers.SerializerMethodField(label=_("Доступные действия"))

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "person", "roles", "permissions"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_permissions(self, user):
        if user.is_superuser:
            held = set().union(*ROLE_PERMS.values())
        else:
            held = set().union(*(ROLE_PERMS[assignment.role] for assignment in user.roles.all()))
        return sorted(held)
