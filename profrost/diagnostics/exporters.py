"""XLSX of a person's deficit map and of the aggregate, with numbers as numbers."""

from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.exporters import Exporter

from . import selectors


class DeficitMapExporter(Exporter):
    """Every result of the person, the latest of each competence marked: the current profile
    is the rows marked «да», the history is all of them."""

    def __init__(self, person, viewer=None):
        self.person, self.viewer = person, viewer
        self.identifier = f"deficit_map_{person.pk}"
        self.verbose_name = _("Карта дефицитов")
        self.headers = [
            _("Код"),
            _("Компетенция"),
            _("Группа"),
            _("Дата диагностики"),
            _("Диагностика"),
            _("Балл"),
            _("Максимальный балл"),
            _("Процент"),
            _("Уровень"),
            _("Последний результат"),
        ]

    def rows(self):
        latest = set(
            selectors.person_profile(self.person, self.viewer).values_list("pk", flat=True)
        )
        for result in selectors.person_results(self.person, self.viewer):
            yield [
                result.competence.code,
                result.competence.name,
                result.competence.group.name,
                result.measured_on,
                result.source_title,
                result.score,
                result.max_score,
                result.percent,
                result.get_level_display(),
                result.pk in latest,
            ]


class SummaryExporter(Exporter):
    """The table of the aggregate: a row per organization or municipality, then the totals."""

    identifier = "deficit_summary"

    def __init__(self, summary):
        self.summary = summary
        self.verbose_name = _("Дефициты %(start)s–%(end)s") % {
            "start": format_date(summary.date_from),
            "end": format_date(summary.date_to),
        }
        by_municipality = summary.by == selectors.BY_MUNICIPALITY
        self.headers = [
            _("Муниципалитет") if by_municipality else _("Организация"),
            _("Регион") if by_municipality else _("Муниципалитет"),
            _("Педагогов"),
            _("Прошли диагностику"),
            _("Доля прошедших, %"),
            _("С дефицитами"),
            *[f"{column.code} {column.name}" for column in summary.columns],
        ]

    def rows(self):
        for row in self.summary.rows:
            yield [
                row.name,
                row.parent,
                row.staff,
                row.diagnosed,
                row.diagnosed_percent,
                row.count,
                *[cell.count if cell.measured else None for cell in row.cells],
            ]
        summary = self.summary
        yield [
            _("Итого"),
            None,
            summary.staff,
            summary.diagnosed,
            summary.diagnosed_percent,
            summary.count,
            *[column.count for column in summary.columns],
        ]
