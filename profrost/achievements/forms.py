from django import forms
from django.db.models import URLField
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import DateInput, ScopedModelForm
from profrost.core.lookups import LookupField, row_or_none
from profrost.core.roles import Perm
from profrost.core.scoping import SCOPE_LEVELS, resolve_scope
from profrost.registry.lookups import organization_lookup, person_lookup
from profrost.registry.models import Municipality, Organization, Person, Region

from . import selectors, services
from .models import (
    Competition,
    CompetitionParticipation,
    CompetitionStage,
    ExpertActivity,
    Level,
    Publication,
)


class DatalistInput(forms.TextInput):
    """A free text input that suggests the values already typed elsewhere."""

    def __init__(self, options=(), attrs=None):
        super().__init__(attrs)
        self.options = list(options)

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}_options"
        self.attrs["list"] = list_id
        self.attrs["autocomplete"] = "off"
        field = super().render(name, value, attrs, renderer)
        options = format_html_join("", '<option value="{}">', ((o,) for o in self.options))
        return format_html('{}<datalist id="{}">{}</datalist>', field, list_id, options)


def register_fact_people(model):
    """The person picker of a kind of fact: people the user may record it about, and the person
    of the fact being changed (`fact`, one the user may change)."""

    @person_lookup(f"achievements.{model._meta.model_name}", params=("fact",))
    def people(user, fact=None):
        rows = services.recordable_people(user, model)
        found = row_or_none(services.changeable(model, user), fact) if fact else None
        if found is not None:
            rows = rows | Person.objects.filter(pk=found.person_id)
        return rows.distinct()

    return f"achievements.{model._meta.model_name}"


FACT_PEOPLE = {
    model: register_fact_people(model)
    for model in (CompetitionParticipation, Publication, ExpertActivity)
}


class PersonFieldMixin:
    """The person is one the user may record facts about; a teacher records only their own."""

    fact_model = Publication

    def setup_person(self, initial_person=None):
        field = LookupField.replacing(self.fields["person"], FACT_PEOPLE[self.fact_model])
        self.fields["person"] = field.bind(self.user, fact=self.instance.pk)
        if initial_person is not None and not self.instance.pk:
            self.initial["person"] = initial_person.pk
        own_only = resolve_scope(self.user, Perm.MANAGE_ACHIEVEMENTS).empty
        if own_only and self.user.person_id:
            self.initial["person"] = self.instance.person_id or self.user.person_id
            field.disabled = True


@organization_lookup("achievements.organizations")
def competition_organizations(user):
    """Organizations where the user keeps competitions."""
    return Organization.objects.visible_to(user, Perm.MANAGE_ACHIEVEMENTS)


