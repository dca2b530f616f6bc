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
if [ "$#" -gt 0 ]; then
  echo "== pytest $*"; .venv/bin/pytest "$@" || status=1
else
  # Engine tests mostly wait (for containers, servers, swarm updates): several workers at
  # once (pytest-xdist). Each lesson's tests stay on one worker (tests/conftest.py, groups);
  # the tests marked «serial» (they restart the engine, clean every labelled object or
  # measure time) run afterwards, alone.
  workers=${DOCKERLAB_TEST_WORKERS:-3}
  echo "== pytest, in parallel ($workers workers; the tests of one lesson on one worker)"
  .venv/bin/pytest -n "$workers" --dist loadgroup --no-loadscope-reorder -m "not serial" || status=1
  echo "== pytest, the tests that need the engine to themselves, one at a time"
  .venv/bin/pytest -m serial || status=1
fi

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
  .venv-lowest/bin/pytest -q -p no:cacheprovider -n 2 --dist loadgroup tests/unit tests/cli || status=1
else
  echo "could not install the lowest versions"; status=1
fi
exit "$status"
