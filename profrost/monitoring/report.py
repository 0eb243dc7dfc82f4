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

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.shared import Cm

from profrost.core import documents
from profrost.core.dates import format_date

from . import selectors
from .indicators.base import HIGHER, LOWER, PRESENCE, RATIO, SHARE
from .models import ScopeLevel

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

    cells.reverse()  # the first indicator on top
    labels = [textwrap.fill(str(cell.indicator.name), 48) for cell in cells]
    height = max(2.5, 0.55 * sum(label.count("\n") + 1 for label in labels) + 1.2)
    figure, axes = pyplot.subplots(figsize=(7.5, height), dpi=150)
    try:
        draw_bars(axes, cells, labels)
        add_legend(axes)
        figure.tight_layout()
        buffer = BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


def draw_bars(axes, cells, labels):
    """A bar per share coloured by its light, its value beside it, its target a black mark."""
    positions = range(len(cells))
    values = [float(cell.value) for cell in cells]
    axes.barh(positions, values, color=[LIGHT_COLOURS[cell.light] for cell in cells], height=0.6)
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


def add_legend(axes):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

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


# The document ----------------------------------------------------------------------------------


def scope_title(scope):
    if scope.parent_name:
        return f"{scope.name} ({scope.parent_name})"
    return scope.name


def build_report(period, scope, user):
    """The DOCX bytes of the analytical report of `scope` (an `AnalysisScope` the user sees) in
    the computed `period`."""
    board = selectors.dashboard(user, period, scope)
    previous, before = selectors.previous_values(user, period, scope)
    red = [row for row in board.rows if row.cell.light == selectors.RED]
    document = Document()
    documents.setup_page(document)
    add_title(document, period, scope, previous)
    add_summary(document, board, red)
    add_indicators(document, board, before if previous else None)
    add_chart(document, board)
    add_below_target(document, user, period, scope, red)
    add_recommendations(document, selectors.scope_recommendations(user, period, scope))
    add_decisions(document, selectors.scope_decisions(user, period, scope))
    add_closing(document, period)
    return documents.document_bytes(document)


def add_title(document, period, scope, previous):
    documents.heading(document, _("АНАЛИТИЧЕСКАЯ СПРАВКА"))
    documents.heading(
        document,
        _(
            "по результатам мониторинга показателей системы научно-методического сопровождения "
            "педагогических работников"
        ),
        size=12,
    )
    documents.label_block(document, title_pairs(period, scope, previous), (6.0, 11.5))


def title_pairs(period, scope, previous):
    return (
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
    )


def add_summary(document, board, red):
    documents.section_title(document, _("1. Общие итоги"))
    counts = board.counts()
    document.add_paragraph(
        _(
            "Рассчитано показателей: %(total)s. Цель достигнута: %(green)s; близко к цели "
            "(отставание не более %(near)s %%): %(yellow)s; ниже цели: %(red)s; без цели или "
            "значения: %(grey)s."
        )
        % {
            "total": len(board.rows),
            "green": counts[selectors.GREEN],
            "yellow": counts[selectors.YELLOW],
            "red": counts[selectors.RED],
            "grey": counts[selectors.GREY],
            "near": int(selectors.NEAR_TARGET * 100),
        }
    )
    if red:
        document.add_paragraph(
            _("Ниже цели: %(names)s.") % {"names": "; ".join(str(r.indicator.name) for r in red)}
        )


def add_indicators(document, board, before):
    """A table per group; `before` is {code: value} of the previous period, None without one."""
    documents.section_title(document, _("2. Показатели в сравнении с целевыми значениями"))
    for group, rows in board.groups:
        add_subtitle(document, group)
        table = documents.table(
            document, INDICATOR_HEADERS, INDICATOR_WIDTHS_CM, header_fill=documents.HEADER_FILL
        )
        for row in rows:
            cell = row.cell
            change = (
                change_text(cell.indicator, cell.value, before.get(cell.indicator.code))
                if before is not None
                else "—"
            )
            cells = documents.add_row(
                table,
                [
                    cell.indicator.name,
                    value_text(cell),
                    fraction_text(cell),
                    target_text(cell),
                    STATUS_WORDS[cell.light],
                    change,
                ],
                INDICATOR_WIDTHS_CM,
            )
            documents.shade(cells[4], LIGHT_COLOURS[cell.light])


