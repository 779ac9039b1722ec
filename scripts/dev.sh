#!/usr/bin/env bash
# Set up and run the app on SQLite with demo data: venv, dependencies, migrations, demo seed, dev server.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
export FLASK_APP=wsgi
.venv/bin/flask init-db
.venv/bin/flask seed-demo
PORT=${PORT:-5000}
echo
echo "Posyandu ILP is running at http://127.0.0.1:${PORT}/  (Ctrl+C to stop)"
exec .venv/bin/flask run --host 127.0.0.1 --port "$PORT"
