"""The deficit map of a person, the lists of deficits and results, and the aggregate."""

import textwrap
from itertools import groupby

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views import generic

from profrost.core import audit
from profrost.core.dates import format_date
from profrost.core.roles import Perm
from profrost.core.scoping import has_perm_anywhere
from profrost.core.tables import Column
from profrost.core.views import ScopedListView, get_scoped_or_404
from profrost.registry.models import Person

from .. import selectors
from ..exporters import DeficitMapExporter, SummaryExporter
from ..filters.deficits import (
    LEVEL_BELOW,
    DeficitFilter,
    ResultFilter,
    SensitiveFilter,
    SummaryForm,
)
from ..models import (
    DEFAULT_DEFICIT_BELOW,
    DEFAULT_PROFICIENT_FROM,
    CompetenceLevel,
    CompetenceResult,
    Deficit,
    DeficitStatus,
)

PERSON_SEARCH = ("person__last_name", "person__first_name", "person__middle_name")


# The deficit map -------------------------------------------------------------------------------


class DeficitMapView(generic.TemplateView):
    """A person's individual map of professional deficits: profile, history, deficits."""

    template_name = "diagnostics/deficit_map.html"

    def get(self, request, *args, **kwargs):
        self.person = get_scoped_or_404(
            Person, request.user, kwargs["person_pk"], Perm.VIEW_DIAGNOSTICS
        )
        if request.GET.get("export") == "xlsx":
            audit.log(request.user, "diagnostics.deficit_map.exported", self.person)
            return DeficitMapExporter(self.person, viewer=request.user).response()
        audit.log(request.user, "diagnostics.deficit_map.viewed", self.person)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        viewer = self.request.user
        profile = list(selectors.person_profile(person, viewer))
        history = list(selectors.person_results(person, viewer))
        employments = list(selectors.current_employments(person))
        deficits = list(selectors.person_deficits(person, viewer))
        own = self.request.user.person_id == person.pk
        chart = profile_chart(profile)
        context.update(
            person=person,
            title=_("Карта дефицитов: %(person)s") % {"person": person.full_name},
            main_employment=employments[0] if employments else None,
            employments=employments,
            profile_groups=[
                (group, list(results))
                for group, results in groupby(profile, key=lambda r: r.competence.group)
            ],
            profile_chart=chart,
            # Each bar as tall as its name's lines need.
            profile_chart_height=max(
                220, 60 + sum(12 + 16 * len(lines) for lines in chart["labels"])
            ),
            history=history_table(history),
            deficits=deficits,
            open_count=sum(deficit.status == DeficitStatus.OPEN for deficit in deficits),
            has_results=bool(profile),
            own=own,
            my_diagnostics_url=reverse("diagnostics:my_diagnostics") if own else "",
            can_see_summary=selectors.can_see_summary(self.request.user),
            can_build_route=Person.objects.visible_to(self.request.user, Perm.MANAGE_ROUTES)
            .filter(pk=self.person.pk)
            .exists(),
        )
        return context


# A competence's name on a chart axis, in lines of at most this many characters (issue 19: names,
# never codes alone; the code stays in the tooltip for the methodists who use it).
AXIS_LINE = 32


def axis_label(name):
    return textwrap.wrap(str(name), AXIS_LINE) or [""]


def profile_chart(profile):
    return {
        "labels": [axis_label(result.competence.name) for result in profile],
        "codes": [result.competence.code for result in profile],
        "names": [result.competence.name for result in profile],
        "percents": [float(result.percent) for result in profile],
        "levels": [result.level for result in profile],
        "thresholds": [DEFAULT_DEFICIT_BELOW, DEFAULT_PROFICIENT_FROM],
    }


def history_table(results):
    """Competences × dates of measurement: the table of the history and its line chart."""
    dates = sorted({result.measured_on for result in results})
    by_competence = []
    for competence, rows in groupby(results, key=lambda r: r.competence):
        on = {result.measured_on: result for result in rows}  # the later of one day wins
        by_competence.append((competence, [on.get(day) for day in dates]))
    return {
        "dates": dates,
        "rows": by_competence,
        "chart": {
            "labels": [format_date(day) for day in dates],
            "series": [
                {
                    "label": competence.name,
                    "code": competence.code,
                    "data": [float(cell.percent) if cell else None for cell in cells],
                }
                for competence, cells in by_competence
            ],
        },
    }


# Lists -----------------------------------------------------------------------------------------


