"""Forms of data requests: the request, its fields, the choice of recipients, returning an answer
and reopening. The answer form itself is built from the request's fields (views_answers)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import ScopedModelForm, date_field
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Municipality, OrganizationKind, Region

from .models import DataRequest, RequestField, RequestLevel


def allowed_levels(scope):
    """A regional role sends requests of the region or of a municipality in it; a municipal
    one, of its municipality."""
    return scope.levels_of(RequestLevel)


class DataRequestCreateForm(forms.Form):
    title = forms.CharField(label=_("Название"), max_length=300)
    instructions = forms.CharField(
        label=_("Пояснения для организаций"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Что и на какую дату указывать, откуда брать сведения."),
    )
    level = forms.ChoiceField(label=_("Уровень"))
    region = forms.ModelChoiceField(
        label=_("Регион"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Для регионального запроса."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("Для муниципального запроса: ему отправляются организации муниципалитета."),
    )
    deadline = date_field(_("Срок ответа"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope = resolve_scope(user, Perm.MANAGE_DATA_REQUESTS)
        self.levels = allowed_levels(scope)
        self.fields["level"].choices = [(level.value, level.label) for level in self.levels]
        if self.levels:
            self.initial.setdefault("level", self.levels[-1].value)
        if RequestLevel.REGION in self.levels:
            regions = Region.objects.all()
            if not scope.everything:
                regions = regions.filter(pk__in=scope.region_ids)
            self.fields["region"].queryset = regions
            if len(regions) == 1:
                self.initial.setdefault("region", regions[0].pk)
        else:
            del self.fields["region"]
        municipalities = Municipality.objects.select_related("region")
        if not scope.everything:
            municipalities = municipalities.filter(scope.q(region="region", municipality="pk"))
        self.fields["municipality"].queryset = municipalities
        if len(municipalities) == 1:
            self.initial.setdefault("municipality", municipalities[0].pk)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level == RequestLevel.MUNICIPALITY and not cleaned.get("municipality"):
            self.add_error("municipality", _("Укажите муниципалитет."))
        if level == RequestLevel.REGION and not cleaned.get("region"):
            self.add_error("region", _("Укажите регион."))
        return cleaned


class DataRequestUpdateForm(ScopedModelForm):
    class Meta:
        model = DataRequest
        fields = ["title", "instructions", "deadline"]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 3})}


class FieldForm(forms.ModelForm):
    class Meta:
        model = RequestField
        fields = ["label", "kind", "required", "hint", "choices", "min_value", "max_value"]
        widgets = {"choices": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("min_value", "max_value"):
            self.fields[name].localize = True
            self.fields[name].widget = forms.TextInput(attrs={"inputmode": "decimal"})
            self.fields[name].widget.is_localized = True


class RecipientFilterForm(forms.Form):
    """Narrows the organizations offered: a municipality, a kind, a part of the name."""

    municipality = forms.ModelChoiceField(
        label=_("Муниципалитет"), queryset=Municipality.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Тип организации"),
        choices=[("", _("Все типы")), *OrganizationKind.choices],
        required=False,
    )
    q = forms.CharField(label=_("Название"), required=False)

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if len(municipalities) > 1:
            self.fields["municipality"].queryset = municipalities
            self.fields["municipality"].empty_label = _("Все муниципалитеты")
        else:
            del self.fields["municipality"]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Что нужно исправить"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReopenForm(forms.Form):
    deadline = date_field(_("Новый срок ответа"))
