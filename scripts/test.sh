#!/usr/bin/env bash
# The whole test suite: lint, types, then pytest (engine tests need a running Docker engine;
# under CI=true a missing engine fails them instead of skipping), and once more the unit and
# CLI tests with the LOWEST versions pyproject.toml allows for every direct dependency.
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

echo "== pytest tests/unit tests/cli with the lowest versions pyproject.toml allows (uv --resolution lowest-direct)"
UV=$(command -v uv || true)
if [ -z "$UV" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv
  UV=.venv/bin/uv
fi
rm -rf .venv-lowest  # a fresh one: uv would keep newer versions already installed
"$UV" venv --quiet --python "$(.venv/bin/python -c 'import sys; print(sys.executable)')" .venv-lowest
if VIRTUAL_ENV=.venv-lowest "$UV" pip install --quiet --resolution lowest-direct -e '.[test]'; then
  VIRTUAL_ENV=.venv-lowest "$UV" pip list 2>/dev/null | grep -iE '^(typer|rich|questionary|docker|platformdirs|pyyaml) ' || true
  .venv-lowest/bin/pytest -q -p no:cacheprovider tests/unit tests/cli || status=1
else
  echo "could not install the lowest versions"; status=1
fi
exit "$status"
