#!/usr/bin/env bash
# End to end on DuckDB: install, generate sample Amplitude events (EVENTS, default 1,000,000),
# build amplitude__sessions with dbt through the integration project, print a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
mkdir -p demo
database="$PWD/demo/amplitude_demo.duckdb"
rm -f "$database"
.venv/bin/python -m amplitude_tools.data.generator --database "$database" --events "${EVENTS:-1000000}"
(
    cd integration_tests
    AMPLITUDE_SESSIONS_DUCKDB_PATH="$database" ../.venv/bin/dbt run --select package:amplitude_sessions --profiles-dir .
)
.venv/bin/python -m amplitude_tools.summary "$database"
