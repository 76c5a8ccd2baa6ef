"""The least an exact incremental run of one more day can cost here, measured next to the real run.

A run pays dbt's own work for the models it builds, measured on a throwaway project whose models
select one row (a view and incremental models, as the designs below need), and the statements it
cannot skip, each in its cheapest form and without stitching or choosing among duplicates: read
the new rows; make sure none is a re-sent copy of an old event (spec section 7); fold the new rows
into their users' stored sessions and renumber them; delete and insert those users' rows.

Two designs differ in how they find re-sent copies:
- without per-event state (as this package): compare the duplicate key of every old row with the
  new rows' keys;
- with a table of one 64-bit key hash per event (one more incremental model): probe that table,
  append the new hashes; every full build writes it.

The statements run on the benchmark's database in one transaction that is rolled back.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from benchmark.dbt_log import model_seconds
from benchmark.measure import measure

DBT = str(Path(sys.executable).parent / "dbt")
RUNS = 3

FLOOR_PROJECT = {
    "dbt_project.yml": ("name: incremental_floor\nversion: '1.0'\nconfig-version: 2\nprofile: incremental_floor\n"
                        "flags:\n  send_anonymous_usage_stats: false\n"),
    "profiles.yml": (
        "incremental_floor:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n"
        "      path: floor.duckdb\n      threads: 2\n"
    ),
    "models/staged.sql": "{{ config(materialized='view') }}\nselect 1 as user_id, 1 as key_hash\n",
    "models/event_keys.sql": (
        "{{ config(materialized='incremental', incremental_strategy='append') }}\n"
        "select key_hash from {{ ref('staged') }}\n"
    ),
    "models/sessions.sql": (
        "{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='user_id') }}\n"
        "-- depends_on: {{ ref('event_keys') }}\n"
        "select user_id from {{ ref('staged') }}\n"
    ),
}

DUPLICATE_KEY = """hash(source_relation, device_id, insert_id, case when insert_id is null then event_id end,
    case when insert_id is null then client_event_at end,
    case when insert_id is null then coalesce(user_id, cast(amplitude_id as varchar)) end)"""

WATERMARK = "select max(last_synced_at) from main.amplitude__sessions"

NEW_ROWS = f"""
    create temp table new_rows as
    select
        source_relation, user_id, amplitude_id, session_id, event_at, fivetran_synced_at,
        {DUPLICATE_KEY} as key_hash
    from main.stg_amplitude__event
    where fivetran_synced_at >= cast('{{watermark}}' as timestamp)
"""

OLD_KEYS = f"""
    select count(*)
    from main.stg_amplitude__event
    where
        fivetran_synced_at < cast('{{watermark}}' as timestamp)
        and {DUPLICATE_KEY} in (select key_hash from new_rows)
"""

WRITE_KEY_TABLE = f"""
    create table main.floor_event_keys as
    select {DUPLICATE_KEY} as key_hash
    from main.stg_amplitude__event
    where fivetran_synced_at < cast('{{watermark}}' as timestamp) or fivetran_synced_at is null
"""

PROBE_KEY_TABLE = "select count(*) from main.floor_event_keys where key_hash in (select key_hash from new_rows)"

APPEND_KEYS = "insert into main.floor_event_keys select key_hash from new_rows"

FOLD = """
    create temp table rebuilt_sessions as
    with new_sessions as (
        select
            source_relation,
            coalesce(user_id, cast(amplitude_id as varchar)) as amplitude_user_id,
            session_id,
            count(*) as events_per_session,
            min(event_at) as session_started_at,
            max(event_at) as session_ended_at,
            max(fivetran_synced_at) as last_synced_at
        from new_rows
        where session_id > 0
        group by all
    ),
    touched_users as (
        select distinct source_relation, amplitude_user_id from new_sessions
    ),
    stored_sessions as (
        select
            source_relation, amplitude_user_id, session_id, events_per_session, session_started_at,
            session_ended_at, last_synced_at
        from main.amplitude__sessions
        where (source_relation, amplitude_user_id) in (select * from touched_users)
    ),
    merged_sessions as (
        select
            source_relation,
            amplitude_user_id,
            session_id,
            sum(events_per_session) as events_per_session,
            min(session_started_at) as session_started_at,
            max(session_ended_at) as session_ended_at,
            max(last_synced_at) as last_synced_at
        from (select * from stored_sessions union all select * from new_sessions)
        group by all
    )
    select
        md5(source_relation || '-' || amplitude_user_id || '-' || session_id) as unique_session_id,
        *,
        row_number() over user_sessions as user_session_number,
        lag(session_ended_at) over user_sessions as last_session_ended_at
    from merged_sessions
    window user_sessions as (partition by source_relation, amplitude_user_id order by session_started_at, session_id)
