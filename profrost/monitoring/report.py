"""The analytical report (аналитическая справка) of a scope in a computed period as DOCX: the
title block, a summary of the traffic lights, a table per indicator group against the targets
and the previous computed period, a bar chart of the shares against their targets, the
organizations (municipalities) below target for each red indicator, the recommendations of the
period and the management decisions based on it.

Numbers, targets and lights come from the dashboard's selectors, so the report says what the
dashboard shows."""

import textwrap
from decimal import Decimal
from io import BytesIO

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from profrost.core.dates import format_date

from . import selectors
from .indicators.base import HIGHER, LOWER, PRESENCE, RATIO, SHARE
from .models import ManagementDecision, Recommendation, ScopeLevel

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BELOW_LIMIT = 10

STATUS_WORDS = {
    selectors.GREEN: gettext_lazy("достигнута"),
    selectors.YELLOW: gettext_lazy("близко к цели"),
    selectors.RED: gettext_lazy("ниже цели"),
    selectors.GREY: gettext_lazy("нет цели"),
}
LIGHT_COLOURS = {  # Bootstrap's success, warning, danger and secondary
    selectors.GREEN: "#198754",
    selectors.YELLOW: "#ffc107",
    selectors.RED: "#dc3545",
    selectors.GREY: "#adb5bd",
}
INDICATOR_HEADERS = (
    gettext_lazy("Показатель"),
    gettext_lazy("Значение"),
    gettext_lazy("Сколько из скольких"),
    gettext_lazy("Цель"),
    gettext_lazy("Оценка"),
    gettext_lazy("Изменение к предыдущему периоду"),
)
INDICATOR_WIDTHS_CM = (6.2, 2.0, 2.6, 2.2, 2.0, 2.5)
BELOW_HEADERS = (
    "№",
    gettext_lazy("Организация (муниципалитет)"),
    gettext_lazy("Значение"),
    gettext_lazy("Сколько из скольких"),
    gettext_lazy("Цель"),
    gettext_lazy("Оценка"),
)
BELOW_WIDTHS_CM = (1.0, 7.0, 2.2, 2.8, 2.2, 2.3)
RECOMMENDATION_HEADERS = (
    "№",
    gettext_lazy("Рекомендация"),
    gettext_lazy("Адресат"),
    gettext_lazy("Статус"),
    gettext_lazy("Ответ"),
)
RECOMMENDATION_WIDTHS_CM = (1.0, 5.0, 3.5, 2.5, 5.5)
DECISION_HEADERS = (
    "№",
    gettext_lazy("Решение"),
    gettext_lazy("Ответственный"),
    gettext_lazy("Срок"),
    gettext_lazy("Статус"),
    gettext_lazy("Показатели"),
)
DECISION_WIDTHS_CM = (1.0, 5.0, 3.3, 2.2, 2.3, 3.7)


# Numbers as the dashboard writes them ----------------------------------------------------------


def number(value):
    """47.62 → «47,62», 20.00 → «20», 33.30 → «33,30» (as floatformat:"-2" on the dashboard)."""
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:.0f}"
    return f"{value:.2f}".replace(".", ",")


def unit_suffix(indicator):
    return " %" if indicator.unit == "%" else ""


def value_text(cell):
    if cell.value is None:
        return "—"
    if cell.is_presence:
        return _("есть") if cell.value else _("нет")
    return number(cell.value) + unit_suffix(cell.indicator)


def fraction_text(cell):
    if cell.stored is None:
        return "—"
    kind = cell.indicator.kind
    if kind in (SHARE, RATIO):
        joint = _("из") if kind == SHARE else "/"
        return f"{number(cell.numerator)} {joint} {number(cell.denominator)}"
    return number(cell.numerator)


def target_text(cell):
    target = cell.target.value
    if target is None:
        return "—"
    if cell.is_presence:
        return _("есть") if target else _("не требуется")
    sign = "≤" if cell.indicator.direction == LOWER else "≥"
    return f"{sign} {number(target)}{unit_suffix(cell.indicator)}"


