"""The pages of targets: the table of a region's year, overrides for a municipality or an
organization. Reads and changes live in `targets`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere

from .. import selectors, services
from ..exporters import (
    TargetExporter,
)
from ..forms import RegionTargetsForm, TargetForm, TargetValueForm
from ..indicators import REGISTRY
from ..models import Target
from .analysis import AnalysisView, export_query, with_query


def target_year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    if services.MIN_YEAR <= year <= services.MAX_YEAR:
        return year
    return timezone.localdate().year


class TargetListView(AnalysisView):
    """Every indicator with its default and the region's target of a year, the overrides;
    editable by who manages targets of the region, read only for others."""

    template_name = "monitoring/target_list.html"

    def setup_page(self, request):
        self.regions = list(selectors.visible_regions(request.user))
        region_pk = request.GET.get("region") or request.POST.get("region")
        self.region = next((r for r in self.regions if str(r.pk) == str(region_pk)), None)
        if region_pk and self.region is None:
            raise Http404
        self.region = self.region or (self.regions[0] if self.regions else None)
        self.year = target_year(request.GET.get("year") or request.POST.get("year"))
        self.can_manage = self.region is not None and services.may_manage_region(
            request.user, self.region.pk
        )
        self.rows, self.overrides = (
            selectors.target_table(request.user, self.region, self.year)
            if self.region
            else ([], [])
        )

    def get(self, request, *args, **kwargs):
        self.setup_page(request)
        self.form = self.make_form()
        if request.GET.get("export") == "xlsx" and self.region:
            exporter = TargetExporter(self.region, self.year, self.rows, self.overrides)
            return self.exported("monitoring.target.exported", exporter, self.region)
        return super().get(request, *args, **kwargs)

    def make_form(self, data=None):
        current = {row.indicator.code: row.own.value for row in self.rows if row.own}
        return RegionTargetsForm(data, current=current)

    def post(self, request, *args, **kwargs):
        self.setup_page(request)
        if not self.can_manage:
            raise PermissionDenied(_("Цели задаёт администратор региона."))
        self.form = self.make_form(request.POST)
        if self.form.is_valid():
            try:
                changes = services.set_region_targets(
                    self.region, self.year, self.form.values(), by=request.user
                )
            except ValidationError as error:
                for code, errors in error.message_dict.items():
                    self.form.add_error(code if code in self.form.fields else None, errors)
            else:
                messages.success(
                    request, _("Цели сохранены, изменений: %(count)s.") % {"count": changes}
                )
                return redirect(self.page_url())
        return self.render_to_response(self.get_context_data())

    def page_url(self):
        return with_query(reverse("monitoring:target_list"), year=self.year, region=self.region.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in self.rows:
            row.field = (
                self.form[row.indicator.code] if row.indicator.code in self.form.fields else None
            )
        context.update(
            title=_("Целевые значения показателей"),
            regions=self.regions,
            region=self.region,
            year=self.year,
            years=range(self.year - 2, self.year + 3),
            can_manage=self.can_manage,
            form=self.form,
            groups=selectors.grouped(self.rows),
            overrides=self.overrides,
            export_query=export_query(self.request),
            create_url=with_query(reverse("monitoring:target_create"), year=self.year),
        )
        return context


class TargetFormMixin:
    template_name = "monitoring/target_form.html"

    def may_manage_anything(self):
        if not has_perm_anywhere(self.request.user, Perm.MANAGE_TARGETS):
            raise PermissionDenied(_("Цели задаёт администратор региона."))

    def back_url(self, target):
        return with_query(
            reverse("monitoring:target_list"), year=target.year, region=target.region_id
        )


class TargetCreateView(TargetFormMixin, AnalysisView):
    """An override of a region's target for one municipality or organization."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.may_manage_anything()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        initial = {"year": target_year(request.GET.get("year"))}
        if request.GET.get("indicator") in REGISTRY:
            initial["indicator"] = request.GET["indicator"]
        self.form = TargetForm(user=request.user, initial=initial)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.form = TargetForm(request.POST, user=request.user)
        if self.form.is_valid():
            try:
                target = services.save_target(self.form.instance, by=request.user)
            except ValidationError as error:
                self.form.add_error(None, error.messages)
            else:
                messages.success(request, _("Цель сохранена."))
                return redirect(self.back_url(target))
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Цель для муниципалитета или организации"),
            form=self.form,
            back_url=with_query(
                reverse("monitoring:target_list"), year=self.request.GET.get("year", "")
            ),
        )
        return context


class TargetObjectView(TargetFormMixin, AnalysisView):
    """A stored target: 404 outside what the user sees, 403 for who does not manage it."""

    model = Target

    def get_target(self):
        try:
            target = (
                selectors.visible_targets(self.request.user)
                .select_related("region", "municipality", "organization__municipality")
                .get(pk=self.kwargs["pk"])
            )
        except Target.DoesNotExist:
            raise Http404 from None
        if not services.may_manage_region(self.request.user, target.region_id):
            raise PermissionDenied(_("Цели задаёт администратор региона."))
        return target

    def describe(self, target):
        if target.municipality_id or target.organization_id:
            return selectors.describe_override(target)
        target.scope_name = target.region.name
        indicator = selectors.indicator_or_none(target.indicator)
        target.indicator_name = indicator.name if indicator else target.indicator
        return target


class TargetUpdateView(TargetObjectView):
    def get(self, request, *args, **kwargs):
        self.target = self.describe(self.get_target())
        self.form = TargetValueForm(target=self.target)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.target = self.describe(self.get_target())
        self.form = TargetValueForm(request.POST, target=self.target)
        if self.form.is_valid():
            self.target.value = self.form.cleaned_data["value"]
            try:
                services.save_target(self.target, by=request.user)
            except ValidationError as error:
                self.form.add_error(None, error.messages)
            else:
                messages.success(request, _("Цель сохранена."))
                return redirect(self.back_url(self.target))
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        target = self.target
        context.update(
            title=_("Цель: %(indicator)s, %(scope)s, %(year)s")
            % {"indicator": target.indicator_name, "scope": target.scope_name, "year": target.year},
            form=self.form,
            target=target,
            back_url=self.back_url(target),
        )
        return context


class TargetDeleteView(TargetObjectView):
    template_name = "monitoring/target_confirm_delete.html"

    def get(self, request, *args, **kwargs):
        self.target = self.describe(self.get_target())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        target = self.get_target()
        back = self.back_url(target)
        services.delete_target(target, by=request.user)
        messages.success(request, _("Цель удалена; действует цель уровнем выше."))
        return redirect(back)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Удаление цели"), target=self.target, back_url=self.back_url(self.target)
        )
        return context
