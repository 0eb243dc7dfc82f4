"""The form of a monitoring period."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from profrost.core.forms import ScopedModelForm
from profrost.core.roles import Perm
from profrost.core.scoping import resolve_scope
from profrost.registry.models import Municipality, Region

from ..models import MonitoringPeriod, ScopeLevel


class PeriodForm(ScopedModelForm):
    """A period of the user's region, or of a municipality within the user's reach."""

    class Meta:
        model = MonitoringPeriod
        fields = ["title", "level", "region", "municipality", "starts_on", "ends_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = resolve_scope(self.user, Perm.COMPUTE_MONITORING)
        if scope.everything:
            regions, municipalities = Region.objects.all(), Municipality.objects.all()
        else:
            municipalities = Municipality.objects.filter(
                Q(pk__in=scope.municipality_ids) | Q(region__in=scope.region_ids)
            )
            regions = Region.objects.filter(
                Q(pk__in=scope.region_ids) | Q(pk__in=municipalities.values("region"))
            )
        self.fields["region"].queryset = regions.distinct()
        self.fields["municipality"].queryset = municipalities.distinct()
        self.fields["region"].empty_label = None
        self.region_level_allowed = scope.everything or bool(scope.region_ids)
        if not self.region_level_allowed:
            self.fields["level"].choices = [(ScopeLevel.MUNICIPALITY, _("Муниципалитет"))]

    def clean(self):
        data = super().clean()
        level = data.get("level")
        municipality = data.get("municipality")
        region = data.get("region")
        if level == ScopeLevel.REGION:
            data["municipality"] = None
            if region and not self.region_level_allowed:
                raise forms.ValidationError(_("Периоды региона создаёт региональный уровень."))
        elif municipality and region and municipality.region_id != region.pk:
            self.add_error("municipality", _("Муниципалитет из другого региона."))
        return data
