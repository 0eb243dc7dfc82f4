"""Forms of the targets pages: the region's values of a year, an override for a municipality or
an organization, and a changed value."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import ScopedModelForm
from profrost.core.roles import Perm
from profrost.registry.models import Municipality, Organization

from .. import services
from ..indicators import REGISTRY
from ..indicators.base import NEUTRAL
from ..models import Target


def targetable():
    """Indicators a target makes sense for: those with a better direction."""
    return [indicator for indicator in REGISTRY.values() if indicator.direction != NEUTRAL]


def value_field(indicator, **kwargs):
    return forms.DecimalField(
        label=indicator.name,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        max_value=100 if indicator.kind == "share" else None,
        localize=True,
        **kwargs,
    )


class RegionTargetsForm(forms.Form):
    """One field per indicator: the region's target of the year; empty means the default."""

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for indicator in targetable():
            self.fields[indicator.code] = value_field(
                indicator, required=False, initial=current.get(indicator.code)
            )

    def values(self):
        return {code: self.cleaned_data.get(code) for code in self.fields}


class TargetForm(ScopedModelForm):
    """A target for one municipality or one organization of a region the user manages."""

    indicator = forms.ChoiceField(label=_("Показатель"))

    class Meta:
        model = Target
        fields = ["indicator", "year", "municipality", "organization", "value"]
        help_texts = {
            "municipality": _("Либо муниципалитет, либо организация."),
            "value": _("Для долей — в процентах, от 0 до 100."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (indicator.code, indicator.name) for indicator in targetable()
        ]
        self.fields["value"].localize = True
        self.fields["value"].widget.is_localized = True
        self.fields["municipality"].queryset = Municipality.objects.visible_to(
            self.user, Perm.MANAGE_TARGETS
        ).select_related("region")
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(self.user, Perm.MANAGE_TARGETS)
            .select_related("municipality")
            .order_by("short_name")
        )
        self.fields["organization"].label_from_instance = lambda organization: (
            f"{organization.short_name} ({organization.municipality.name})"
        )

    def clean(self):
        data = super().clean()
        municipality, organization = data.get("municipality"), data.get("organization")
        if bool(municipality) == bool(organization):
            raise ValidationError(_("Укажите либо муниципалитет, либо организацию."))
        if self.errors:
            return data
        target = self.instance
        target.indicator = data["indicator"]
        target.year = data["year"]
        target.value = data["value"]
        target.municipality = None if organization else municipality
        target.organization = organization
        try:
            services.validate_target(target)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return data


class TargetValueForm(forms.Form):
    value = forms.DecimalField(
        label=_("Целевое значение"), max_digits=14, decimal_places=2, min_value=0, localize=True
    )

    def __init__(self, *args, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        self.fields["value"].initial = target.value

    def clean_value(self):
        value = self.cleaned_data["value"]
        indicator = REGISTRY.get(self.target.indicator)
        if indicator is not None:
            try:
                services.validate_value(indicator, value)
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        return value
