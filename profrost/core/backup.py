"""The backup and restore drill (docs/deploy.md «Резервное копирование и восстановление»).

A backup nobody restored is a hope. The drill takes a backup with the very commands the
documented procedure uses (pg_dump -Fc, tar -czf), restores it as the procedure does into a
fresh database and a fresh folder (createdb, pg_restore, tar -xzf), then compares every table
(row count and a checksum of the content) and every media file (path and sha256) with the
source. The restored database is dropped afterwards; the source is only read.
"""

import hashlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from django.utils.translation import gettext as _
from psycopg import sql

from .text import count_phrase

TOOLS = ("pg_dump", "pg_restore", "createdb", "dropdb", "tar")
ROW_FORMS = ("строка", "строки", "строк")
TABLE_FORMS = ("таблица", "таблицы", "таблиц")
FILE_FORMS = ("файл", "файла", "файлов")
# Each row is hashed on its own and the table's checksum is the md5 of those hashes in primary
# key order: 32 bytes a row in memory, not the whole table as one string. The alias is one no
# column bears: a bare name is read as a column before a table.
CHECKSUM = (
    "SELECT count(*), coalesce(md5(string_agg(md5(drill_row::text), '' ORDER BY {order})), '') "
    "FROM {table} AS drill_row"
)
PRIMARY_KEY = """
    SELECT a.attname FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
    WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)
"""
# A sequence restored behind its table would make the next insert collide with a restored row.
SEQUENCES = """
    SELECT sequencename, last_value FROM pg_sequences
    WHERE schemaname = current_schema() ORDER BY sequencename
"""
TABLES = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY c.relname
"""


class DrillError(Exception):
    """A step of the drill could not run; the message says which and why, in Russian."""


@dataclass(frozen=True)
class Server:
    """The PostgreSQL server of a Django database, as libpq's variables (the password goes to
    the tools through PGPASSWORD, never on a command line others can read)."""

    params: dict

    @classmethod
    def of(cls, settings_dict):
        options = settings_dict.get("OPTIONS", {})
        params = {
            "host": settings_dict.get("HOST"),
            "port": str(settings_dict.get("PORT") or ""),
            "user": settings_dict.get("USER"),
            "password": settings_dict.get("PASSWORD"),
            "sslmode": options.get("sslmode"),
        }
        return cls({key: value for key, value in params.items() if value})

    def environ(self):
        return {**os.environ, **{f"PG{key.upper()}": value for key, value in self.params.items()}}

    def connect(self, dbname):
        return psycopg.connect(dbname=dbname, autocommit=True, **self.params)


@dataclass(frozen=True)
class TableCheck:
    """One table: (rows, checksum) in the source and in the restored copy (None: missing)."""

    table: str
    source: tuple
    restored: tuple | None

    @property
    def identical(self):
        return self.source == self.restored


@dataclass(frozen=True)
class MediaCheck:
    """The media files, as {relative path: sha256}, in the source and restored folders."""

    source: dict
    restored: dict

    @property
    def different(self):
        names = self.source.keys() | self.restored.keys()
        return sorted(n for n in names if self.source.get(n) != self.restored.get(n))


@dataclass(frozen=True)
class Outcome:
    """What the drill found: every table, the sequences whose value differs as {name: (source,
    restored)}, and the media files."""

    tables: list
    sequences: dict
    media: MediaCheck

    @property
    def identical(self):
        tables = all(check.identical for check in self.tables)
        return tables and not self.sequences and not self.media.different


def missing_tools():
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def checksums(conn, tables):
    """{table: (rows, checksum)} for the tables present in the database of `conn`; the same
    query on both databases, in UTC, so the text of a row does not depend on the session."""
    conn.execute("SET TIME ZONE 'UTC'")
    present = {row[0] for row in conn.execute(TABLES)}
    return {table: table_checksum(conn, table) for table in tables if table in present}


def table_checksum(conn, table):
    keys = [row[0] for row in conn.execute(PRIMARY_KEY, (sql.Identifier(table).as_string(conn),))]
    order = (
        sql.SQL(", ").join(sql.Identifier("drill_row", key) for key in keys)
        if keys
        else sql.SQL("drill_row::text")
    )
    query = sql.SQL(CHECKSUM).format(order=order, table=sql.Identifier(table))
    return tuple(conn.execute(query).fetchone())


def media_files(root):
    """{path relative to root: sha256} of every file under root (none if it does not exist)."""
    root = Path(root)
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): file_sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def file_sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Drill:
    """The drill's steps, run in order: backup(), restore(), compare(), drop(). `say` receives
    each line of the report, the commands as they are run among them."""

    def __init__(self, settings_dict, media_root, workdir, say=print):
        self.server = Server.of(settings_dict)
        self.source = settings_dict["NAME"]
        self.restored = f"{self.source}_restore_{os.getpid()}"[-63:]
        self.media_root = Path(media_root)
        self.workdir = Path(workdir)
        self.dump = self.workdir / f"{self.source}.dump"
        self.media_archive = self.workdir / "media.tar.gz"
        self.restored_media = self.workdir / "restored"
        self.say = say

    def backup(self):
        self.run("pg_dump", "-Fc", "-d", self.source, "-f", str(self.dump))
        if self.media_root.is_dir():
            self.run(
                "tar", "-czf", str(self.media_archive),
                "-C", str(self.media_root.parent), self.media_root.name,
            )  # fmt: skip
        else:
            self.say(
                _("Каталога файлов %(path)s нет: копировать нечего.") % {"path": self.media_root}
            )

    def restore(self):
        self.run("createdb", self.restored)
        self.run("pg_restore", "--no-owner", "--exit-on-error", "-d", self.restored, str(self.dump))
        self.restored_media.mkdir(parents=True, exist_ok=True)
        if self.media_archive.exists():
            self.run("tar", "-xzf", str(self.media_archive), "-C", str(self.restored_media))

    def compare(self):
        with self.server.connect(self.source) as conn:
            tables = [row[0] for row in conn.execute(TABLES)]
            source = checksums(conn, tables)
            source_sequences = dict(conn.execute(SEQUENCES).fetchall())
        with self.server.connect(self.restored) as conn:
            restored = checksums(conn, tables)
            restored_sequences = dict(conn.execute(SEQUENCES).fetchall())
        names = source_sequences.keys() | restored_sequences.keys()
        return Outcome(
            tables=[TableCheck(t, source[t], restored.get(t)) for t in tables],
            sequences={
                name: (source_sequences.get(name), restored_sequences.get(name))
                for name in sorted(names)
                if source_sequences.get(name) != restored_sequences.get(name)
            },
            media=MediaCheck(
                media_files(self.media_root),
                media_files(self.restored_media / self.media_root.name),
            ),
        )

    def keep(self, folder):
        """Copies the backup, now proven restorable, into folder."""
        folder.mkdir(parents=True, exist_ok=True)
        for path in (self.dump, self.media_archive):
            if path.exists():
                shutil.copy2(path, folder / path.name)
                self.say(_("Копия сохранена: %(path)s") % {"path": folder / path.name})

    def drop(self):
        self.run("dropdb", "--if-exists", self.restored)

    def run(self, *command):
        self.say("$ " + " ".join(command))
        started = time.monotonic()
        done = subprocess.run(command, env=self.server.environ(), capture_output=True, text=True)
        if done.returncode:
            raise DrillError(
                _("Команда %(command)s завершилась с кодом %(code)s: %(error)s")
                % {"command": command[0], "code": done.returncode, "error": done.stderr.strip()}
            )
        self.say(_("  готово за %(seconds).1f с") % {"seconds": time.monotonic() - started})


def report(outcome, verbose=False):
    """The lines of the Russian report: every table when verbose, else only the differences,
    then the totals."""
    checks, media = outcome.tables, outcome.media
    lines = [table_line(check) for check in checks if verbose or not check.identical]
    lines += [
        _("Последовательность %(name)s: %(source)s / %(restored)s, РАЗЛИЧАЕТСЯ")
        % {"name": name, "source": source, "restored": restored}
        for name, (source, restored) in outcome.sequences.items()
    ]
    lines += [
        _("Файл различается или отсутствует: %(path)s") % {"path": p} for p in media.different
    ]
    lines.append(
        _("Сравнено: %(tables)s, %(rows)s; различаются: %(differing)s.")
        % {
            "tables": count_phrase(len(checks), TABLE_FORMS),
            "rows": count_phrase(sum(check.source[0] for check in checks), ROW_FORMS),
            "differing": sum(not check.identical for check in checks),
        }
    )
    lines.append(
        _("Файлов в копии: %(files)s; различаются: %(differing)s.")
        % {"files": count_phrase(len(media.source), FILE_FORMS), "differing": len(media.different)}
    )
    return lines


def table_line(check):
    if check.restored is None:
        return _("%(table)s: %(rows)s строк, в восстановленной базе таблицы нет") % {
            "table": check.table,
            "rows": check.source[0],
        }
    verdict = _("совпадает") if check.identical else _("РАЗЛИЧАЕТСЯ")
    return _("%(table)s: строк %(source)s / %(restored)s, %(verdict)s") % {
        "table": check.table,
        "source": check.source[0],
        "restored": check.restored[0],
        "verdict": verdict,
    }
