"""XLSX of the summary of open vacancies and of the retirement forecast, numbers as numbers."""

from django.utils.translation import gettext as _

from profrost.core.dates import format_date
from profrost.core.exporters import Exporter

BY_POSITION = "positions"
BY_ORGANIZATION = "organizations"


class VacancySummaryExporter(Exporter):
    """One table of the summary: by position and subject, or by organization; the total last."""

    def __init__(self, summary, table):
        self.summary = summary
        self.table = table if table == BY_ORGANIZATION else BY_POSITION
        self.identifier = f"vacancies_by_{self.table}_{summary.day:%Y%m%d}"
        self.verbose_name = _("Вакансии на %(day)s") % {"day": format_date(summary.day)}
        second = _("Муниципалитет") if self.table == BY_ORGANIZATION else _("Предмет")
        first = _("Организация") if self.table == BY_ORGANIZATION else _("Должность")
        self.headers = [first, second, _("Открытых вакансий"), _("Нагрузка, часов в неделю")]

    def rows(self):
        if self.table == BY_ORGANIZATION:
            rows = self.summary.by_organization
        else:
            rows = [row for row in self.summary.by_position if not row.is_subtotal]
        for row in rows:
            yield [row.label, row.detail, row.count, row.hours]
        total = self.summary.total
        yield [total.label, "", total.count, total.hours]


class ForecastExporter(Exporter):
    """Subjects × years of reaching the age, the totals of people last."""

    def __init__(self, forecast):
        self.forecast = forecast
        self.identifier = f"retirement_forecast_{forecast.age}"
        self.verbose_name = _("Достигнут %(age)d лет") % {"age": forecast.age}
        self.headers = [
            _("Предмет"),
            *[str(label) for _key, label in forecast.columns],
            _("Всего"),
        ]

    def rows(self):
        for row in [*self.forecast.rows, self.forecast.totals]:
            yield [row.label, *[cell.count for cell in row.cells], row.total]
