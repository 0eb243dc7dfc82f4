"""XLSX of the analysis pages, with numbers as numbers: the dashboard, the ranking, the two
comparisons, the rows behind a number and the targets."""

from django.utils.translation import gettext as _

from profrost.core.exporters import Exporter

from .models import ScopeLevel
from .selectors import LIGHT_LABELS, TARGET_SOURCES


def cell_columns(cell):
    """Numerator, denominator, value, target, where the target comes from, the light."""
    return [
        cell.numerator,
        cell.denominator,
        cell.value,
        cell.target.value,
        cell.target.source_label,
        LIGHT_LABELS[cell.light],
    ]


CELL_HEADERS = (
    "Числитель",
    "Знаменатель",
    "Значение",
    "Целевое значение",
    "Источник цели",
    "Оценка",
)


def cell_headers():
    return [_(header) for header in CELL_HEADERS]


class DashboardExporter(Exporter):
    def __init__(self, board):
        self.board = board
        self.identifier = f"monitoring_{board.period.pk}_{board.scope.level}_{board.scope.pk}"
        self.verbose_name = _("Показатели")
        self.headers = [
            _("Группа"),
            _("Код"),
            _("Показатель"),
            _("Единица"),
            *cell_headers(),
            *[period.title for period in board.trend_periods],
        ]

    def rows(self):
        for group, rows in self.board.groups:
            for row in rows:
                indicator = row.indicator
                yield [
                    group,
                    indicator.code,
                    indicator.name,
                    indicator.unit,
                    *cell_columns(row.cell),
                    *row.trend,
                ]


class RankingExporter(Exporter):
    def __init__(self, period, indicator, parent, level, rows):
        self.rows_ = rows
        self.level = level
        self.identifier = f"ranking_{indicator.code}_{period.pk}_{parent.level}_{parent.pk}"
        self.verbose_name = _("В разрезе")
        by_organization = level == ScopeLevel.ORGANIZATION
        self.headers = [
            _("Место"),
            _("Организация") if by_organization else _("Муниципалитет"),
            *([_("Муниципалитет")] if by_organization else []),
            *cell_headers(),
        ]

    def rows(self):
        for row in self.rows_:
            yield [
                row.rank,
                row.scope.name,
                *([row.scope.parent_name] if self.level == ScopeLevel.ORGANIZATION else []),
                *cell_columns(row.cell),
            ]


class PeriodComparisonExporter(Exporter):
    def __init__(self, scope, first, second, rows):
        self.rows_ = rows
        self.identifier = f"compare_{first.pk}_{second.pk}_{scope.level}_{scope.pk}"
        self.verbose_name = _("Сравнение периодов")
        self.headers = [
            _("Код"),
            _("Показатель"),
            _("Единица"),
            f"{first.title}: {_('значение')}",
            f"{first.title}: {_('цель')}",
            f"{second.title}: {_('значение')}",
            f"{second.title}: {_('цель')}",
            _("Изменение"),
            _("Оценка во втором периоде"),
        ]

    def rows(self):
        for row in self.rows_:
            yield [
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit,
                row.first.value,
                row.first.target.value,
                row.second.value,
                row.second.target.value,
                row.change,
                LIGHT_LABELS[row.second.light],
            ]


class ScopeComparisonExporter(Exporter):
    def __init__(self, period, scopes, rows):
        self.rows_ = rows
        self.identifier = f"compare_scopes_{period.pk}"
        self.verbose_name = _("Сравнение областей")
        self.headers = [_("Код"), _("Показатель"), _("Единица")]
        for scope in scopes:
            self.headers += [f"{scope.name}: {_('значение')}", f"{scope.name}: {_('цель')}"]

    def rows(self):
        for row in self.rows_:
            values = []
            for cell in row.cells:
                values += [cell.value, cell.target.value]
            yield [row.indicator.code, row.indicator.name, row.indicator.unit, *values]


class DrillPeopleExporter(Exporter):
    def __init__(self, drill, people, places):
        self.people = people
        self.places = places
        self.identifier = f"drill_{drill.indicator.code}_{drill.period.pk}_{drill.part}"
        self.verbose_name = _("Работники")
        self.headers = [_("Работник"), _("Организация"), _("Должность")]

    def rows(self):
        for person in self.people.iterator(chunk_size=2000):
            places = self.places.get(person.pk) or [("", "")]
            yield [
                person.full_name,
                "; ".join(p[0] for p in places if p[0]),
                "; ".join(p[1] for p in places if p[1]),
            ]


class DrillRecordsExporter(Exporter):
    def __init__(self, drill, objects):
        self.objects = objects
        self.identifier = f"drill_{drill.indicator.code}_{drill.period.pk}_{drill.part}"
        self.verbose_name = _("Записи")
        self.headers = [_("Запись")]
        self.total = drill.measure.total
        if self.total:
            self.headers.append(_("Количество"))

    def rows(self):
        for obj in self.objects.iterator(chunk_size=2000):
            yield [str(obj), *([getattr(obj, self.total, None)] if self.total else [])]


class TargetExporter(Exporter):
    """Every indicator's target of a year: the default, the region's and the overrides."""

    def __init__(self, region, year, table, overrides):
        self.table = table
        self.overrides = overrides
        self.identifier = f"targets_{year}"
        self.verbose_name = _("Цели %(year)s") % {"year": year}
        self.headers = [
            _("Код"),
            _("Показатель"),
            _("Единица"),
            _("Направление"),
            _("Область"),
            _("Уровень"),
            _("Целевое значение"),
            _("Источник"),
        ]
        self.region = region

    def rows(self):
        for row in self.table:
            indicator = row.indicator
            yield [
                indicator.code,
                indicator.name,
                indicator.unit,
                row.direction_label,
                self.region.name,
                ScopeLevel.REGION.label,
                row.effective.value,
                TARGET_SOURCES[row.effective.source],
            ]
        for target in self.overrides:
            yield [
                target.indicator,
                target.indicator_name,
                target.indicator_unit,
                "",
                target.scope_name,
                target.scope_level_label,
                target.value,
                TARGET_SOURCES[target.scope_level],
            ]
