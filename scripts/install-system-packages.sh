#!/usr/bin/env bash
# Installs the Debian packages the tests need and a new machine lacks: chromium for the browser
# tests (Playwright's own browser download cannot reach its servers from our machines) and
# LibreOffice Writer without a GUI, which converts the printable DOCX documents to PDF in a test;
# postgresql-client (pg_dump, pg_restore, createdb, dropdb) for the backup drill.
set -euo pipefail

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
updated=""

install() {
    if [ -z "$updated" ]; then
        $sudo apt-get update
        updated=1
    fi
    echo "Устанавливаю из пакетов Debian: $*..."
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

[ -x /usr/bin/chromium ] || install chromium
command -v libreoffice >/dev/null 2>&1 || install --no-install-recommends libreoffice-writer-nogui
command -v pg_restore >/dev/null 2>&1 || install postgresql-client
