"""The benchmark's read and copy floors measure what they say: the rows each predicate selects, on a small file."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from benchmark.reads import COLUMNS, measure_reads

REPOSITORY = Path(__file__).resolve().parent.parent
DAY = timedelta(days=1)
START = datetime(2026, 1, 1)
OLD_LOAD = datetime(2026, 1, 4)
NEW_LOAD = datetime(2026, 1, 6)


def session_id(at: datetime) -> int:
    return int((at - datetime(1970, 1, 1)).total_seconds() * 1000)


def write_events(database: Path) -> None:
    """Three users with a session a day on days 1 to 3 (loaded together), then a load with a continuation of user
    1's day-3 session, a new day-4 session of user 2 and a late event in user 3's day-1 session."""
    rows = []
    for user in (1, 2, 3):
        for day in range(3):
            start = START + day * DAY + timedelta(hours=user)
            rows += [(start + timedelta(minutes=minute), session_id(start), user, OLD_LOAD) for minute in range(4)]
    day_3_of_user_1 = START + 2 * DAY + timedelta(hours=1)
    day_4_of_user_2 = START + 3 * DAY + timedelta(hours=2)
    day_1_of_user_3 = START + timedelta(hours=3)
    rows += [
        (day_3_of_user_1 + timedelta(minutes=10), session_id(day_3_of_user_1), 1, NEW_LOAD),
        (day_4_of_user_2, session_id(day_4_of_user_2), 2, NEW_LOAD),
        (day_1_of_user_3 + timedelta(minutes=5), session_id(day_1_of_user_3), 3, NEW_LOAD),
    ]
    types = {
        "event_time": "timestamp", "session_id": "bigint", "amplitude_id": "bigint", "_fivetran_synced": "timestamp",
    }
    columns = ", ".join(f"{name} {types.get(name, 'varchar')}" for name in COLUMNS)
    with duckdb.connect(str(database)) as con:
        con.execute("create schema amplitude")
        con.execute(f"create table amplitude.event ({columns})")
        con.executemany(
            "insert into amplitude.event (event_time, session_id, amplitude_id, _fivetran_synced) values (?, ?, ?, ?)",
            rows,
        )


def test_reads_select_the_rows_they_name(tmp_path: Path) -> None:
    database = tmp_path / "reads.duckdb"
    write_events(database)
    reads = {read.name: read.rows for read in measure_reads(database, str(NEW_LOAD), 1, "1GB")}
    assert reads == {
        # Every row of users 1, 2 and 3: the per-user scope reads their whole history.
        "rows of the new rows' amplitude_ids": 39,
        # User 1's day-3 session (4 old rows and the new one) and user 2's new day-4 session; the latest event loaded
        # earlier is on day 3, so sessions from day 2 on are recent.
        "rows of the new rows' recent sessions, by one session_id range": 6,
        # User 3's day-1 session: its 4 old rows and the late one.
        "rows of the new rows' 1 older sessions, by a session_id list": 5,
        "rows of the new rows' 1 older sessions, by a join with their ids": 5,
        "every row": 39,
    }


def test_copy_floor_copies_and_drops(tmp_path: Path) -> None:
    database = tmp_path / "copy.duckdb"
    write_events(database)
    result = subprocess.run(
        [sys.executable, "-m", "benchmark.copy_floor", str(database), "1", "1GB"],
        cwd=REPOSITORY, capture_output=True, text=True, check=True,
    )
    assert float(result.stdout.strip()) > 0
    with duckdb.connect(str(database), read_only=True) as con:
        tables = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert tables == {"event"}
