"""The backup drill (core/backup.py, manage.py backup_drill): the restored copy of the test
database and media folder compares identical, and a changed row, a lost row or a changed file
is reported. The drill needs PostgreSQL; on SQLite the command refuses."""

import io

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from profrost.core.backup import Drill, MediaCheck, media_files, report
from profrost.registry.models import Position, ReferenceSynonym

# pg_dump sees committed rows only: the tests compare the reference rows the migrations load
# (positions, subjects…) and change them in the restored copy only, so the test database is
# never written and needs no transactional test (whose flush would remove those rows).
ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(not ON_POSTGRESQL, reason="учения — только на PostgreSQL")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "consents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "consents" / "скан.pdf").write_bytes(b"%PDF-1.4 signed")
    return settings.MEDIA_ROOT


@pytest.fixture
def drill(media, tmp_path):
    """The test database backed up and restored; the restored copy dropped afterwards."""
    (tmp_path / "work").mkdir()
    lines = []
    drill = Drill(connection.settings_dict, media, tmp_path / "work", say=lines.append)
    drill.backup()
    drill.restore()
    yield drill
    drill.drop()


def in_restored(drill, statement):
    with psycopg.connect(dbname=drill.restored, autocommit=True, **drill.server.params) as conn:
        conn.execute(statement)


def differing(outcome):
    return [check.table for check in outcome.tables if not check.identical]


def rows(count):
    return f"строк {count} / {count}"


@postgresql_only
@pytest.mark.django_db
def test_backup_drill_restored_copy_is_identical(media):
    out = io.StringIO()

    call_command("backup_drill", verbosity=2, stdout=out)

    text = out.getvalue()
    assert f"registry_position: {rows(Position.objects.count())}, совпадает" in text
    assert "различаются: 0." in text
    assert "Файлов в копии: 1 файл; различаются: 0." in text
    assert "Копия восстановлена, всё совпадает" in text


@postgresql_only
@pytest.mark.django_db
def test_backup_drill_changed_row_is_reported(drill):
    first = Position.objects.order_by("pk").first()
    in_restored(drill, f"UPDATE registry_position SET name = name || '!' WHERE id = {first.pk}")

    outcome = drill.compare()

    assert differing(outcome) == ["registry_position"]
    assert not outcome.identical
    line = f"registry_position: {rows(Position.objects.count())}, РАЗЛИЧАЕТСЯ"
    assert line in report(outcome)


@postgresql_only
@pytest.mark.django_db
def test_backup_drill_lost_row_is_reported(drill):
    last = ReferenceSynonym.objects.order_by("pk").last()
    in_restored(drill, f"DELETE FROM registry_referencesynonym WHERE id = {last.pk}")

    outcome = drill.compare()

    assert differing(outcome) == ["registry_referencesynonym"]
    count = ReferenceSynonym.objects.count()
    line = f"registry_referencesynonym: строк {count} / {count - 1}, РАЗЛИЧАЕТСЯ"
    assert line in report(outcome)


@postgresql_only
@pytest.mark.django_db
def test_backup_drill_sequence_behind_is_reported(drill):
    sequence = "registry_position_id_seq"
    in_restored(drill, f"SELECT setval('{sequence}', 1)")

    outcome = drill.compare()

    assert differing(outcome) == []
    assert list(outcome.sequences) == [sequence]
    assert f"Последовательность {sequence}: " in "\n".join(report(outcome))
    assert not outcome.identical


@postgresql_only
@pytest.mark.django_db
def test_backup_drill_changed_file_is_reported(drill, media):
    restored_file = drill.restored_media / media.name / "consents" / "скан.pdf"
    restored_file.write_bytes(b"%PDF-1.4 forged")

    outcome = drill.compare()

    assert differing(outcome) == []
    assert outcome.media.different == ["consents/скан.pdf"]
    assert not outcome.identical
    assert "Файл различается или отсутствует: consents/скан.pdf" in report(outcome)


@pytest.mark.skipif(ON_POSTGRESQL, reason="отказ проверяется на SQLite")
@pytest.mark.django_db
def test_backup_drill_refuses_sqlite():
    with pytest.raises(CommandError, match="только на PostgreSQL"):
        call_command("backup_drill")


def test_media_check_finds_changed_missing_and_extra_files(tmp_path):
    source, restored = tmp_path / "source", tmp_path / "restored"
    for root in (source, restored):
        (root / "a").mkdir(parents=True)
        (root / "a" / "same.txt").write_text("одно и то же")
    (source / "a" / "changed.txt").write_text("было")
    (restored / "a" / "changed.txt").write_text("стало")
    (source / "lost.txt").write_text("потерян")
    (restored / "extra.txt").write_text("лишний")

    check = MediaCheck(media_files(source), media_files(restored))

    assert check.different == ["a/changed.txt", "extra.txt", "lost.txt"]
    assert media_files(tmp_path / "absent") == {}
