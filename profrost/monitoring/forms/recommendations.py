"""Forms of recommendations. They parse the input and limit every choice to the user's scope;
the rules live in `services`, whose errors the views attach here."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core.forms import date_field
from profrost.core.lookups import LookupField
from profrost.core.roles import Perm
from profrost.registry.lookups import organization_lookup, person_lookup
from profrost.registry.models import Municipality, Organization

from .. import services
from ..indicators import REGISTRY
from ..models import MonitoringPeriod
from ..rules import number
from .common import (
    PeriodChoiceField,
    addressable_municipalities,
    computed_periods,
    get_or_none,
    indicator_choices,
    people_of,
)

ADDRESSEES = ("organization", "municipality", "person")


@person_lookup("monitoring.addressees")
def addressees(user):
    """People a recommendation may be addressed to."""
    return people_of(user, Perm.MANAGE_RECOMMENDATIONS)


@organization_lookup("monitoring.addressed_organizations")
def addressed_organizations(user):
    """Organizations a recommendation may be addressed to."""
    return Organization.objects.visible_to(user, Perm.MANAGE_RECOMMENDATIONS)


class RecommendationForm(forms.Form):
    """A recommendation written by hand. Opened from the analysis pages it comes pre-filled
    from the query string: ?period=<id>&indicator=<code>&organization=<id> (or municipality=,
    person=)."""

    organization = LookupField(
        "monitoring.addressed_organizations", label=gettext_lazy("Организация"), required=False
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Муниципалитет"), queryset=Municipality.objects.none(), required=False
    )
    person = LookupField("monitoring.addressees", label=gettext_lazy("Работник"), required=False)
    period = PeriodChoiceField(
        label=gettext_lazy("Период мониторинга"),
        queryset=MonitoringPeriod.objects.none(),
        required=False,
        help_text=gettext_lazy("По итогам какого периода выдаётся рекомендация."),
    )
    indicator = forms.ChoiceField(label=gettext_lazy("Показатель"), required=False)
    title = forms.CharField(label=gettext_lazy("Тема"), max_length=300)
    text = forms.CharField(
        label=gettext_lazy("Текст рекомендации"), widget=forms.Textarea(attrs={"rows": 6})
    )
    deadline = date_field(gettext_lazy("Срок ответа"), required=False)

    def __init__(self, *args, user, prefill=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].bind(user)
        municipalities = addressable_municipalities(user)
        if municipalities.exists():
            self.fields["municipality"].queryset = municipalities
        else:
            del self.fields["municipality"]
        self.fields["person"].bind(user)
        self.fields["period"].queryset = computed_periods(user).select_related("municipality")
        self.fields["indicator"].choices = indicator_choices()
        self.fields["organization"].help_text = _(
            "Укажите одного адресата: организацию, муниципалитет или работника."
        )
        if prefill is not None and not self.is_bound:
            self.prefill(prefill)

    def prefill(self, query):
        """Initial values from the query string, each only when the user may choose it."""
        found = {}
        for name in ("organization", "municipality", "person", "period"):
            if name in self.fields and query.get(name):
                found[name] = get_or_none(self.fields[name].queryset, query.get(name))
                if found[name] is not None:
                    self.initial[name] = found[name].pk
        code = query.get("indicator", "")
        indicator = REGISTRY.get(code)
        if indicator is not None:
            self.initial["indicator"] = code
        addressee = found.get("organization") or found.get("municipality") or found.get("person")
        if addressee is None:
            return
        name = getattr(addressee, "short_name", None) or str(addressee)
        topic = indicator.name if indicator else _("Рекомендация")
        self.initial["title"] = f"{topic}: {name}"[:300]
        period = found.get("period")
        if indicator is not None and period is not None:
            self.initial["text"] = self.reading_text(period, indicator, found)

    def reading_text(self, period, indicator, found):
        value, target = services.stored_reading(
            period,
            indicator.code,
            organization=found.get("organization"),
            municipality=found.get("municipality"),
        )
        if value is None:
            return ""
        unit = f" {indicator.unit}" if indicator.unit else ""
        text = _(
            "По итогам периода «%(period)s» значение показателя «%(indicator)s» — %(value)s"
        ) % {
            "period": period.title,
            "indicator": indicator.name,
            "value": f"{number(value)}{unit}",
        }
        if target is not None:
            text += _(" при целевом значении %(target)s") % {"target": f"{number(target)}{unit}"}
        return text + ".\n"

    def addressee_fields(self):
        """The fields of whom the recommendation is for, one of which is chosen."""
        return [self[name] for name in ADDRESSEES if name in self.fields]

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ADDRESSEES]
        if sum(1 for item in chosen if item is not None) != 1 and not self.errors:
            raise forms.ValidationError(
                _("Укажите одного адресата: организацию, муниципалитет или работника.")
            )
        return data


class RecommendationUpdateForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Тема"), max_length=300)
    text = forms.CharField(
        label=gettext_lazy("Текст рекомендации"), widget=forms.Textarea(attrs={"rows": 6})
    )
    deadline = date_field(gettext_lazy("Срок ответа"), required=False)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=gettext_lazy("Ответ"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Что сделано или будет сделано по рекомендации, в какие сроки."),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Комментарий"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ApplyRulesForm(forms.Form):
    deadline = date_field(gettext_lazy("Срок ответа на рекомендации"), required=False)
