#!/usr/bin/env bash
# Everything `make test` (and so CI) checks: ruff, migrations, the suite on SQLite, the suite on
# PostgreSQL, the backup drill on a PostgreSQL demo, the browser tests, then schemathesis over the
# API schema. A failing step does not stop the later ones, so one run shows every problem; the
# summary lists each step with its time, and the exit code is non-zero when any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."

pg_default_url="postgres://postgres@127.0.0.1:5432/profrost"
xdist=(-n 2)
summary=()
failures=0

run() {
    scripts/uv run --no-sync "$@"
}

record() {
    summary+=("$(printf '%6s  %s: %s' "$2" "$1" "$3")")
}

step() {
    local name=$1
    shift
    echo
    echo "==> $name"
    local start=$SECONDS
    "$@"
    local rc=$?
    local took="$((SECONDS - start))s"
    if [ "$rc" -eq 0 ]; then
        record "$name" "$took" "ok"
    else
        record "$name" "$took" "ОШИБКА (код $rc)"
        failures=$((failures + 1))
    fi
}

setup() {
    echo "==> Установка зависимостей"
    local start=$SECONDS
    scripts/uv sync --frozen || exit 1
    scripts/install-system-packages.sh || exit 1
    record "установка (uv sync, chromium, libreoffice, postgresql-client)" "$((SECONDS - start))s" "ok"
}

# Exits 0 when the PostgreSQL server of the URL accepts a connection. pytest-django creates
# the test database itself, so the database named in the URL need not exist yet.
pg_reachable() {
    run python - "$1" <<'PY'
import sys

import dj_database_url
import psycopg

config = dj_database_url.parse(sys.argv[1])
if config["ENGINE"] != "django.db.backends.postgresql":
    sys.exit(f"{sys.argv[1]!r} is not a PostgreSQL URL")
params = {
    "host": config["HOST"] or None,
    "port": config["PORT"] or None,
    "user": config["USER"] or None,
    "password": config["PASSWORD"] or None,
    "connect_timeout": 5,
}
error = None
for dbname in ("postgres", config["NAME"]):
    try:
        psycopg.connect(dbname=dbname, **params).close()
        sys.exit(0)
    except psycopg.Error as exc:
        error = exc
sys.exit(str(error))
PY
}

# The backup drill (docs/deploy.md «Резервное копирование и восстановление») on a small demo in
# a scratch database of its own, named after this shell so that two runs on one server do not
# meet: migrate, seed, one file in a fresh media folder, then manage.py backup_drill, which
# exits non-zero unless the restored copy is identical. The database is dropped afterwards.
backup_drill() {
    local server=${1%/*} name="profrost_drill_$$" media rc
    media=$(mktemp -d)
    mkdir -p "$media/consents/2026"
    printf 'Скан согласия для учений\n' >"$media/consents/2026/скан согласия.txt"
    createdb --maintenance-db="$server/postgres" "$name" || return 1
    (
        export DATABASE_URL="$server/$name" DJANGO_MEDIA_ROOT="$media"
        run python manage.py migrate -v 0 &&
            run python manage.py seed_demo --teachers 100 >/dev/null &&
            run python manage.py backup_drill
    )
    rc=$?
    dropdb --if-exists --maintenance-db="$server/postgres" "$name"
    rm -rf "$media"
    return "$rc"
}

postgres_suite() {
    local url=${DATABASE_URL:-$pg_default_url}
    local shown
    shown=$(printf '%s' "$url" | sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#')
    if pg_reachable "$url"; then
        step "pytest на PostgreSQL" env DATABASE_URL="$url" \
            scripts/uv run --no-sync pytest "${xdist[@]}" -m "not browser and not fuzz"
        step "учения: копия и восстановление PostgreSQL" backup_drill "$url"
        return
    fi
    echo
    echo "############################################################################"
    echo "#  PostgreSQL недоступен ($shown):"
    echo "#  тесты на PostgreSQL НЕ ЗАПУСКАЛИСЬ."
    echo "#  Задайте DATABASE_URL или запустите локальный сервер на 127.0.0.1:5432."
    echo "############################################################################"
    if [ -n "${CI:-}" ]; then
        record "pytest на PostgreSQL и учения по восстановлению" "-" "ОШИБКА: сервер недоступен (CI)"
        failures=$((failures + 1))
    else
        record "pytest на PostgreSQL и учения по восстановлению" "-" "ПРОПУЩЕН: сервер недоступен"
    fi
}

setup
step "ruff check" run ruff check
step "ruff format --check" run ruff format --check
step "makemigrations --check" run python manage.py makemigrations --check --dry-run
step "pytest на SQLite" env -u DATABASE_URL \
    scripts/uv run --no-sync pytest "${xdist[@]}" -m "not browser and not fuzz"
postgres_suite
step "браузерные тесты" env -u DATABASE_URL scripts/uv run --no-sync pytest -m browser
# `python -m` puts the checkout on sys.path, where pytest finds the counting plugin; it prints
# the number of requests and of server errors.
step "фаззинг API (schemathesis)" env -u DATABASE_URL \
    scripts/uv run --no-sync python -m pytest "${xdist[@]}" -m fuzz -p tests.api.fuzz_report

echo
echo "==> Итог"
printf '%s\n' "${summary[@]}"
if [ "$failures" -gt 0 ]; then
    echo "Шагов с ошибкой: $failures"
    exit 1
fi
echo "Все шаги прошли."