def change_text(indicator, value, previous):
    """«+1,5 п. п.» for a share, «−3» for others; «лучше»/«хуже» by the direction."""
    if indicator.kind == PRESENCE:
        return presence_change(value, previous)
    if value is None or previous is None:
        return "—"
    change = value - previous
    if change == 0:
        return _("без изменений")
    unit = _("п. п.") if indicator.kind == SHARE else (indicator.unit or "")
    sign = "+" if change > 0 else "−"
    text = f"{sign}{number(abs(change))} {unit}".strip()
    if indicator.direction in (HIGHER, LOWER):
        better = change > 0 if indicator.direction == HIGHER else change < 0
        text += f" ({_('лучше') if better else _('хуже')})"
    return text


def presence_change(value, previous):
    if value is None or previous is None:
        return "—"
    if value == previous:
        return _("без изменений")
    return _("появилось") if value else _("пропало")


# Reads -----------------------------------------------------------------------------------------


def previous_values(user, period, scope):
    """The previous computed period of the series and {code: value} of the scope in it."""
    previous = selectors.previous_period(user, period)
    if previous is None:
        return None, {}
    values = dict(
        selectors.visible_values(user)
        .filter(period=previous, scope_key=scope.key)
        .values_list("indicator", "value")
    )
    return previous, values


def below_level(scope, indicator):
    """Organizations below a region or a municipality where the indicator is broken down by
    organization, else municipalities."""
    levels = [level for level in selectors.ranking_levels(scope) if level in indicator.levels]
    if ScopeLevel.ORGANIZATION in levels:
        return ScopeLevel.ORGANIZATION
    return levels[0] if levels else None


def below_target(user, period, scope, indicator):
    """(level, the lowest rows below target — lowest first, at most BELOW_LIMIT —, the rest)."""
    level = below_level(scope, indicator)
    if level is None:
        return None, [], 0
    rows = [
        row for row in selectors.ranking(user, period, indicator, scope, level) if row.cell.below
    ]
    rows.sort(key=lambda row: row.rank, reverse=True)  # the lowest first, equal ones by name
    return level, rows[:BELOW_LIMIT], max(len(rows) - BELOW_LIMIT, 0)


def scope_recommendations(user, period, scope):
    """The recommendations of the period addressed inside the scope, as the user sees them."""
    rows = Recommendation.objects.visible_to(user, selectors.PERM).filter(period=period)
    if scope.level == ScopeLevel.ORGANIZATION:
        rows = rows.filter(Q(organization=scope.pk) | Q(person__employments__organization=scope.pk))
    elif scope.level == ScopeLevel.MUNICIPALITY:
        rows = rows.filter(
            Q(municipality=scope.pk)
            | Q(organization__municipality=scope.pk)
            | Q(person__employments__organization__municipality=scope.pk)
        )
    else:
        rows = rows.filter(region=scope.pk)
    return list(
        rows.distinct()
        .select_related("organization", "municipality", "person")
        .order_by("created", "pk")
    )


def scope_decisions(user, period, scope):
    """The management decisions based on the period of the scope, its municipality and region
    (and, for a region or municipality, those of the municipalities inside it)."""
    rows = ManagementDecision.objects.visible_to(user, selectors.PERM).filter(based_on=period)
    if scope.level == ScopeLevel.REGION:
        rows = rows.filter(region=scope.pk)
    else:
        municipality = scope.pk if scope.level == ScopeLevel.MUNICIPALITY else scope.municipality_id
        rows = rows.filter(
            Q(level=ScopeLevel.REGION, region=scope.region_id)
            | Q(level=ScopeLevel.MUNICIPALITY, municipality=municipality)
        )
    return list(
        rows.select_related("responsible_person", "region", "municipality").order_by(
            "decided_on", "pk"
        )
    )


# The chart -------------------------------------------------------------------------------------


