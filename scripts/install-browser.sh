#!/usr/bin/env bash
# Debian's Chromium for the browser tests. A test tool's own browser download cannot work on
# the project's machines, so Playwright drives this one (executable_path=/usr/bin/chromium).
set -euo pipefail
command -v chromium >/dev/null 2>&1 || bash "$(dirname "$0")/apt-install.sh" chromium "the browser tests"
