"""XLSX of a request's summary: organizations as rows, fields as columns, numbers as numbers."""

from django.utils import timezone
from django.utils.translation import gettext as _

from profrost.core.exporters import Exporter

from .models import FieldKind


class SummaryExporter(Exporter):
    """The rows of the summary page, then the totals and means of numeric columns and the count
    of «да» in yes/no columns, all computed in the database by the selector."""

    def __init__(self, data_request, summary):
        self.summary = summary
        self.identifier = f"request_{data_request.pk}_summary"
        self.verbose_name = _("Сводка")
        self.headers = [
            _("Организация"),
            _("Муниципалитет"),
            _("Состояние ответа"),
            _("Отправлен"),
            *[column.field.label for column in summary.columns],
        ]

    def rows(self):
        for row in self.summary.rows:
            recipient = row.recipient
            submitted = recipient.submitted_at
            yield [
                recipient.organization.short_name,
                recipient.organization.municipality.name,
                recipient.get_status_display(),
                timezone.localtime(submitted) if submitted else None,
                *(row.cells if row.counted else [None] * len(row.cells)),
            ]
        columns = self.summary.columns
        if any(column.is_numeric for column in columns):
            yield [_("Итого"), "", "", None, *[column.total for column in columns]]
            yield [_("Среднее"), "", "", None, *[column.mean for column in columns]]
        if any(column.field.kind == FieldKind.BOOLEAN for column in columns):
            yield [_("Ответов «да»"), "", "", None, *[column.yes for column in columns]]
