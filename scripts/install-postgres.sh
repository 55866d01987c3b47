#!/usr/bin/env bash
# Debian's PostgreSQL server for the tests of the shared question log (guidance/database.py):
# the tests start their own cluster in a temporary folder, on a free port, and stop it.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" postgresql "the question-log tests"
