"""Forms of the instrument pages: the instrument, an item with its options and competence links,
the choice of a region for a copy or an import, and the upload of an instrument file."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from profrost.competences.forms import links_initial, weight_link_form
from profrost.core.forms import ScopedModelForm
from profrost.core.roles import Perm
from profrost.registry.models import Position, Subject

from ..models import CHOICE_KINDS, Instrument, Item, ItemKind
from ..services.instruments import ITEM_DEFAULTS, OptionData, item_problems, regions_for


class RegionChoiceMixin:
    """A region field only when the user may own instruments in more than one region."""

    def add_region_field(self, user):
        regions = regions_for(user, Perm.MANAGE_INSTRUMENTS)
        self.regions = list(regions)
        if len(self.regions) > 1:
            self.fields["region"] = forms.ModelChoiceField(
                label=_("Регион-владелец"), queryset=regions, empty_label=_("— выберите —")
            )

    def chosen_region(self):
        if "region" in self.fields:
            return self.cleaned_data["region"]
        return self.regions[0] if self.regions else None


class InstrumentForm(RegionChoiceMixin, ScopedModelForm):
    class Meta:
        model = Instrument
        fields = [
            "title",
            "kind",
            "deficit_below",
            "proficient_from",
            "counts_as_diagnosis",
            "sensitive",
            "description",
            "instructions",
            "positions",
            "subjects",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "positions": forms.SelectMultiple(attrs={"size": 8}),
            "subjects": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "deficit_below": _("Процент от максимального балла по компетенции."),
            "proficient_from": _("Не меньше порога дефицита."),
            "positions": _("Пусто — все педагогические должности."),
            "subjects": _("Пусто — без ограничения по предметам."),
        }

    def __init__(self, *args, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["positions"].queryset = Position.objects.all()
        self.fields["subjects"].queryset = Subject.objects.all()
        if not self.instance.pk:
            self.add_region_field(self.user)
        if locked:
            for name in ("deficit_below", "proficient_from"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Инструмент уже проходили: пороги изменить нельзя.")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("deficit_below"), cleaned.get("proficient_from")
        if low is not None and high is not None and low > high:
            self.add_error(
                "proficient_from",
                _(
                    "Порог «сформирована» (%(high)s %%) не может быть ниже порога дефицита "
                    "(%(low)s %%)."
                )
                % {"high": high, "low": low},
            )
        if not self.instance.pk and not self.regions:
            raise forms.ValidationError(_("Нет региона, в котором вы можете вести инструменты."))
        return cleaned

    def _post_clean(self):
        # The model's own threshold check would repeat the message above under the same field.
        if self.has_error("proficient_from"):
            return
        super()._post_clean()


class ItemForm(forms.ModelForm):
    class Meta:
        model = Item
        fields = [
            "kind",
            "text",
            "hint",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "reverse",
            "correct_number",
            "tolerance",
            "points",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        localized_fields = ("correct_number", "tolerance", "points")  # «0,5» as well as «0.5»

    # Which kinds each field is for; the template groups the fields and hides the others.
    FIELD_KINDS = {
        "scale_min": [ItemKind.SCALE],
        "scale_max": [ItemKind.SCALE],
        "scale_min_label": [ItemKind.SCALE],
        "scale_max_label": [ItemKind.SCALE],
        "reverse": [ItemKind.SCALE],
        "correct_number": [ItemKind.NUMBER],
        "tolerance": [ItemKind.NUMBER],
        "points": [ItemKind.NUMBER],
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.FIELD_KINDS:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name, default in ITEM_DEFAULTS.items():
            if cleaned.get(name) in (None, "") and name != "correct_number":
                cleaned[name] = default
        return cleaned

    def values(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class OptionForm(forms.Form):
    text = forms.CharField(label=_("Текст варианта"), max_length=500, required=False)
    points = forms.DecimalField(
        label=_("Баллы"),
        max_digits=6,
        decimal_places=2,
        required=False,
        initial=Decimal(0),
        localize=True,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and cleaned.get("points"):
            self.add_error("text", _("Укажите текст варианта или удалите строку."))
        return cleaned


OptionFormSet = forms.formset_factory(OptionForm, extra=2, can_delete=True)
LinkFormSet = forms.formset_factory(weight_link_form(max_digits=5), extra=1, can_delete=True)


class ItemEditor:
    """The item form with its two formsets, validated together by the instruments' rules."""

    def __init__(self, data=None, *, item=None):
        self.item = item
        self.form = ItemForm(data, instance=item, prefix="item")
        self.options = OptionFormSet(data, prefix="options", initial=self._options_initial())
        self.links = LinkFormSet(data, prefix="links", initial=self._links_initial())
        self.problems = {}

    def _options_initial(self):
        if self.item is None:
            return []
        return [{"text": o.text, "points": o.points} for o in self.item.options.all()]

    def _links_initial(self):
        if self.item is None:
            return []
        return links_initial(self.item.links)

    def is_valid(self):
        valid = all(
            [self.form.is_valid(), self.options.is_valid(), self.links.is_valid()]
        )  # every part validated, so that all errors show at once
        if not valid:
            return False
        values = self.form.values()
        for name, message in item_problems(
            values["kind"],
            values,
            self.option_data(),
            [(c.code, weight) for c, weight in self.link_data()],
        ):
            self.problems.setdefault(name, []).append(message)
        return not self.problems

    def _kept(self, formset):
        return [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def option_data(self):
        """Options of a choice item; the page hides the options of other kinds, so they go."""
        if self.form.cleaned_data.get("kind") not in CHOICE_KINDS:
            return []
        return [
            OptionData(row["text"], row.get("points") or Decimal(0))
            for row in self._kept(self.options)
            if row.get("text")
        ]

    def link_data(self):
        return [
            (row["competence"], row.get("weight") or Decimal(1))
            for row in self._kept(self.links)
            if row.get("competence")
        ]

    def add_errors(self, error):
        """Errors a service raised after the forms were valid."""
        for name, messages in error.message_dict.items():
            if name in self.form.fields:
                self.form.add_error(name, messages)
            else:
                self.problems.setdefault(name, []).extend(messages)

    @property
    def choice_kinds(self):
        return [str(kind) for kind in CHOICE_KINDS]


class RegionForm(RegionChoiceMixin, forms.Form):
    """Where a copy or an imported instrument goes, asked only when there is a choice."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_region_field(user)

    def clean(self):
        cleaned = super().clean()
        if not self.regions:
            raise forms.ValidationError(_("Нет региона, в котором вы можете вести инструменты."))
        return cleaned


class InstrumentUploadForm(RegionForm):
    file = forms.FileField(
        label=_("Файл XLSX"),
        help_text=_("Файл в формате выгрузки инструмента: листы «Инструмент» и «Вопросы»."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["file", "region"])
