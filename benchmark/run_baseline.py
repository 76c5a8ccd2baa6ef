"""Runs benchmark/baseline.sql on a DuckDB file and prints the statement's seconds."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb


def main() -> None:
    database, threads, memory_limit = sys.argv[1], sys.argv[2], sys.argv[3]
    sql = (Path(__file__).parent / "baseline.sql").read_text()
    with duckdb.connect(database) as con:
        con.execute(f"set threads = {int(threads)}; set memory_limit = '{memory_limit}'")
        started = time.perf_counter()
        con.execute(sql)
        print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main()