class DeficitListView(ScopedListView):
    model = Deficit
    perm = Perm.VIEW_DIAGNOSTICS
    title = _("Профессиональные дефициты")
    export_name = "deficits"
    filterset_class = DeficitFilter
    search_fields = PERSON_SEARCH
    search_placeholder = _("ФИО работника")
    default_ordering = ("-found_on", "person__last_name")
    template_name = "diagnostics/deficit_list.html"
    empty_text = _("Дефицитов не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("person.full_name", _("Работник"), link=True, order_by="person__last_name"),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("organization.municipality", _("Муниципалитет"), html=False),
        Column("competence.code", _("Код"), html=False),
        Column("competence.name", _("Компетенция"), order_by="competence__code"),
        Column("competence.group", _("Группа")),
        Column("get_level_display", _("Уровень"), order_by="level"),
        Column("found_by.percent", _("Процент при выявлении"), html=False),
        Column("found_on", _("Выявлен"), order_by="found_on"),
        Column("found_by.source_title", _("Диагностика"), html=False),
        Column("get_status_display", _("Состояние"), order_by="status"),
        Column("addressed_note", _("Чем устраняется"), html=False),
        Column("closed_on", _("Закрыт"), order_by="closed_on"),
    )

    def select(self, queryset):
        return selectors.deficits_for_list(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_see_summary"] = selectors.can_see_summary(self.request.user)
        return context


class LinkedRow:
    """A row of a list whose link opens another page than the row's own: everything else is
    read from the row itself."""

    def __init__(self, row, url):
        self._row = row
        self._url = url

    def __getattr__(self, name):
        return getattr(self._row, name)

    def get_absolute_url(self):
        return self._url


class PersonMapLink(LinkedRow):
    """A result row of the list whose link opens the deficit map of its person."""

    def __init__(self, result):
        super().__init__(result, reverse("diagnostics:deficit_map", args=[result.person_id]))

    def percent_display(self):
        return f"{number_format(self._row.percent, 1)} %"


class ResultListView(ScopedListView):
    model = CompetenceResult
    perm = Perm.VIEW_DIAGNOSTICS
    title = _("Результаты диагностики по компетенциям")
    export_name = "competence_results"
    filterset_class = ResultFilter
    search_fields = PERSON_SEARCH
    search_placeholder = _("ФИО работника")
    default_ordering = ("-measured_on", "person__last_name")
    template_name = "diagnostics/deficit_result_list.html"
    # Adds the count of people, swapped out of band when the filters change.
    partial_template_name = "diagnostics/deficit_result_table.html"
    empty_text = _("Результатов не найдено. Измените условия поиска или фильтры.")
    columns = (
        Column("person.full_name", _("Работник"), link=True, order_by="person__last_name"),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("organization.municipality", _("Муниципалитет"), html=False),
        Column("competence.code", _("Код"), html=False),
        Column("competence.name", _("Компетенция"), order_by="competence__code"),
        Column("competence.group", _("Группа")),
        Column("measured_on", _("Дата"), order_by="measured_on"),
        Column("source_title", _("Диагностика"), order_by="source_title"),
        Column("score", _("Балл"), html=False),
        Column("max_score", _("Максимальный балл"), html=False),
        Column("percent", _("Процент"), html=False),
        Column("percent_display", _("Процент"), order_by="percent", xlsx=False),
        Column("get_level_display", _("Уровень"), order_by="level"),
    )

    def select(self, queryset):
        return selectors.results_for_list(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = [PersonMapLink(result) for result in context["object_list"]]
        context["people_count"] = self.object_list.aggregate(n=Count("person", distinct=True))["n"]
        context["partial_template_name"] = self.partial_template_name
        context["can_see_summary"] = selectors.can_see_summary(self.request.user)
        return context


class SensitiveListView(ScopedListView):
    """«Результаты чувствительных методик»: the people whose latest sensitive screening left a
    deficit open, by name, for the holders of diagnostics.view_sensitive only (the ЦНППМ
    psychologist); reads and exports audited."""

    model = Deficit
    perm = Perm.VIEW_SENSITIVE_RESULTS
    audit_reads = True
    title = _("Результаты чувствительных методик")
    export_name = "sensitive_results"
    filterset_class = SensitiveFilter
    search_fields = PERSON_SEARCH
    search_placeholder = _("ФИО работника")
    default_ordering = ("-found_on", "person__last_name")
    template_name = "diagnostics/sensitive_list.html"
    empty_text = _(
        "Результатов, требующих внимания, нет: ни один скрининг не оставил открытого дефицита. "
        "Если заданы поиск или фильтры, измените их."
    )
    columns = (
        Column("person.full_name", _("Работник"), link=True, order_by="person__last_name"),
        Column("organization", _("Организация"), order_by="organization__short_name"),
        Column("organization.municipality", _("Муниципалитет"), html=False),
        Column("competence.name", _("Компетенция"), order_by="competence__code"),
        Column("get_level_display", _("Уровень"), order_by="level"),
        Column("found_by.percent", _("Процент"), html=False),
        Column("found_on", _("Дата"), order_by="found_on"),
        Column("found_by.source_title", _("Диагностика"), order_by="found_by__source_title"),
    )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not has_perm_anywhere(
            request.user, Perm.VIEW_SENSITIVE_RESULTS
        ):
            raise PermissionDenied(
                _("Личные результаты чувствительных методик видит педагог-психолог ЦНППМ.")
            )
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        return selectors.attention_list(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A row's link opens the attempt that found the deficit.
        context["object_list"] = [
            LinkedRow(row, reverse("diagnostics:attempt_detail", args=[row.found_by.attempt_id]))
            for row in context["object_list"]
        ]
        return context


# The aggregate ---------------------------------------------------------------------------------


class SummaryView(generic.TemplateView):
    """Deficits «в разрезе» organizations or municipalities, for managers."""

    template_name = "diagnostics/summary.html"
    partial_template_name = "diagnostics/_summary_body.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.can_see_summary(request.user):
            raise PermissionDenied(_("Сводная таблица доступна руководителям и методистам."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.form = SummaryForm(request.GET, user=request.user)
        self.params = self.form.params()
        if request.GET.get("export") == "xlsx":
            audit.log(request.user, "diagnostics.summary.exported", filters=request.GET.urlencode())
            every_row = selectors.deficit_summary(request.user, **self.params)
            return SummaryExporter(every_row).response()
        self.summary = selectors.deficit_summary(
            request.user,
            **self.params,
            page=request.GET.get("page"),
            per_page=selectors.ROWS_PER_PAGE,
        )
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.request.htmx and self.request.htmx.target == "summary-body":
            return [self.partial_template_name]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = SummaryLinks(self.params)
        summary = self.summary
        for row in summary.rows:
            row.links = links.row(row.key)
            for cell in row.cells:
                cell.link = links.cell(row.key, cell.competence_id)
        for column in summary.columns:
            column.link = links.column(column.competence_id)
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("page", None)
        context.update(
            title=_("Сводная таблица дефицитов"),
            form=self.form,
            summary=summary,
            params=self.params,
            by_municipality=self.params["by"] == selectors.BY_MUNICIPALITY,
            totals=links.totals(),
            export_query=query.urlencode(),
            page_obj=summary.page,
            today=timezone.localdate(),
            heat_legend=heat_legend(),
        )
        return context


def heat_legend():
    band = 100 // selectors.HEAT_STEPS
    return [
        {"step": step, "low": (step - 1) * band, "high": step * band}
        for step in range(1, selectors.HEAT_STEPS + 1)
    ]


class SummaryLinks:
    """The drill-down of every number of the aggregate: the result list with the same filters.

    The latest result per competence within the period at the chosen levels lists exactly the
    people a cell counts; the open deficits of a row are one click further."""

    def __init__(self, params):
        self.params = params
        self.row_field = params["by"]
        below = params["levels"] == selectors.LEVELS_BELOW
        self.level = LEVEL_BELOW if below else CompetenceLevel.DEFICIT
        base = {
            "measured_from": format_date(params["date_from"]),
            "measured_to": format_date(params["date_to"]),
        }
        for name in ("municipality", "organization", "group"):
            if params[name]:
                base[name] = params[name].pk
        self.base = base

    def url(self, name, **filters):
        query = QueryDict(mutable=True)
        query.update({key: value for key, value in filters.items() if value not in (None, "")})
        return f"{reverse(name)}?{query.urlencode()}"

    def results(self, **filters):
        return self.url("diagnostics:result_list", **{**self.base, **filters})

    def at_level(self, **filters):
        return self.results(latest="true", level=self.level, **filters)

    def row(self, key):
        scope = {self.row_field: key}
        return {
            "diagnosed": self.results(**scope),
            "count": self.at_level(**scope),
            "deficits": self.url("diagnostics:deficit_list", status="open", **scope),
        }

    def cell(self, key, competence_id):
        return self.at_level(**{self.row_field: key}, competence=competence_id)

    def column(self, competence_id):
        return self.at_level(competence=competence_id)

    def totals(self):
        return {"diagnosed": self.results(), "count": self.at_level()}
