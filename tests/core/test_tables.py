from datetime import UTC, datetime
from types import SimpleNamespace

from profrost.core.exporters import excel_value
from profrost.core.tables import Column


def test_column_display_shows_aware_datetimes_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    row = SimpleNamespace(at=datetime(2026, 1, 1, 21, 30, tzinfo=UTC))
    assert Column("at", "Когда").display(row) == "02.01.2026 00:30"


def test_excel_value_writes_local_time_without_offset(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    assert excel_value(datetime(2026, 1, 1, 21, 30, tzinfo=UTC)) == datetime(2026, 1, 2, 0, 30)