def add_subtitle(document, text):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(str(text)).italic = True


def add_chart(document, board):
    documents.section_title(document, _("3. Доли в сравнении с целями (диаграмма)"))
    chart = share_chart(board.rows)
    if chart:
        document.add_picture(BytesIO(chart), width=Cm(17.0))
        document.add_paragraph(
            _("Столбец — значение показателя (цвет — оценка), чёрная черта — цель.")
        ).runs[0].italic = True
    else:
        document.add_paragraph(_("Нет долей со значением."))


def add_below_target(document, user, period, scope, red):
    documents.section_title(document, _("4. Организации и муниципалитеты ниже цели"))
    listed = False
    for row in red:
        level, below, rest = selectors.below_target(user, period, scope, row.indicator)
        if level is None:
            continue
        listed = True
        add_subtitle(document, row.indicator.name)
        if below:
            add_below_table(document, scope, below, rest)
        else:
            document.add_paragraph(
                _("Все %(level)s в пределах цели.")
                % {
                    "level": _("организации")
                    if level == ScopeLevel.ORGANIZATION
                    else _("муниципалитеты")
                }
            )
    if not listed:
        document.add_paragraph(
            _("Показателей ниже цели с разбивкой по организациям или муниципалитетам нет.")
        )


def add_below_table(document, scope, below, rest):
    table = documents.table(
        document, BELOW_HEADERS, BELOW_WIDTHS_CM, header_fill=documents.HEADER_FILL
    )
    for number_, ranked in enumerate(below, start=1):
        cell = ranked.cell
        name = scope_title(ranked.scope) if scope.level == ScopeLevel.REGION else ranked.scope.name
        cells = documents.add_row(
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
        documents.shade(cells[5], LIGHT_COLOURS[cell.light])
    if rest:
        document.add_paragraph(
            _("Показаны 10 с самыми низкими значениями; ещё ниже цели: %(rest)s.") % {"rest": rest}
        )


def add_recommendations(document, recommendations):
    documents.section_title(document, _("5. Адресные рекомендации по итогам периода"))
    if not recommendations:
        document.add_paragraph(_("Рекомендаций по итогам периода нет."))
        return
    table = documents.table(
        document,
        RECOMMENDATION_HEADERS,
        RECOMMENDATION_WIDTHS_CM,
        header_fill=documents.HEADER_FILL,
    )
    for number_, item in enumerate(recommendations, start=1):
        answer = item.answer or "—"
        if item.answered_at:
            answer = f"{answer}\n({format_date(timezone.localdate(item.answered_at))})"
        documents.add_row(
            table,
            [number_, item.title, item.addressee_name, item.get_status_display(), answer],
            RECOMMENDATION_WIDTHS_CM,
        )


def add_decisions(document, decisions):
    documents.section_title(document, _("6. Управленческие решения по итогам периода"))
    if not decisions:
        document.add_paragraph(_("Управленческих решений по итогам периода нет."))
        return
    table = documents.table(
        document, DECISION_HEADERS, DECISION_WIDTHS_CM, header_fill=documents.HEADER_FILL
    )
    for number_, decision in enumerate(decisions, start=1):
        title = decision.title
        if decision.document_number:
            title += f"\n№ {decision.document_number} от {format_date(decision.decided_on)}"
        documents.add_row(
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


def add_closing(document, period):
    document.add_paragraph()
    document.add_paragraph(
        _("Значения сохранены при расчёте периода; цели — на %(year)s год.")
        % {"year": selectors.period_year(period)}
    )
    document.add_paragraph(_("Справку подготовил: ____________ / ____________________ /"))


def report_filename(period, scope):
    return f"Аналитическая справка {scope.name} {period.title}.docx"
