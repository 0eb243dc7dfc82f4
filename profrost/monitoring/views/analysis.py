"""The analysis pages: the dashboard of a scope, the ranking «в разрезе», the rows behind a
number and the comparisons. Reads live in `selectors`; every page exports its table to XLSX."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from profrost.core import audit
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere

from .. import selectors
from ..exporters import (
    DashboardExporter,
    DrillPeopleExporter,
    DrillRecordsExporter,
    PeriodComparisonExporter,
    RankingExporter,
    ScopeComparisonExporter,
)
from ..indicators import REGISTRY
from ..models import ScopeLevel

DRILL_PAGE_SIZE = 50
RANKING_PAGE_SIZE = 50


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
        # Ranks are of every row; a page draws its part only, the export has them all.
        self.page = Paginator(self.rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
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
        rows = list(self.page.object_list)
        for row in rows:
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
            rows=rows,
            page_obj=self.page,
            below_count=sum(row.cell.below for row in self.rows),
            only_below=self.only_below,
            dashboard_url=dashboard_url(period, parent),
            export_query=export_query(self.request),
            recommend=bool(self.recommend_base),
            chart={
                "labels": [row.scope.name for row in rows],
                "values": [
                    float(row.cell.value) if row.cell.value is not None else None for row in rows
                ],
                "lights": [row.cell.light for row in rows],
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
                places = selectors.people_places(self.drill, objects.values("pk"))
                exporter = DrillPeopleExporter(self.drill, objects, places)
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
