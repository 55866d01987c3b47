#!/usr/bin/env bash
# Debian's Chromium for the browser tests. A test tool's own browser download cannot work on
# the project's machines, so Playwright drives this one (executable_path=/usr/bin/chromium).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian's chromium for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