class CompetitionForm(ScopedModelForm):
    """A competition held within the user's MANAGE_ACHIEVEMENTS scope. The region and the
    municipality are filled from the chosen organization or municipality."""

    class Meta:
        model = Competition
        fields = [
            "title",
            "level",
            "year",
            "organizer",
            "region",
            "municipality",
            "organization",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "region": _("Регион, где проходит конкурс: его видят все работники региона."),
            "municipality": _("Для муниципального конкурса — муниципалитет, который его ведёт."),
            "organization": _("Для конкурса уровня организации — организация, которая его ведёт."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = resolve_scope(self.user, Perm.MANAGE_ACHIEVEMENTS)
        regions = (
            Region.objects.all()
            if scope.everything
            else Region.objects.filter(pk__in=scope.region_ids)
        )
        self.fields["region"].required = False
        self.fields["region"].queryset = regions
        self.fields["municipality"].queryset = (
            Municipality.objects.all()
            if scope.everything
            else Municipality.objects.filter(scope.q(region="region", municipality="pk"))
        ).order_by("name")
        organization = LookupField.replacing(
            self.fields["organization"], "achievements.organizations"
        )
        self.fields["organization"] = organization.bind(self.user)
        # Each level of role keeps competitions at its own level and below.
        top = scope.top_level or "organization"
        for wider in SCOPE_LEVELS[: SCOPE_LEVELS.index(top)]:
            del self.fields[wider]
        self.fields["year"].initial = timezone.localdate().year
        choices = self.fields[top].queryset
        if not self.instance.pk and choices.count() == 1:
            self.initial.setdefault(top, choices.first().pk)

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        municipality = cleaned.get("municipality")
        if organization is not None:
            municipality = organization.municipality
        region = municipality.region if municipality is not None else cleaned.get("region")
        level = cleaned.get("level")
        if region is None:
            self.add_error(
                "region" if "region" in self.fields else None,
                _("Укажите регион, муниципалитет или организацию, которые проводят конкурс."),
            )
        elif level == Level.SCHOOL and organization is None:
            self.add_error(
                "organization", _("Для конкурса уровня организации укажите организацию.")
            )
        elif level == Level.MUNICIPAL and municipality is None:
            self.add_error(
                "municipality" if "municipality" in self.fields else None,
                _("Для муниципального конкурса укажите муниципалитет."),
            )
        cleaned.update(region=region, municipality=municipality)
        self.instance.region = region
        self.instance.municipality = municipality
        return cleaned

    def _post_clean(self):
        # The model repeats the form's checks of the holder; the form's messages are shown.
        if not self.errors:
            super()._post_clean()


class StageForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    order = forms.IntegerField(
        label=_("№"), min_value=1, max_value=50, required=False, widget=forms.NumberInput()
    )
    title = forms.CharField(label=_("Этап"), max_length=200, required=False)
    starts_on = forms.DateField(label=_("Начало"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Окончание"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_on", "ends_on"):
            self.fields[name].error_messages["invalid"] = _("Введите дату в формате дд.мм.гггг.")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Окончание этапа раньше его начала."))
        if (starts_on or ends_on) and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Укажите название этапа."))
        return cleaned


class BaseStageFormSet(forms.BaseFormSet):
    def stages(self):
        """The stages to keep, as dicts for services.sync_stages, blank rows and deleted ones
        left out."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not (data.get("title") or "").strip():
                continue
            rows.append(
                {key: data.get(key) for key in ("id", "order", "title", "starts_on", "ends_on")}
            )
        return rows


StageFormSet = forms.formset_factory(
    StageForm, formset=BaseStageFormSet, extra=3, can_delete=True, max_num=50
)


def stage_initial(competition):
    if competition is None or competition.pk is None:
        return []
    return [
        {
            "id": stage.pk,
            "order": stage.order,
            "title": stage.title,
            "starts_on": stage.starts_on,
            "ends_on": stage.ends_on,
        }
        for stage in competition.stages.all()
    ]


class ParticipationForm(PersonFieldMixin, ScopedModelForm):
    fact_model = CompetitionParticipation

    class Meta:
        model = CompetitionParticipation
        fields = [
            "competition",
            "person",
            "stage",
            "result",
            "nomination",
            "result_date",
            "document",
        ]

    def __init__(self, *args, competition=None, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person(person)
        competitions = selectors.visible_competitions(self.user)
        if self.instance.pk:
            competitions = competitions | Competition.objects.filter(
                pk=self.instance.competition_id
            )
            competition = self.instance.competition
        self.fields["competition"].queryset = competitions.distinct()
        self.fields["competition"].label_from_instance = lambda c: (
            f"{c.title} — {c.year}, {c.get_level_display().lower()}"
        )
        stages = CompetitionStage.objects.select_related("competition")
        if competition is not None:
            self.initial.setdefault("competition", competition.pk)
            self.fields["stage"].queryset = stages.filter(competition=competition)
        else:
            self.fields["stage"].queryset = stages.filter(competition__in=competitions)
            self.fields["stage"].label_from_instance = lambda s: f"{s.competition.title}: {s.title}"
        self.fields["stage"].help_text = _("Последний этап, в котором участвовал работник.")


def https_urls(model_field, **kwargs):
    if isinstance(model_field, URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class PublicationForm(PersonFieldMixin, ScopedModelForm):
    fact_model = Publication

    class Meta:
        model = Publication
        fields = ["person", "title", "kind", "edition", "level", "year", "url", "coauthors"]
        widgets = {"title": forms.Textarea(attrs={"rows": 2})}
        formfield_callback = https_urls

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person(person)
        self.fields["year"].initial = timezone.localdate().year
        self.fields["url"].widget.attrs["placeholder"] = "https://"
        self.fields["url"].error_messages["invalid"] = _(
            "Введите ссылку полностью, например https://example.ru/statya."
        )

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())


class ExpertActivityForm(PersonFieldMixin, ScopedModelForm):
    fact_model = ExpertActivity

    class Meta:
        model = ExpertActivity
        fields = [
            "person",
            "kind",
            "direction",
            "body",
            "level",
            "started_on",
            "ended_on",
            "document",
        ]

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_person(person)
        self.fields["direction"].widget = DatalistInput(selectors.directions(self.user))
        self.fields["level"].initial = Level.MUNICIPAL

    def clean_direction(self):
        return " ".join(self.cleaned_data["direction"].split())
