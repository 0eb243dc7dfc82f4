from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import ScopedModelForm

from .models import Competence, CompetenceGroup


class CompetenceForm(ScopedModelForm):
    class Meta:
        model = Competence
        fields = [
            "group",
            "parent",
            "code",
            "name",
            "description",
            "labour_function",
            "order",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Competence.objects.select_related("group").order_by("group__order", "code")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("— верхний уровень группы —")
        self.fields["group"].empty_label = _("— выберите группу —")

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        taken = Competence.objects.filter(code__iexact=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Компетенция с кодом %(code)s уже есть в справочнике."), params={"code": code}
            )
        return code


class CompetenceGroupForm(ScopedModelForm):
    class Meta:
        model = CompetenceGroup
        fields = ["code", "name", "audience", "order"]
        help_texts = {
            "code": _(
                "Постоянное обозначение группы для импорта и API, по нему же строятся коды "
                "компетенций. Только латинские буквы, цифры, дефис и подчёркивание: "
                "например, MET для методических компетенций."
            )
        }
        error_messages = {
            "code": {"unique": _("Группа с таким кодом уже есть.")},
            "name": {"unique": _("Группа с таким названием уже есть.")},
        }


def weight_link_form(max_digits):
    """The form of one row of a table of competences with weights (an instrument item's, a
    program's): weights of up to `max_digits` digits, two of them decimals. Inactive
    competences stay selectable for links that already exist."""

    class WeightLinkForm(forms.Form):
        competence = forms.ModelChoiceField(
            label=_("Компетенция"),
            queryset=Competence.objects.none(),
            required=False,
            empty_label=_("— выберите —"),
        )
        weight = forms.DecimalField(
            label=_("Вес"),
            max_digits=max_digits,
            decimal_places=2,
            required=False,
            initial=Decimal(1),
            min_value=Decimal("0.01"),
            localize=True,
        )

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["competence"].queryset = Competence.objects.select_related(
                "group"
            ).order_by("group__order", "order", "code")

    return WeightLinkForm


def links_initial(links):
    """The rows of a weight table for the links an instrument item or a program has."""
    links = links.select_related("competence").order_by("competence__code")
    return [{"competence": link.competence, "weight": link.weight} for link in links]
