"""What reading the raw rows of an incremental run costs, by the predicate that selects them (DuckDB).

An incremental run of amplitude__sessions must read some old raw rows to rebuild what the new rows change. This
times reading the columns the sessions are built from (keys, times, event type, context columns), by predicate:
- the rows of every amplitude_id of the new rows: what this package's per-user scope reads (its rows lie in every
  part of a table loaded in time order, so every row group is read);
- the rows of the new rows' sessions that start at most a day before the latest event loaded earlier, by one
  constant `session_id` range (a session_id is its start in epoch milliseconds, so DuckDB skips the row groups
  whose min/max lie outside it): what a session-level design reads for the new day's sessions;
- the rows of the new rows' older sessions (late events, re-sent copies), by a constant `session_id in (...)`
  list, which DuckDB does not prune by row group, and by a join with a table of their ids, whose keys DuckDB
  pushes into the scan: what the stored session parts read to rebuild those from events;
- every row: what a full build reads.
The new rows are those at or after the latest `_fivetran_synced` before the appended day (the benchmark's last
load); each read runs once, all on one read-only connection.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

COLUMNS = (
    "event_time", "session_id", "user_id", "amplitude_id", "device_id", "uuid", "id", "_insert_id", "event_type",
    "client_event_time", "client_upload_time", "_fivetran_synced", "platform", "os_name", "os_version",
    "device_family", "device_type", "device_carrier", "country", "region", "city", "dma", "language", "version_name",
    "start_version", "library",
)

NEW_ROWS = "create temp table new_rows as select amplitude_id, session_id from amplitude.event where {new}"

DAY_MS = 86_400_000


@dataclass(frozen=True)
class Read:
    name: str
    seconds: float
    rows: int


def timed_read(con: duckdb.DuckDBPyConnection, name: str, predicate: str) -> Read:
    """Reads every listed column of the rows the predicate selects, and consumes them (one hash per row)."""
    started = time.perf_counter()
    rows, _ = con.execute(
        f"select count(*), sum(hash({', '.join(COLUMNS)})) from amplitude.event where {predicate}"
    ).fetchone()
    return Read(name=name, seconds=time.perf_counter() - started, rows=rows)


def measure_reads(database: Path, synced: str, threads: int, memory_limit: str) -> list[Read]:
    """The reads above, for the rows loaded at or after `synced`."""
    new = f"_fivetran_synced >= cast('{synced}' as timestamp)"
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(f"set threads = {threads}; set memory_limit = '{memory_limit}'; set enable_progress_bar = false")
        con.execute(NEW_ROWS.format(new=new))
        recent = con.execute(
            f"select epoch_ms(max(event_time)) - {DAY_MS} from amplitude.event where not ({new})"
        ).fetchone()[0]
        older = [session_id for (session_id,) in con.execute(
            f"select distinct session_id from new_rows where session_id > 0 and session_id < {recent} order by 1"
        ).fetchall()]
        ids = ", ".join(map(str, older))
        con.execute(f"create temp table older_sessions as select unnest([{ids}]::bigint[]) as session_id")
        return [
            timed_read(con, "rows of the new rows' amplitude_ids",
                       "amplitude_id in (select amplitude_id from new_rows)"),
            timed_read(con, "rows of the new rows' recent sessions, by one session_id range",
                       f"session_id >= {recent} and session_id in (select session_id from new_rows)"),
            timed_read(con, f"rows of the new rows' {len(older):,} older sessions, by a session_id list",
                       f"session_id in ({ids or 'null'})"),
            timed_read(con, f"rows of the new rows' {len(older):,} older sessions, by a join with their ids",
                       "session_id in (select session_id from older_sessions)"),
            timed_read(con, "every row", "true"),
        ]
