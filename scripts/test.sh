#!/usr/bin/env bash
# Set up and run the whole test suite: Python (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
# the JavaScript rule twins under node, and the browser tests on Chromium (/usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt

status=0
echo "== JavaScript rule twins (node --test)"
if ls tests/js/*.test.mjs >/dev/null 2>&1; then node --test tests/js/ || status=1; fi

echo "== pytest on SQLite"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@" || status=1

if [ -n "${TEST_DATABASE_URL:-}" ]; then
  echo "== pytest on PostgreSQL (${TEST_DATABASE_URL})"
  # The browser tests exercise the client, not the database: they run once, in the SQLite pass.
  .venv/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/e2e "$@" || status=1
fi
exit $status