def share_chart(rows):
    """PNG bytes of a horizontal bar chart of the shares against their targets, or None when
    the scope has no share with a value."""
    cells = [row.cell for row in rows if row.cell.is_share and row.cell.value is not None]
    if not cells:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    cells.reverse()  # the first indicator on top
    labels = [textwrap.fill(str(cell.indicator.name), 48) for cell in cells]
    values = [float(cell.value) for cell in cells]
    height = max(2.5, 0.55 * sum(label.count("\n") + 1 for label in labels) + 1.2)
    figure, axes = pyplot.subplots(figsize=(7.5, height), dpi=150)
    try:
        positions = range(len(cells))
        axes.barh(
            positions, values, color=[LIGHT_COLOURS[cell.light] for cell in cells], height=0.6
        )
        for position, cell, value in zip(positions, cells, values, strict=True):
            axes.text(value + 1, position, number(cell.value), va="center", fontsize=7)
            if cell.target.value is not None:
                target = float(cell.target.value)
                axes.plot([target, target], [position - 0.4, position + 0.4], color="black", lw=2)
        axes.set_yticks(list(positions), labels, fontsize=7)
        axes.set_xlim(0, 110)
        axes.set_xlabel("%", fontsize=8)
        axes.tick_params(axis="x", labelsize=7)
        axes.grid(axis="x", color="#dee2e6", lw=0.5)
        axes.set_axisbelow(True)
        axes.legend(
            handles=[
                Patch(color=LIGHT_COLOURS[light], label=str(STATUS_WORDS[light]))
                for light in (selectors.GREEN, selectors.YELLOW, selectors.RED, selectors.GREY)
            ]
            + [Line2D([0], [0], color="black", lw=2, label=_("цель"))],
            fontsize=7,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=3,
            frameon=False,
        )
        figure.tight_layout()
        buffer = BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


# The document ----------------------------------------------------------------------------------


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, colour):
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    properties.append(shading)


def _table(document, headers, widths=None):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
        _shade(cell, "#e9ecef")
    _repeat_header(table.rows[0])
    if widths:
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _add_row(table, values, widths=None):
    cells = table.add_row().cells
    for index, value in enumerate(values):
        cells[index].text = str(value)
        if widths:
            cells[index].width = Cm(widths[index])
    return cells


def _heading(document, text, size=14):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    return paragraph


def _section_title(document, text):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True
    return paragraph


def _setup(document):
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = Cm(2.0)
    section.right_margin = Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")


def scope_title(scope):
    if scope.parent_name:
        return f"{scope.name} ({scope.parent_name})"
    return scope.name


