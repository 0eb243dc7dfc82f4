"""Forms of recommendations and decisions. They parse the input and limit every choice to the
user's scope; the rules live in `services`, whose errors the views attach here."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from profrost.core.forms import DateInput, ScopedModelForm
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Municipality, Organization, Person, Region
from profrost.registry.selectors import with_main_organization

from . import services
from .indicators import REGISTRY
from .models import DecisionStatus, ManagementDecision, MonitoringPeriod, PeriodStatus, ScopeLevel
from .rules import number

DATE_ERROR = gettext_lazy("Введите дату в формате дд.мм.гггг.")


def attach_errors(form, error):
    """A service's ValidationError on the form: at its field when the form has it, else above."""
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, messages)
    else:
        form.add_error(None, error)


def date_field(label, required=False, **kwargs):
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
    )


def indicator_choices(blank=True):
    choices = [(code, indicator.name) for code, indicator in REGISTRY.items()]
    return [("", "—"), *choices] if blank else choices


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.short_name} ({obj.municipality.name})"


class PersonChoiceField(forms.ModelChoiceField):
    """A person labelled with the organization of the current job, to tell namesakes apart."""

    def label_from_instance(self, obj):
        organization = getattr(obj, "organization_name", "")
        return f"{obj.full_name} — {organization}" if organization else obj.full_name


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.starts_on:%d.%m.%Y}–{obj.ends_on:%d.%m.%Y})"


def computed_periods(user):
    return (
        MonitoringPeriod.objects.visible_to(user, Perm.VIEW_MONITORING)
        .filter(status=PeriodStatus.COMPUTED)
        .order_by("-ends_on", "title")
    )


def addressable_municipalities(user):
    """Municipalities the user's side may address: those of the regions the user holds."""
    scope = resolve_scope(user, Perm.MANAGE_RECOMMENDATIONS)
    if scope.everything:
        return Municipality.objects.order_by("name")
    return Municipality.objects.filter(region__in=scope.region_ids).order_by("name")


def people_of(user, perm, include=()):
    people = Person.objects.visible_to(user, perm)
    chosen = [pk for pk in include if pk]
    if chosen:
        people = people | Person.objects.filter(pk__in=chosen)
    return with_main_organization(people.distinct(), person_path="pk").order_by(
        "last_name", "first_name", "middle_name", "pk"
    )


def get_or_none(queryset, pk):
    try:
        return queryset.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


class RecommendationForm(forms.Form):
    """A recommendation written by hand. Opened from the analysis pages it comes pre-filled
    from the query string: ?period=<id>&indicator=<code>&organization=<id> (or municipality=,
    person=)."""

    organization = OrganizationChoiceField(
        label=gettext_lazy("Организация"), queryset=Organization.objects.none(), required=False
    )
    municipality = forms.ModelChoiceField(
        label=gettext_lazy("Муниципалитет"), queryset=Municipality.objects.none(), required=False
    )
    person = PersonChoiceField(
        label=gettext_lazy("Работник"), queryset=Person.objects.none(), required=False
    )
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
    deadline = date_field(gettext_lazy("Срок ответа"))

    def __init__(self, *args, user, prefill=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        perm = Perm.MANAGE_RECOMMENDATIONS
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user, perm)
            .select_related("municipality")
            .order_by("municipality__name", "short_name")
        )
        municipalities = addressable_municipalities(user)
        if municipalities.exists():
            self.fields["municipality"].queryset = municipalities
        else:
            del self.fields["municipality"]
        self.fields["person"].queryset = people_of(user, perm)
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

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("organization", "municipality", "person")]
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
    deadline = date_field(gettext_lazy("Срок ответа"))


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
    deadline = date_field(gettext_lazy("Срок ответа на рекомендации"))


# Decisions -------------------------------------------------------------------------------------


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
    responsible_person = PersonChoiceField(
        label=gettext_lazy("Ответственный (работник)"),
        queryset=Person.objects.none(),
        required=False,
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
        self.fields["responsible_person"].queryset = people_of(
            self.user, Perm.MANAGE_DECISIONS, include=[self.instance.responsible_person_id]
        )
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
