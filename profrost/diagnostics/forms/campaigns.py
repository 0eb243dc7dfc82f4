from django import forms
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import ScopedModelForm
from profrost.core.lookups import LookupField
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.core.services import place_for
from profrost.registry.lookups import organization_lookup
from profrost.registry.models import Municipality, Organization, Region

from .. import selectors, services
from ..models import Campaign, CampaignLevel, Instrument, InstrumentStatus


def allowed_levels(scope):
    """A regional role runs campaigns at any level, a municipal one below the region, an
    organization's administrator in the own organization only."""
    return scope.levels_of(CampaignLevel)


@organization_lookup("diagnostics.organizations")
def campaign_organizations(user):
    """Organizations where the user runs diagnostic campaigns."""
    return Organization.objects.visible_to(user, Perm.MANAGE_CAMPAIGNS)


class CampaignForm(ScopedModelForm):
    """A campaign inside the user's MANAGE_CAMPAIGNS scope. The region and the municipality of
    the target are filled from the chosen organization or municipality."""

    class Meta:
        model = Campaign
        fields = [
            "title",
            "instrument",
            "level",
            "region",
            "municipality",
            "organization",
            "starts_on",
            "ends_on",
            "positions",
            "subjects",
            "young_only",
            "description",
        ]
        widgets = {
            "positions": forms.SelectMultiple(attrs={"size": 6}),
            "subjects": forms.SelectMultiple(attrs={"size": 6}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "level": _("Кого охватывает кампания: весь регион, муниципалитет или организацию."),
            "municipality": _("Для муниципальной кампании."),
            "organization": _("Для кампании уровня организации."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = resolve_scope(self.user, Perm.MANAGE_CAMPAIGNS)
        self.levels = allowed_levels(scope)
        instance = self.instance
        instruments = Instrument.objects.visible_to(self.user, Perm.MANAGE_CAMPAIGNS).filter(
            status=InstrumentStatus.PUBLISHED
        )
        if instance.pk:
            instruments = instruments | Instrument.objects.filter(pk=instance.instrument_id)
        self.fields["instrument"].queryset = instruments.distinct()
        self.fields["instrument"].help_text = _("Только опубликованные инструменты.")
        self.fields["level"].choices = [("", "—"), *[(lvl.value, lvl.label) for lvl in self.levels]]
        if len(self.levels) == 1 and not instance.pk:
            self.initial["level"] = self.levels[0].value
        self.fields["region"].queryset = (
            Region.objects.all()
            if scope.everything
            else Region.objects.filter(pk__in=scope.region_ids)
        )
        self.fields["region"].required = False  # filled from the target below the region
        self.fields["region"].help_text = _("Для региональной кампании.")
        self.fields["municipality"].queryset = (
            Municipality.objects.all()
            if scope.everything
            else Municipality.objects.filter(scope.q(region="region", municipality="pk"))
        ).select_related("region")
        organization = LookupField.replacing(
            self.fields["organization"], "diagnostics.organizations"
        )
        self.fields["organization"] = organization.bind(self.user)
        self._drop_unused_level_fields()
        self._preselect_single_choices()
        if instance.pk and selectors.is_started(instance):
            for name in services.LOCKED_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Участники уже отвечали: изменить нельзя.")

    def _drop_unused_level_fields(self):
        if CampaignLevel.REGION not in self.levels:
            del self.fields["region"]
        if CampaignLevel.MUNICIPALITY not in self.levels:
            del self.fields["municipality"]

    def _preselect_single_choices(self):
        """The only region, or the only target of the only level the user has, is chosen."""
        if self.instance.pk:
            return
        single = {
            "region": True,
            "municipality": CampaignLevel.REGION not in self.levels,
            "organization": self.levels == [CampaignLevel.ORGANIZATION],
        }
        for name, wanted in single.items():
            field = self.fields.get(name)
            if wanted and field is not None and len(field.queryset) == 1:
                self.initial.setdefault(name, field.queryset[0].pk)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level and level not in self.levels:
            self.add_error("level", _("Этот уровень кампании вам недоступен."))
            return cleaned
        region = cleaned.get("region")
        municipality = cleaned.get("municipality")
        organization = cleaned.get("organization")
        if level == CampaignLevel.REGION and region is None:
            self.add_error("region" if "region" in self.fields else None, _("Укажите регион."))
        if level == CampaignLevel.MUNICIPALITY and municipality is None:
            self.add_error("municipality", _("Укажите муниципалитет."))
        if level == CampaignLevel.ORGANIZATION and organization is None:
            self.add_error("organization", _("Укажите организацию."))
        if self.errors:
            return cleaned
        region, municipality, organization = place_for(level, region, municipality, organization)
        cleaned.update(region=region, municipality=municipality, organization=organization)
        instrument = cleaned.get("instrument")
        if instrument and instrument.region_id and region and instrument.region_id != region.pk:
            self.add_error("instrument", _("Инструмент принадлежит другому региону."))
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Дата окончания не может быть раньше даты начала."))
        return cleaned

    def _post_clean(self):
        # The model's own checks repeat the form's with other words; the form's are shown.
        if not self.errors:
            super()._post_clean()