def build_report(period, scope, user):
    """The DOCX bytes of the analytical report of `scope` (an `AnalysisScope` the user sees) in
    the computed `period`."""
    board = selectors.dashboard(user, period, scope)
    counts = board.counts()
    previous, before = previous_values(user, period, scope)
    document = Document()
    _setup(document)

    _heading(document, _("АНАЛИТИЧЕСКАЯ СПРАВКА"))
    _heading(
        document,
        _(
            "по результатам мониторинга показателей системы научно-методического сопровождения "
            "педагогических работников"
        ),
        size=12,
    )
    block = document.add_table(rows=0, cols=2)
    block.style = "Table Grid"
    for label, value in (
        (_("Область мониторинга"), f"{scope.level_label}: {scope_title(scope)}"),
        (_("Период мониторинга"), period.title),
        (
            _("Даты периода"),
            f"{format_date(period.starts_on)} – {format_date(period.ends_on)}",
        ),
        (
            _("Дата расчёта показателей"),
            format_date(timezone.localdate(period.computed_at)) if period.computed_at else "—",
        ),
        (_("Цели"), _("на %(year)s год") % {"year": selectors.period_year(period)}),
        (
            _("Предыдущий период для сравнения"),
            f"{previous.title} ({format_date(previous.starts_on)} – "
            f"{format_date(previous.ends_on)})"
            if previous
            else _("нет"),
        ),
        (_("Дата справки"), format_date(timezone.localdate())),
    ):
        cells = _add_row(block, [label, value], (6.0, 11.5))
        cells[0].paragraphs[0].runs[0].bold = True

    _section_title(document, _("1. Общие итоги"))
    total = len(board.rows)
    document.add_paragraph(
        _(
            "Рассчитано показателей: %(total)s. Цель достигнута: %(green)s; близко к цели "
            "(отставание не более %(near)s %%): %(yellow)s; ниже цели: %(red)s; без цели или "
            "значения: %(grey)s."
        )
        % {
            "total": total,
            "green": counts[selectors.GREEN],
            "yellow": counts[selectors.YELLOW],
            "red": counts[selectors.RED],
            "grey": counts[selectors.GREY],
            "near": int(selectors.NEAR_TARGET * 100),
        }
    )
    red = [row for row in board.rows if row.cell.light == selectors.RED]
    if red:
        document.add_paragraph(
            _("Ниже цели: %(names)s.") % {"names": "; ".join(str(r.indicator.name) for r in red)}
        )

    _section_title(document, _("2. Показатели в сравнении с целевыми значениями"))
    for group, rows in board.groups:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(str(group)).italic = True
        table = _table(document, INDICATOR_HEADERS, INDICATOR_WIDTHS_CM)
        for row in rows:
            cell = row.cell
            cells = _add_row(
                table,
                [
                    cell.indicator.name,
                    value_text(cell),
                    fraction_text(cell),
                    target_text(cell),
                    STATUS_WORDS[cell.light],
                    change_text(cell.indicator, cell.value, before.get(cell.indicator.code))
                    if previous
                    else "—",
                ],
                INDICATOR_WIDTHS_CM,
            )
            _shade(cells[4], LIGHT_COLOURS[cell.light])

    _section_title(document, _("3. Доли в сравнении с целями (диаграмма)"))
    chart = share_chart(board.rows)
    if chart:
        document.add_picture(BytesIO(chart), width=Cm(17.0))
        document.add_paragraph(
            _("Столбец — значение показателя (цвет — оценка), чёрная черта — цель.")
        ).runs[0].italic = True
    else:
        document.add_paragraph(_("Нет долей со значением."))

    _section_title(document, _("4. Организации и муниципалитеты ниже цели"))
    listed = False
    for row in red:
        level, below, rest = below_target(user, period, scope, row.indicator)
        if level is None:
            continue
        listed = True
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(str(row.indicator.name)).italic = True
        if not below:
            document.add_paragraph(
                _("Все %(level)s в пределах цели.")
                % {
                    "level": _("организации")
                    if level == ScopeLevel.ORGANIZATION
                    else _("муниципалитеты")
                }
            )
            continue
        table = _table(document, BELOW_HEADERS, BELOW_WIDTHS_CM)
        for number_, ranked in enumerate(below, start=1):
            cell = ranked.cell
            name = (
                scope_title(ranked.scope) if scope.level == ScopeLevel.REGION else ranked.scope.name
            )
            cells = _add_row(
                table,
                [
                    number_,
                    name,
                    value_text(cell),
                    fraction_text(cell),
                    target_text(cell),
                    STATUS_WORDS[cell.light],
                ],
                BELOW_WIDTHS_CM,
            )
            _shade(cells[5], LIGHT_COLOURS[cell.light])
        if rest:
            document.add_paragraph(
                _("Показаны 10 с самыми низкими значениями; ещё ниже цели: %(rest)s.")
                % {"rest": rest}
            )
    if not listed:
        document.add_paragraph(
            _("Показателей ниже цели с разбивкой по организациям или муниципалитетам нет.")
        )

    _section_title(document, _("5. Адресные рекомендации по итогам периода"))
    recommendations = scope_recommendations(user, period, scope)
    if recommendations:
        table = _table(document, RECOMMENDATION_HEADERS, RECOMMENDATION_WIDTHS_CM)
        for number_, item in enumerate(recommendations, start=1):
            answer = item.answer or "—"
            if item.answered_at:
                answer = f"{answer}\n({format_date(timezone.localdate(item.answered_at))})"
            _add_row(
                table,
                [
                    number_,
                    item.title,
                    item.addressee_name,
                    item.get_status_display(),
                    answer,
                ],
                RECOMMENDATION_WIDTHS_CM,
            )
    else:
        document.add_paragraph(_("Рекомендаций по итогам периода нет."))

    _section_title(document, _("6. Управленческие решения по итогам периода"))
    decisions = scope_decisions(user, period, scope)
    if decisions:
        table = _table(document, DECISION_HEADERS, DECISION_WIDTHS_CM)
        for number_, decision in enumerate(decisions, start=1):
            title = decision.title
            if decision.document_number:
                title += f"\n№ {decision.document_number} от {format_date(decision.decided_on)}"
            _add_row(
                table,
                [
                    number_,
                    title,
                    decision.responsible or "—",
                    format_date(decision.deadline),
                    decision.get_status_display(),
                    selectors.indicator_list(decision.indicators) or "—",
                ],
                DECISION_WIDTHS_CM,
            )
    else:
        document.add_paragraph(_("Управленческих решений по итогам периода нет."))

    document.add_paragraph()
    document.add_paragraph(
        _("Значения сохранены при расчёте периода; цели — на %(year)s год.")
        % {"year": selectors.period_year(period)}
    )
    document.add_paragraph(_("Справку подготовил: ____________ / ____________________ /"))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_filename(period, scope):
    return f"Аналитическая справка {scope.name} {period.title}.docx"
