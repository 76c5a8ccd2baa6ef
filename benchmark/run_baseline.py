"""Runs benchmark/baseline.sql on a DuckDB file and prints the statement's seconds."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb


def time_statement(database: str, threads: str, memory_limit: str, sql: str, cleanup: str = "") -> float:
    """Seconds of one statement on a fresh connection with the benchmark's threads and memory limit; `cleanup`, if
    given, runs after it, untimed."""
    with duckdb.connect(database) as con:
        con.execute(f"set threads = {int(threads)}; set memory_limit = '{memory_limit}'")
        started = time.perf_counter()
        con.execute(sql)
        seconds = time.perf_counter() - started
        if cleanup:
            con.execute(cleanup)
    return seconds


def main() -> None:
    database, threads, memory_limit = sys.argv[1], sys.argv[2], sys.argv[3]
    sql = (Path(__file__).parent / "baseline.sql").read_text()
    print(f"{time_statement(database, threads, memory_limit, sql):.3f}")


if __name__ == "__main__":
    main()
