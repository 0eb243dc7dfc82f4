"""Forms of management decisions; the rules live in `services`, whose errors the views attach
here."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core.forms import ScopedModelForm
from profrost.core.lookups import LookupField, row_or_none
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.lookups import person_lookup
from profrost.registry.models import Municipality, Region

from ..indicators import REGISTRY
from ..models import DecisionStatus, ManagementDecision, MonitoringPeriod, ScopeLevel
from .common import (
    PeriodChoiceField,
    computed_periods,
    get_or_none,
    indicator_choices,
    people_of,
)


@person_lookup("monitoring.responsible", params=("decision",))
def responsible(user, decision=None):
    """People who may answer for a decision, and the one a changed decision already names."""
    keep = []
    if decision is not None:
        decisions = ManagementDecision.objects.visible_to(user, Perm.MANAGE_DECISIONS)
        found = row_or_none(decisions, decision)
        keep = [found.responsible_person_id] if found else []
    return people_of(user, Perm.MANAGE_DECISIONS, include=keep)


class DecisionForm(ScopedModelForm):
    """A decision of the user's region, or of a municipality within the user's reach.
    Opened from the analysis pages it takes ?period=<id>&indicator=<code>&municipality=<id>."""

    indicators = forms.MultipleChoiceField(
        label=gettext_lazy("Показатели, на которые направлено решение"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    based_on = PeriodChoiceField(
        label=gettext_lazy("По итогам периода"),
        queryset=MonitoringPeriod.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Значения показателей в этом периоде и в следующем рассчитанном покажут эффект."
        ),
    )
    responsible_person = LookupField(
        "monitoring.responsible", label=gettext_lazy("Ответственный (работник)"), required=False
    )

    class Meta:
        model = ManagementDecision
        fields = [
            "title",
            "level",
            "region",
            "municipality",
            "decided_on",
            "document_number",
            "based_on",
            "measures",
            "responsible_person",
            "responsible_text",
            "deadline",
            "indicators",
            "result",
        ]
        widgets = {
            "measures": forms.Textarea(attrs={"rows": 5}),
            "result": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, prefill=None, **kwargs):
        super().__init__(*args, **kwargs)
        scope = resolve_scope(self.user, Perm.MANAGE_DECISIONS)
        if scope.everything:
            regions, municipalities = Region.objects.all(), Municipality.objects.all()
        else:
            municipalities = Municipality.objects.filter(
                region__in=scope.region_ids
            ) | Municipality.objects.filter(pk__in=scope.municipality_ids)
            regions = Region.objects.filter(pk__in=scope.region_ids) | Region.objects.filter(
                pk__in=municipalities.values("region")
            )
        self.fields["region"].queryset = regions.distinct().order_by("name")
        self.fields["region"].empty_label = None
        self.fields["region"].required = False
        self.fields["municipality"].queryset = municipalities.distinct().order_by("name")
        self.region_level_allowed = scope.everything or bool(scope.region_ids)
        if not self.region_level_allowed:
            self.fields["level"].choices = [(ScopeLevel.MUNICIPALITY, _("Муниципалитет"))]
            self.fields["region"].widget = forms.HiddenInput()
        self.fields["indicators"].choices = indicator_choices(blank=False)
        self.fields["based_on"].queryset = computed_periods(self.user).select_related(
            "municipality"
        )
        self.fields["responsible_person"].bind(self.user, decision=self.instance.pk)
        if not self.instance.pk:
            del self.fields["result"]
            if prefill is not None and not self.is_bound:
                self.prefill(prefill)

    def prefill(self, query):
        municipality = get_or_none(self.fields["municipality"].queryset, query.get("municipality"))
        if municipality is not None:
            self.initial.update(
                level=ScopeLevel.MUNICIPALITY,
                municipality=municipality.pk,
                region=municipality.region_id,
            )
        elif not self.region_level_allowed:
            self.initial["level"] = ScopeLevel.MUNICIPALITY
        period = get_or_none(self.fields["based_on"].queryset, query.get("period"))
        if period is not None:
            self.initial["based_on"] = period.pk
            if municipality is None and period.level == ScopeLevel.MUNICIPALITY:
                self.initial.update(
                    level=ScopeLevel.MUNICIPALITY,
                    municipality=period.municipality_id,
                    region=period.region_id,
                )
            elif municipality is None:
                self.initial.update(level=period.level, region=period.region_id)
        if query.get("indicator") in REGISTRY:
            self.initial["indicators"] = [query.get("indicator")]

    def clean(self):
        data = super().clean()
        level = data.get("level")
        municipality = data.get("municipality")
        if level == ScopeLevel.REGION:
            data["municipality"] = None
            if not self.region_level_allowed:
                raise forms.ValidationError(_("Решения региона принимает региональный уровень."))
            if data.get("region") is None:
                self.add_error("region", _("Укажите регион."))
        elif level == ScopeLevel.MUNICIPALITY and municipality is not None:
            data["region"] = municipality.region
        return data


class DecisionStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Новый статус"), choices=DecisionStatus.choices)
    result = forms.CharField(
        label=gettext_lazy("Результат исполнения"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
