#!/usr/bin/env bash
# Every test: installs what is missing, starts a throwaway PostgreSQL server and a Spark standalone
# cluster (Master, Worker, Thrift server) on 127.0.0.1, runs the whole pytest suite (lint, docs,
# scenarios, properties, incremental runs on DuckDB, PostgreSQL and Spark), stops the servers.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

scripts/setup.sh --with-postgres
trap '"$root/scripts/spark.sh" stop; "$root/scripts/postgres.sh" stop' EXIT
scripts/postgres.sh start
scripts/spark.sh start

if [ "${CI:-}" = "true" ]; then
    # In CI an engine that cannot start fails the run instead of being skipped.
    export AMPLITUDE_SESSIONS_REQUIRE_ENGINES="duckdb,postgres,spark"
fi

# Two workers (the machine's two cores): every PostgreSQL test on one worker, every Spark test on one worker, the
# DuckDB tests wherever a worker is free (tests/conftest.py). `-n 0` runs everything in this process.
.venv/bin/python -m pytest tests -n 2 --dist loadgroup "$@"