"""

DELETE = """
    delete from main.amplitude__sessions
    where (source_relation, amplitude_user_id) in (select source_relation, amplitude_user_id from rebuilt_sessions)
"""

INSERT = """
    insert into main.amplitude__sessions (
        unique_session_id, source_relation, session_id, amplitude_user_id, events_per_session,
        session_started_at, session_ended_at, user_session_number, last_session_ended_at, last_synced_at
    )
    select
        unique_session_id, source_relation, session_id, amplitude_user_id, events_per_session,
        session_started_at, session_ended_at, user_session_number, last_session_ended_at, last_synced_at
    from rebuilt_sessions
"""

# In the order they run; the key table is written before the incremental statements, as a full build would.
STATEMENTS = {
    "new rows": NEW_ROWS, "old keys": OLD_KEYS, "write key table": WRITE_KEY_TABLE,
    "probe key table": PROBE_KEY_TABLE, "append keys": APPEND_KEYS, "fold": FOLD, "delete": DELETE, "insert": INSERT,
}
COMMON = ["watermark", "new rows", "fold", "delete", "insert"]


@dataclass(frozen=True)
class Design:
    name: str
    incremental_seconds: float
    full_build_extra_seconds: float
    parts: dict[str, float]


def dbt_floor(directory: Path, env: dict[str, str]) -> dict[str, float]:
    """Median model time per model of an incremental `dbt run` of the throwaway project."""
    shutil.rmtree(directory, ignore_errors=True)
    for name, text in FLOOR_PROJECT.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    command = [DBT, "run", "--quiet", "--profiles-dir", "."]
    measure([*command, "--full-refresh"], cwd=directory, env=env)
    runs: list[dict[str, float]] = []
    for _ in range(RUNS):
        measure(command, cwd=directory, env=env)
        runs.append(model_seconds(directory / "target"))
    return {model: statistics.median(run[model] for run in runs) for model in runs[0]}


def statement_floor(database: Path, threads: int, memory_limit: str) -> dict[str, float]:
    """Seconds of each statement on a fresh connection, all rolled back at the end."""
    seconds: dict[str, float] = {}
    with duckdb.connect(str(database)) as con:
        con.execute(f"set threads = {threads}; set memory_limit = '{memory_limit}'")
        con.execute("begin transaction")
        started = time.perf_counter()
        watermark = con.execute(WATERMARK).fetchone()[0]
        seconds["watermark"] = time.perf_counter() - started
        for label, sql in STATEMENTS.items():
            started = time.perf_counter()
            con.execute(sql.format(watermark=watermark)).fetchall()
            seconds[label] = time.perf_counter() - started
        con.execute("rollback")
    return seconds


def measure_floor(
    database: Path, directory: Path, env: dict[str, str], threads: int, memory_limit: str
) -> list[Design]:
    dbt = dbt_floor(directory, env)
    statements = statement_floor(database, threads, memory_limit)
    key_table_build = dbt["event_keys"] + statements["write key table"]
    designs = []
    for name, models, parts, full_build_extra in [
        ("without per-event state", ["staged", "sessions"], [*COMMON, "old keys"], 0.0),
        ("with a key-hash table", ["staged", "event_keys", "sessions"], [*COMMON, "probe key table", "append keys"],
         key_table_build),
    ]:
        seconds = {"dbt's own work": sum(dbt[model] for model in models)} | {part: statements[part] for part in parts}
        designs.append(Design(name=name, incremental_seconds=sum(seconds.values()),
                              full_build_extra_seconds=full_build_extra, parts=seconds))
    return designs
