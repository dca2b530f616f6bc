#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest (engine tests need a running Docker engine;
# under CI=true a missing engine fails them instead of skipping).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
status=0
echo "== ruff"; .venv/bin/ruff check . || status=1
.venv/bin/ruff format --check . || status=1
echo "== mypy"; .venv/bin/mypy || status=1
echo "== import-linter (layers, no cycles, docker only in the engine)"; .venv/bin/lint-imports --no-cache || status=1
echo "== pytest"; .venv/bin/pytest "$@" || status=$?
exit "$status"
