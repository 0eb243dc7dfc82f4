#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests; Playwright's own browser download
# cannot reach its servers from our machines.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

echo "Устанавливаю chromium из пакетов Debian для браузерных тестов..."
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
