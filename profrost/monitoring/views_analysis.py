"""The analysis pages: the dashboard of a scope, the ranking «в разрезе», the rows behind a
number, the comparisons and the targets. Reads live in `selectors` and `targets`, target changes
in `targets`; every page exports its table to XLSX."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import generic

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere

from . import selectors, targets
from .exporters import (
    DashboardExporter,
    DrillPeopleExporter,
    DrillRecordsExporter,
    PeriodComparisonExporter,
    RankingExporter,
    ScopeComparisonExporter,
    TargetExporter,
)
from .forms_analysis import RegionTargetsForm, TargetForm, TargetValueForm
from .indicators import REGISTRY
from .models import ScopeLevel, Target

DRILL_PAGE_SIZE = 50


def with_query(url, **params):
    query = QueryDict(mutable=True)
    query.update({key: value for key, value in params.items() if value not in (None, "")})
    return f"{url}?{query.urlencode()}" if query else url


def dashboard_url(period, scope=None):
    return with_query(
        reverse("monitoring:dashboard"), period=period.pk, scope=scope.key if scope else ""
    )


def ranking_url(period, indicator, scope, level=""):
    return with_query(
        reverse("monitoring:ranking", args=[period.pk]),
        indicator=indicator.code,
        scope=scope.key,
        level=level,
    )


def drill_url(period, indicator, scope, part):
    return with_query(
        reverse("monitoring:drill", args=[period.pk]),
        indicator=indicator.code,
        level=scope.level,
        scope=scope.pk,
        part=part,
    )


def export_query(request):
    query = request.GET.copy()
    query.pop("export", None)
    query.pop("page", None)
    return query.urlencode()


class AnalysisView(generic.TemplateView):
    """A page for those who see monitoring somewhere; others get 403."""

    perm = Perm.VIEW_MONITORING

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(request.user, self.perm):
            raise PermissionDenied(_("Показатели мониторинга доступны руководителям и методистам."))
        return super().dispatch(request, *args, **kwargs)

    def period_from_path(self):
        period = selectors.period_or_none(self.request.user, self.kwargs["period_pk"])
        if period is None:
            raise Http404
        return period

    def exported(self, action, exporter, obj=None):
        audit.log(self.request.user, action, obj, filters=self.request.GET.urlencode())
        return exporter.response()


def pick_period(periods, pk):
    """The chosen period of the list, the latest when none is chosen; 404 for one not in it."""
    if not pk:
        return periods[0] if periods else None
    found = next((period for period in periods if str(period.pk) == str(pk)), None)
    if found is None:
        raise Http404
    return found


def pick_scope(request, scopes, key):
    """The chosen scope of the period, else the broadest one with a note."""
    scope = selectors.scope_by_key(scopes, key)
    if scope is None and key:
        messages.warning(
            request,
            _("В выбранном периоде нет значений выбранной области; показана ваша область."),
        )
    return scope or selectors.default_scope(scopes)


# The dashboard ---------------------------------------------------------------------------------


class DashboardView(AnalysisView):
    template_name = "monitoring/dashboard.html"

    def get(self, request, *args, **kwargs):
        self.periods = list(selectors.computed_periods(request.user))
        self.period = pick_period(self.periods, request.GET.get("period"))
        self.board = None
        if self.period is not None:
            self.scopes = selectors.visible_scopes(request.user, self.period)
            scope = pick_scope(request, self.scopes, request.GET.get("scope"))
            if scope is not None:
                self.board = selectors.dashboard(request.user, self.period, scope)
        if request.GET.get("export") == "xlsx" and self.board is not None:
            return self.exported(
                "monitoring.dashboard.exported", DashboardExporter(self.board), self.period
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Показатели мониторинга"),
            periods=self.periods,
            period=self.period,
            scopes=getattr(self, "scopes", []),
            board=self.board,
        )
        board = self.board
        if board is None:
            return context
        for row in board.rows:
            indicator = row.indicator
            row.ranking_url = (
                ranking_url(board.period, indicator, board.scope) if row.ranking else ""
            )
            row.numerator_url = drill_url(board.period, indicator, board.scope, "numerator")
            row.denominator_url = (
                drill_url(board.period, indicator, board.scope, "denominator")
                if indicator.denominator
                else ""
            )
        previous = selectors.previous_period(self.request.user, board.period)
        context.update(
            period=board.period,
            scope=board.scope,
            scopes=self.scopes,
            counts=board.counts(),
            chart=board.chart(),
            export_query=export_query(self.request),
            compare_url=with_query(
                reverse("monitoring:compare"),
                mode="periods",
                first=previous.pk if previous else "",
                second=board.period.pk,
                scope=board.scope.key,
            )
            if previous
            else "",
            near_target=int(selectors.NEAR_TARGET * 100),
        )
        return context


# The ranking «в разрезе» -----------------------------------------------------------------------


class RankingView(AnalysisView):
    template_name = "monitoring/ranking.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        self.period = self.period_from_path()
        self.indicator = selectors.indicator_or_none(
            request.GET.get("indicator") or next(iter(REGISTRY), "")
        )
        if self.indicator is None:
            raise Http404
        self.scopes = selectors.visible_scopes(user, self.period)
        key = request.GET.get("scope")
        self.parent = (
            selectors.scope_by_key(self.scopes, key)
            if key
            else selectors.default_scope(self.scopes)
        )
        if self.parent is None:
            raise Http404
        self.levels = [
            level
            for level in selectors.ranking_levels(self.parent)
            if level in self.indicator.levels
        ]
        requested = request.GET.get("level")
        if requested not in self.levels:  # e.g. municipalities asked below a municipality
            requested = self.levels[0] if self.levels else ""
        self.level = requested
        self.rows = (
            selectors.ranking(user, self.period, self.indicator, self.parent, self.level)
            if self.level
            else []
        )
        self.only_below = request.GET.get("below") == "1"
        if self.only_below:
            self.rows = [row for row in self.rows if row.cell.below]
        if request.GET.get("export") == "xlsx" and self.level:
            exporter = RankingExporter(
                self.period, self.indicator, self.parent, self.level, self.rows
            )
            return self.exported("monitoring.ranking.exported", exporter, self.period)
        return super().get(request, *args, **kwargs)

    def recommendation_url(self, scope):
        base = self.recommend_base
        if not base:
            return ""
        field = "organization" if scope.level == ScopeLevel.ORGANIZATION else "municipality"
        return with_query(
            base, period=self.period.pk, indicator=self.indicator.code, **{field: scope.pk}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, indicator, parent = self.period, self.indicator, self.parent
        may_recommend = has_perm_anywhere(self.request.user, Perm.MANAGE_RECOMMENDATIONS)
        self.recommend_base = reverse("monitoring:recommendation_create") if may_recommend else ""
        for row in self.rows:
            row.dashboard_url = dashboard_url(period, row.scope)
            row.numerator_url = drill_url(period, indicator, row.scope, "numerator")
            row.denominator_url = (
                drill_url(period, indicator, row.scope, "denominator")
                if indicator.denominator
                else ""
            )
            row.recommendation_url = self.recommendation_url(row.scope)
            if row.scope.child_level and row.scope.child_level in indicator.levels:
                row.ranking_url = ranking_url(period, indicator, row.scope)
        total = selectors.parent_cell(self.request.user, period, indicator, parent)
        context.update(
            title=_("%(indicator)s в разрезе") % {"indicator": indicator.name},
            period=period,
            indicator=indicator,
            indicators=selectors.indicators(ScopeLevel.MUNICIPALITY, ScopeLevel.ORGANIZATION),
            parent=parent,
            parents=[s for s in self.scopes if s.child_level],
            total=total,
            total_numerator_url=drill_url(period, indicator, parent, "numerator"),
            total_denominator_url=drill_url(period, indicator, parent, "denominator")
            if indicator.denominator
            else "",
            level=self.level,
            levels=[(level, ScopeLevel(level).label) for level in self.levels],
            by_organization=self.level == ScopeLevel.ORGANIZATION,
            rows=self.rows,
            below_count=sum(row.cell.below for row in self.rows),
            only_below=self.only_below,
            dashboard_url=dashboard_url(period, parent),
            export_query=export_query(self.request),
            recommend=bool(self.recommend_base),
            chart={
                "labels": [row.scope.name for row in self.rows],
                "values": [
                    float(row.cell.value) if row.cell.value is not None else None
                    for row in self.rows
                ],
                "lights": [row.cell.light for row in self.rows],
                "unit": str(indicator.unit),
            },
        )
        return context


# Drill-down ------------------------------------------------------------------------------------


class DrillView(AnalysisView):
    template_name = "monitoring/drill.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        period = self.period_from_path()
        indicator = selectors.indicator_or_none(request.GET.get("indicator"))
        try:
            pk = int(request.GET.get("scope", ""))
        except ValueError:
            raise Http404 from None
        self.drill = (
            selectors.drill(
                user,
                period,
                indicator,
                request.GET.get("level", ""),
                pk,
                request.GET.get("part") or selectors.NUMERATOR,
            )
            if indicator
            else None
        )
        if self.drill is None:
            raise Http404
        objects = selectors.drill_objects(user, self.drill)
        if request.GET.get("export") == "xlsx":
            if self.drill.people:
                people = list(objects)
                places = selectors.people_places(self.drill, objects.values("pk"))
                exporter = DrillPeopleExporter(self.drill, people, places)
            else:
                exporter = DrillRecordsExporter(self.drill, objects)
            return self.exported("monitoring.drill.exported", exporter, period)
        self.page = Paginator(objects, DRILL_PAGE_SIZE).get_page(request.GET.get("page"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        drill, page = self.drill, self.page
        items = list(page.object_list)
        if drill.people:
            places = selectors.people_places(drill, [person.pk for person in items])
            for person in items:
                person.places = places.get(person.pk, [])
        other = selectors.DENOMINATOR if drill.part == selectors.NUMERATOR else selectors.NUMERATOR
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            title=_("%(indicator)s: %(part)s")
            % {"indicator": drill.indicator.name, "part": drill.part_label},
            drill=drill,
            period=drill.period,
            indicator=drill.indicator,
            scope=drill.scope,
            page_obj=page,
            items=items,
            current=drill.current(),
            label=drill.measure.label,
            other_url=drill_url(drill.period, drill.indicator, drill.scope, other)
            if drill.indicator.denominator
            else "",
            dashboard_url=dashboard_url(drill.period, drill.scope),
            query_string=query.urlencode(),
            export_query=export_query(self.request),
        )
        return context


# Comparison ------------------------------------------------------------------------------------

PERIODS, SCOPES = "periods", "scopes"


class CompareView(AnalysisView):
    template_name = "monitoring/compare.html"

    def get(self, request, *args, **kwargs):
        user = request.user
        self.mode = SCOPES if request.GET.get("mode") == SCOPES else PERIODS
        self.periods = list(selectors.computed_periods(user))
        self.data = {}
        if self.mode == PERIODS:
            self.compare_periods(request)
        else:
            self.compare_scopes(request)
        if request.GET.get("export") == "xlsx" and self.data.get("exporter"):
            return self.exported("monitoring.comparison.exported", self.data["exporter"])
        return super().get(request, *args, **kwargs)

    def compare_periods(self, request):
        user = request.user
        second = pick_period(self.periods, request.GET.get("second"))
        if second is None:
            return
        first_pk = request.GET.get("first")
        if first_pk:
            first = pick_period(self.periods, first_pk)
        else:
            first = selectors.previous_period(user, second) or next(
                (p for p in self.periods if p.pk != second.pk), None
            )
        scopes = selectors.visible_scopes(user, second)
        scope = pick_scope(request, scopes, request.GET.get("scope"))
        self.data.update(first=first, second=second, scopes=scopes, scope=scope)
        if first is None or scope is None:
            return
        rows = selectors.compare_periods(user, scope, first, second)
        self.data.update(
            rows=rows,
            groups=selectors.grouped(rows),
            exporter=PeriodComparisonExporter(scope, first, second, rows),
        )

    def compare_scopes(self, request):
        user = request.user
        period = pick_period(self.periods, request.GET.get("period"))
        if period is None:
            return
        scopes = selectors.visible_scopes(user, period)
        keys = request.GET.getlist("scopes")
        chosen = [scope for scope in scopes if scope.key in keys]
        if not chosen:
            chosen = selectors.default_compared_scopes(scopes, selectors.default_scope(scopes))
        rows = selectors.compare_scopes(user, period, chosen) if chosen else []
        self.data.update(
            period=period,
            scopes=scopes,
            chosen=chosen,
            chosen_keys={scope.key for scope in chosen},
            rows=rows,
            groups=selectors.grouped(rows),
            exporter=ScopeComparisonExporter(period, chosen, rows) if chosen else None,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            self.data,
            title=_("Сравнение показателей"),
            mode=self.mode,
            periods=self.periods,
            export_query=export_query(self.request),
        )
        return context


# Targets ---------------------------------------------------------------------------------------


def target_year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    if targets.MIN_YEAR <= year <= targets.MAX_YEAR:
        return year
    return timezone.localdate().year


class TargetListView(AnalysisView):
    """Every indicator with its default and the region's target of a year, the overrides;
    editable by who manages targets of the region, read only for others."""

    template_name = "monitoring/target_list.html"

    def setup_page(self, request):
        self.regions = list(targets.visible_regions(request.user))
        region_pk = request.GET.get("region") or request.POST.get("region")
        self.region = next((r for r in self.regions if str(r.pk) == str(region_pk)), None)
        if region_pk and self.region is None:
            raise Http404
        self.region = self.region or (self.regions[0] if self.regions else None)
        self.year = target_year(request.GET.get("year") or request.POST.get("year"))
        self.can_manage = self.region is not None and targets.may_manage_region(
            request.user, self.region.pk
        )
        self.rows, self.overrides = (
            targets.target_table(request.user, self.region, self.year) if self.region else ([], [])
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
                changes = targets.set_region_targets(
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
                target = targets.save_target(self.form.instance, by=request.user)
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
                targets.visible_targets(self.request.user)
                .select_related("region", "municipality", "organization__municipality")
                .get(pk=self.kwargs["pk"])
            )
        except Target.DoesNotExist:
            raise Http404 from None
        if not targets.may_manage_region(self.request.user, target.region_id):
            raise PermissionDenied(_("Цели задаёт администратор региона."))
        return target

    def describe(self, target):
        if target.municipality_id or target.organization_id:
            return targets.describe_override(target)
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
                targets.save_target(self.target, by=request.user)
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
        targets.delete_target(target, by=request.user)
        messages.success(request, _("Цель удалена; действует цель уровнем выше."))
        return redirect(back)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Удаление цели"), target=self.target, back_url=self.back_url(self.target)
        )
        return context
