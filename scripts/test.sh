#!/usr/bin/env bash
# Every test: installs what is missing, starts a throwaway PostgreSQL on 127.0.0.1, runs the
# linters and pytest (DuckDB and PostgreSQL), stops the server. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --with-postgres
trap 'scripts/postgres.sh stop' EXIT
scripts/postgres.sh start

if [ "${CI:-}" = "true" ]; then
    export AMPLITUDE_SESSIONS_REQUIRE_ENGINES="duckdb,postgres"
fi

echo "== ruff"
.venv/bin/ruff check amplitude_tools tests benchmark
echo "== pytest"
.venv/bin/python -m pytest tests "$@"
