"""The least a table of every event can cost: a plain copy of amplitude.event on a DuckDB file, timed.

Every column of every raw row written once, as `amplitude__event_enhanced` must write at least (it also drops
duplicates, numbers the events and joins their sessions). Prints the statement's seconds; the copy is dropped.
"""

from __future__ import annotations

import sys
import time

import duckdb


def main() -> None:
    database, threads, memory_limit = sys.argv[1], sys.argv[2], sys.argv[3]
    with duckdb.connect(database) as con:
        con.execute(f"set threads = {int(threads)}; set memory_limit = '{memory_limit}'")
        started = time.perf_counter()
        con.execute("create or replace table main.benchmark_event_copy as select * from amplitude.event")
        seconds = time.perf_counter() - started
        con.execute("drop table main.benchmark_event_copy")
        print(f"{seconds:.3f}")


if __name__ == "__main__":
    main()
