"""The least an exact incremental run of one more day can cost here, measured next to the real run.

Two parts that any design pays, whatever it keeps between runs:
- dbt's own work for the two models that every run of `+amplitude__sessions` builds (the staging
  view and an incremental model), measured on a throwaway project whose models select one row;
- the statements an exact run cannot skip, each in its cheapest form: read the new rows; read a
  duplicate-key column of every old row (a new row may be a re-sent copy of any old event, which
  must not count twice: spec section 7), here `device_id` alone, straight from the raw table;
  fold the new rows into the stored sessions of their users and renumber them (without stitching
  or deduplication); delete and insert those users' rows. They run on the benchmark's database in
  one transaction that is rolled back, so they leave it as it was.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from benchmark.measure import measure

DBT = str(Path(sys.executable).parent / "dbt")
RUNS = 3

FLOOR_PROJECT = {
    "dbt_project.yml": "name: incremental_floor\nversion: '1.0'\nconfig-version: 2\nprofile: incremental_floor\n",
    "profiles.yml": (
        "incremental_floor:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n"
        "      path: floor.duckdb\n      threads: 2\n"
    ),
    "models/staged.sql": "{{ config(materialized='view') }}\nselect 1 as user_id, 1 as session_count\n",
    "models/incremental.sql": (
        "{{ config(materialized='incremental', incremental_strategy='delete+insert', unique_key='user_id') }}\n"
        "select user_id, session_count from {{ ref('staged') }}\n"
    ),
}

NEW_ROWS = """
    create temp table new_rows as
    select source_relation, device_id, user_id, amplitude_id, session_id, event_at, fivetran_synced_at
    from main.stg_amplitude__event
    where fivetran_synced_at >= cast('{watermark}' as timestamp)
"""

OLD_KEYS = """
    select count(*)
    from amplitude.event
    where _fivetran_synced < cast('{watermark}' as timestamp) and device_id in (select device_id from new_rows)
"""

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


@dataclass(frozen=True)
class Floor:
    dbt_seconds: float
    statement_seconds: dict[str, float]

    @property
    def seconds(self) -> float:
        return self.dbt_seconds + sum(self.statement_seconds.values())


def dbt_floor(directory: Path, env: dict[str, str]) -> float:
    """Median model time of an incremental `dbt run` of a one-row view and a one-row incremental model."""
    for name, text in FLOOR_PROJECT.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    command = [DBT, "run", "--quiet", "--profiles-dir", "."]
    measure([*command, "--full-refresh"], cwd=directory, env=env)
    seconds = []
    for _ in range(RUNS):
        measure(command, cwd=directory, env=env)
        results = json.loads((directory / "target" / "run_results.json").read_text())["results"]
        seconds.append(sum(result["execution_time"] for result in results))
    return statistics.median(seconds)


def statement_floor(database: Path, threads: int, memory_limit: str) -> dict[str, float]:
    """Seconds of each unskippable statement, on a fresh connection, rolled back at the end."""
    seconds: dict[str, float] = {}
    with duckdb.connect(str(database)) as con:
        con.execute(f"set threads = {threads}; set memory_limit = '{memory_limit}'")
        con.execute("begin transaction")
        started = time.perf_counter()
        watermark = con.execute("select max(last_synced_at) from main.amplitude__sessions").fetchone()[0]
        seconds["watermark"] = time.perf_counter() - started
        for label, sql in [("new rows", NEW_ROWS), ("old keys", OLD_KEYS), ("fold", FOLD),
                           ("delete", DELETE), ("insert", INSERT)]:
            started = time.perf_counter()
            con.execute(sql.format(watermark=watermark)).fetchall()
            seconds[label] = time.perf_counter() - started
        con.execute("rollback")
    return seconds


def measure_floor(database: Path, directory: Path, env: dict[str, str], threads: int, memory_limit: str) -> Floor:
    directory.mkdir(parents=True, exist_ok=True)
    return Floor(dbt_seconds=dbt_floor(directory, env),
                 statement_seconds=statement_floor(database, threads, memory_limit))
