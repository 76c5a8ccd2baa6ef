"""The least a table of every event can cost: a plain copy of amplitude.event on a DuckDB file, timed.

Every column of every raw row written once, as `amplitude__event_enhanced` must write at least (it also drops
duplicates, numbers the events and joins their sessions). Prints the statement's seconds; the copy is dropped.
"""

from __future__ import annotations

import sys

from benchmark.run_baseline import time_statement

COPY = "create or replace table main.benchmark_event_copy as select * from amplitude.event"
DROP = "drop table main.benchmark_event_copy"


def main() -> None:
    database, threads, memory_limit = sys.argv[1], sys.argv[2], sys.argv[3]
    print(f"{time_statement(database, threads, memory_limit, COPY, cleanup=DROP):.3f}")


if __name__ == "__main__":
    main()
