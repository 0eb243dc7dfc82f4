"""Forms of the methodical network. Every choice is limited to what the user may use."""

from django import forms
from django.db import models
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from profrost.competences.models import Competence
from profrost.core.forms import ScopedModelForm, date_field
from profrost.core.lookups import LookupField, row_or_none
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import place_for
from profrost.registry.lookups import person_lookup
from profrost.registry.models import Municipality, Organization, Person, Region

from .models import (
    Association,
    AssociationReport,
    Event,
    HorizontalGroup,
    MembershipRole,
    ParticipationRole,
    PlanLevel,
    TargetLevel,
    WorkPlan,
    school_year_start,
)

TARGET_FIELDS = ("region", "municipality", "organization")


def manager_levels(scope):
    """A regional role sets up things at any level, a municipal one below the region, an
    organization's administrator in the own organization only; a teacher none."""
    return scope.levels_of(TargetLevel)


def managed_organizations(user, perm):
    """Organizations the user manages with `perm` (a teacher's workplaces are not among them)."""
    scope = resolve_scope(user, perm)
    if scope.everything:
        return Organization.objects.all()
    return Organization.objects.filter(
        scope.q(region="municipality__region", municipality="municipality", organization="pk")
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {"placeholder": _("дд.мм.гггг чч:мм"), "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs=attrs, format="%d.%m.%Y %H:%M")


class TargetFormMixin:
    """The level with its region, municipality or organization, limited to the user's scope. Who
    may change a row without managing its level (the head of an association) keeps its target."""

    target_perm = None
    extra_levels = ()

    def setup_target(self):
        scope = resolve_scope(self.user, self.target_perm)
        self.levels = [*manager_levels(scope), *self.extra_levels]
        instance = self.instance
        regions = Region.objects.all()
        self.fields["region"].queryset = (
            regions if scope.everything else regions.filter(scope.q(region="pk"))
        )
        self.fields["municipality"].queryset = (
            Municipality.objects.all()
            if scope.everything
            else Municipality.objects.filter(scope.q(region="region", municipality="pk"))
        ).select_related("region")
        self.fields["organization"].queryset = managed_organizations(
            self.user, self.target_perm
        ).order_by("short_name")
        for name in TARGET_FIELDS:
            self.fields[name].required = False
        choices = self.fields["level"].choices
        self.fields["level"].choices = [("", "—")] + [
            (value, label) for value, label in choices if value in self.levels
        ]
        if instance.pk and instance.level not in self.levels:
            self.keep_target()
        elif len(self.levels) == 1 and not instance.pk:
            self.initial["level"] = self.levels[0]

    def keep_target(self):
        instance = self.instance
        self.fields["level"].choices = [(instance.level, instance.get_level_display())]
        for name in ("level", *TARGET_FIELDS):
            self.fields[name].disabled = True
        for name in TARGET_FIELDS:
            value = getattr(instance, f"{name}_id")
            model = self.fields[name].queryset.model
            self.fields[name].queryset = model.objects.filter(pk=value)

    def clean_target(self, cleaned):
        level = cleaned.get("level")
        if level and level not in self.levels and not self.fields["level"].disabled:
            self.add_error("level", _("Этот уровень вам недоступен."))
        elif level == TargetLevel.REGION and not cleaned.get("region"):
            self.add_error("region", _("Укажите регион."))
        elif level == TargetLevel.MUNICIPALITY and not cleaned.get("municipality"):
            self.add_error("municipality", _("Укажите муниципалитет."))
        elif level == TargetLevel.ORGANIZATION and not cleaned.get("organization"):
            self.add_error("organization", _("Укажите организацию."))
        elif level:
            cleaned["region"], cleaned["municipality"], cleaned["organization"] = place_for(
                level,
                cleaned.get("region"),
                cleaned.get("municipality"),
                cleaned.get("organization"),
            )
        return cleaned

    def _post_clean(self):
        # The model's checks repeat the form's in other words; the form's are shown first.
        if not self.errors:
            super()._post_clean()


@person_lookup("network.association_heads", params=("association",))
def association_heads(user, association=None):
    """A new association's head is anyone the user manages associations for; a changed one's is
    chosen from its current members."""
    if association is None:
        return Person.objects.visible_to(user, Perm.MANAGE_ASSOCIATIONS)
    associations = Association.objects.changeable_by(user, Perm.MANAGE_ASSOCIATIONS)
    found = row_or_none(associations, association)
    if found is None:
        return Person.objects.none()
    members = found.memberships.filter(left_on__isnull=True).values("person_id")
    return Person.objects.filter(pk__in=members)


class AssociationForm(TargetFormMixin, ScopedModelForm):
    target_perm = Perm.MANAGE_ASSOCIATIONS
    head = LookupField(
        "network.association_heads",
        label=_("Руководитель"),
        required=False,
        help_text=_("Руководитель становится членом объединения."),
    )

    class Meta:
        model = Association
        fields = [
            "title",
            "kind",
            "level",
            "region",
            "municipality",
            "organization",
            "subject",
            "problem_area",
            "head",
            "founded_on",
            "description",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "kind": _("ШМО создаётся в организации, РМО — в муниципалитете."),
            "municipality": _("Для муниципального объединения и объединения организации."),
            "organization": _("Для объединения организации (ШМО)."),
            "head": _("Руководитель становится членом объединения."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_target()
        self.fields["head"].bind(self.user, association=self.instance.pk)
        if self.instance.pk:
            self.fields["head"].help_text = _("Руководителя выбирают из членов объединения.")

    def clean(self):
        return self.clean_target(super().clean())


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Работник"), queryset=Person.objects.none())
    role = forms.ChoiceField(
        label=_("Роль"),
        choices=[(r.value, r.label) for r in MembershipRole if r != MembershipRole.HEAD],
        initial=MembershipRole.MEMBER,
    )
    joined_on = date_field(_("Дата вступления"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Этого работника нельзя добавить: он вне охвата объединения или уже состоит в нём."
        )
        self.initial.setdefault("joined_on", timezone.localdate())


class ReportForm(ScopedModelForm):
    class Meta:
        model = AssociationReport
        fields = ["period", "submitted_on", "text", "file"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}


class HorizontalGroupForm(ScopedModelForm):
    class Meta:
        model = HorizontalGroup
        fields = ["status", "starts_on", "ends_on", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Окончание не может быть раньше начала."))
        return cleaned


def https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class EventForm(ScopedModelForm):
    class Meta:
        model = Event
        formfield_callback = https_by_default
        fields = [
            "title",
            "kind",
            "level",
            "organizer_organization",
            "organizer_association",
            "plan",
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
            "description",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "audience_positions": forms.SelectMultiple(attrs={"size": 6}),
            "audience_subjects": forms.SelectMultiple(attrs={"size": 6}),
            "competences": forms.SelectMultiple(attrs={"size": 8}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "level": _(
                "Кого охватывает мероприятие: уровень организации — её работников, "
                "муниципальный — муниципалитет организатора, региональный и выше — регион."
            ),
            "organizer_association": _("Например, РМО, которое проводит заседание или семинар."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        organizations = managed_organizations(self.user, Perm.MANAGE_EVENTS)
        associations = Association.objects.changeable_by(self.user, Perm.MANAGE_EVENTS).filter(
            is_active=True
        )
        plans = WorkPlan.objects.changeable_by(self.user, Perm.MANAGE_EVENTS)
        if instance.pk:
            organizations = organizations | Organization.objects.filter(
                pk=instance.organizer_organization_id
            )
            associations = associations | Association.objects.filter(
                pk=instance.organizer_association_id
            )
            plans = plans | WorkPlan.objects.filter(pk=instance.plan_id)
        self.fields["organizer_organization"].queryset = organizations.distinct().order_by(
            "short_name"
        )
        self.fields["organizer_association"].queryset = associations.distinct().order_by("title")
        self.fields["plan"].queryset = plans.distinct().order_by("-year", "title")
        self.fields["competences"].queryset = Competence.objects.filter(is_active=True)
        for name in ("starts_at", "ends_at"):
            self.fields[name].error_messages["invalid"] = _(
                "Введите дату и время в формате дд.мм.гггг чч:мм."
            )

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("Окончание не может быть раньше начала."))
        if not cleaned.get("organizer_organization") and not cleaned.get("organizer_association"):
            self.add_error(
                "organizer_organization",
                _("Укажите организатора: организацию или методическое объединение."),
            )
        return cleaned

    def _post_clean(self):
        # The reach is derived in services.save_event, which then runs the model's checks.
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)

    def m2m_values(self):
        names = ("audience_positions", "audience_subjects", "competences")
        return {name: self.cleaned_data.get(name) or [] for name in names}


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Причина отмены"), max_length=300, required=False)


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Работник"), queryset=Person.objects.none())
    role = forms.ChoiceField(
        label=_("Роль"), choices=ParticipationRole.choices, initial=ParticipationRole.PARTICIPANT
    )
    topic = forms.CharField(label=_("Тема выступления"), max_length=300, required=False)

    def __init__(self, *args, candidates, organizer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Этого работника вы не можете зарегистрировать или он уже в списке."
        )
        if not organizer:
            self.fields["role"].choices = [
                (ParticipationRole.PARTICIPANT.value, ParticipationRole.PARTICIPANT.label)
            ]


class PlanForm(TargetFormMixin, ScopedModelForm):
    target_perm = Perm.MANAGE_EVENTS

    class Meta:
        model = WorkPlan
        fields = [
            "title",
            "year",
            "level",
            "association",
            "region",
            "municipality",
            "organization",
            "approved_on",
            "document",
            "file",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"association": _("Для плана работы методического объединения.")}

    def __init__(self, *args, **kwargs):
        user = kwargs.get("user")
        associations = Association.objects.changeable_by(user, Perm.MANAGE_EVENTS)
        self.extra_levels = [PlanLevel.ASSOCIATION] if associations.exists() else []
        super().__init__(*args, **kwargs)
        self.setup_target()
        instance = self.instance
        if instance.pk and instance.association_id:
            associations = associations | Association.objects.filter(pk=instance.association_id)
        self.fields["association"].queryset = associations.distinct().order_by("title")
        self.fields["association"].required = False
        if not instance.pk:
            self.initial.setdefault("year", school_year_start())

    def keep_target(self):
        super().keep_target()
        self.fields["association"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level") == PlanLevel.ASSOCIATION:
            association = cleaned.get("association")
            if association is None:
                self.add_error("association", _("Укажите объединение."))
            else:
                cleaned["region"] = association.region
                cleaned["municipality"] = association.municipality
                cleaned["organization"] = association.organization
            return cleaned
        cleaned["association"] = None
        return self.clean_target(cleaned)
