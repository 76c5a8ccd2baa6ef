"""Incremental runs: after every run the table equals a full refresh of the same data, every column."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from amplitude_tools import reference
from amplitude_tools.compare import assert_same_sessions
from amplitude_tools.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.histories import random_history, split_into_loads
from amplitude_tools.warehouse import Warehouse, fetch_sessions
from tests.conftest import make_warehouse

SELECT = ("--select", "+amplitude__sessions")
SYNCED = datetime(2026, 6, 1)


def run_incremental(warehouse: Warehouse, dbt_vars: dict[str, Any] | None = None) -> None:
    """dbt run that must take the incremental path (the compiled model reads the scope of new users),
    except on Spark, where amplitude__sessions is a table rebuilt by every run."""
    result = warehouse.project.invoke("run", *SELECT, dbt_vars=dbt_vars)
    compiled = {node_result.node.name: node_result.node.compiled_code for node_result in result.result.results}
    if warehouse.name != "spark":
        assert "int_amplitude__incremental_users" in compiled["amplitude__sessions"], "the run was not incremental"


def all_rows(warehouse: Warehouse, relation: str) -> list[tuple[Any, ...]]:
    rows = warehouse.query(f"select * from {relation}")
    return sorted((tuple(sorted(row.items())) for row in rows), key=repr)


def assert_equals_full_refresh(warehouse: Warehouse, dbt_vars: dict[str, Any] | None, context: str) -> None:
    """Compare the table with a full refresh of the same data, then put the incremental table back."""
    warehouse.execute("drop table if exists incremental_snapshot; "
                      "create table incremental_snapshot as select * from amplitude__sessions")
    incremental = all_rows(warehouse, "incremental_snapshot")
    warehouse.project.invoke("run", *SELECT, "--full-refresh", dbt_vars=dbt_vars)
    rebuilt = all_rows(warehouse, "amplitude__sessions")
    assert incremental == rebuilt, f"{context}: incremental table differs from a full refresh"
    warehouse.execute("drop table amplitude__sessions; alter table incremental_snapshot rename to amplitude__sessions")


def event(event_time: str, load: int, **columns: Any) -> dict[str, Any]:
    moment = datetime.fromisoformat(event_time)
    row: dict[str, Any] = dict.fromkeys(name for name, _ in RAW_EVENT_COLUMNS)
    row |= {"event_time": moment, "client_event_time": moment, "client_upload_time": moment,
           "_fivetran_synced": SYNCED + timedelta(hours=load), "device_id": "device", "amplitude_id": 55}
    row.update(columns)
    row.setdefault("_insert_id", f"{event_time}-{columns.get('device_id', 'device')}")
    return row


def sessions_by_id(warehouse: Warehouse) -> dict[int, dict[str, Any]]:
    return {row["session_id"]: row for row in fetch_sessions(warehouse)}


def load_run_and_check(warehouse: Warehouse, loads: list[list[dict[str, Any]]]) -> None:
    """First load and full build, then each later load and an incremental run, each checked."""
    warehouse.replace_events(loads[0])
    warehouse.project.invoke("run", *SELECT)
    loaded = list(loads[0])
    for number, batch in enumerate(loads[1:], start=1):
        warehouse.append_events(batch)
        loaded += batch
        run_incremental(warehouse)
        expected = reference.sessions([{**row, "source_relation": warehouse.source_relation()} for row in loaded])
        assert_same_sessions(fetch_sessions(warehouse), expected, f"after load {number}")
        assert_equals_full_refresh(warehouse, None, f"after load {number}")


def test_events_continue_a_session(warehouse: Warehouse) -> None:
    s = 1780300800000
    load_run_and_check(warehouse, [
        [event("2026-06-01 10:00:00", 0, user_id="bob", session_id=s),
         event("2026-06-01 10:10:00", 0, user_id="bob", session_id=s)],
        [event("2026-06-01 10:20:00.250", 1, user_id="bob", session_id=s)],
    ])
    session = sessions_by_id(warehouse)[s]
    assert (session["events_per_session"], str(session["session_length_in_minutes"])) == (3, "20.004167")


def test_late_events_shift_numbers(warehouse: Warehouse) -> None:
    load_run_and_check(warehouse, [
        [event("2026-06-02 10:00:00", 0, user_id="bob", session_id=2),
         event("2026-06-03 10:00:00", 0, user_id="bob", session_id=3)],
        [event("2026-05-01 10:00:00", 1, user_id="bob", session_id=1)],
    ])
    numbers = {session_id: row["user_session_number"] for session_id, row in sessions_by_id(warehouse).items()}
    assert numbers == {1: 1, 2: 2, 3: 3}
    assert sessions_by_id(warehouse)[2]["last_session_ended_at"] == datetime(2026, 5, 1, 10)


def test_event_moves_session_start_earlier(warehouse: Warehouse) -> None:
    load_run_and_check(warehouse, [
        [event("2026-06-01 08:00:00", 0, user_id="bob", session_id=1),
         event("2026-06-01 10:00:00", 0, user_id="bob", session_id=2)],
        [event("2026-06-01 07:00:00", 1, user_id="bob", session_id=2)],
    ])
    numbers = {session_id: row["user_session_number"] for session_id, row in sessions_by_id(warehouse).items()}
    assert numbers == {2: 1, 1: 2}
    assert str(sessions_by_id(warehouse)[1]["minutes_in_between_sessions"]) == "-120.000000"


def test_resent_copy_counts_once(warehouse: Warehouse) -> None:
    original = event("2026-06-01 10:00:00", 0, user_id="bob", session_id=1, _insert_id="once")
    resent = dict(original, event_time=datetime(2026, 6, 1, 9, 59, 30),
                  client_upload_time=datetime(2026, 6, 1, 11), _fivetran_synced=SYNCED + timedelta(hours=1))
    load_run_and_check(warehouse, [
        [original, event("2026-06-01 10:05:00", 0, user_id="bob", session_id=1)],
        [resent],
    ])
    session = sessions_by_id(warehouse)[1]
    assert session["events_per_session"] == 2
    assert session["session_started_at"] == datetime(2026, 6, 1, 9, 59, 30)


def test_first_login_moves_anonymous_sessions(warehouse: Warehouse) -> None:
    load_run_and_check(warehouse, [
        [event("2026-06-01 10:00:00", 0, session_id=1), event("2026-06-02 10:00:00", 0, session_id=2)],
        [event("2026-06-03 10:00:00", 1, session_id=3, user_id="carol")],
    ])
    owners = {row["session_id"]: row["amplitude_user_id"] for row in fetch_sessions(warehouse)}
    assert owners == {1: "carol", 2: "carol", 3: "carol"}


def test_run_without_new_rows_changes_nothing(warehouse: Warehouse) -> None:
    warehouse.replace_events([event("2026-06-01 10:00:00", 0, user_id="bob", session_id=1)])
    warehouse.project.invoke("run", *SELECT)
    before = all_rows(warehouse, "amplitude__sessions")
    run_incremental(warehouse)
    assert all_rows(warehouse, "amplitude__sessions") == before


def check_random_load_sequences(warehouse: Warehouse, sequences: range) -> None:
    """Random histories split into 3 to 6 loads with late, re-sent and identifying rows; seeded."""
    for seed in sequences:
        chance = random.Random(seed)
        loads = split_into_loads(random_history(1000 + seed, events=500, days=3), seed, chance.randint(3, 6))
        dbt_vars = {"amplitude__out_of_session_events": chance.choice(["exclude", "sessionize"])}
        config = reference.Config(out_of_session_events=dbt_vars["amplitude__out_of_session_events"])
        warehouse.replace_events(loads[0])
        warehouse.project.invoke("run", *SELECT, "--full-refresh", dbt_vars=dbt_vars)
        loaded = list(loads[0])
        for number, batch in enumerate(loads[1:], start=1):
            warehouse.append_events(batch)
            loaded += batch
            run_incremental(warehouse, dbt_vars)
            context = f"{warehouse.name}, seed {seed}, load {number} of {len(loads) - 1}, vars {dbt_vars}"
            expected = reference.sessions([{**row, "source_relation": warehouse.source_relation()} for row in loaded],
                                          config)
            assert_same_sessions(fetch_sessions(warehouse), expected, context)
            assert_equals_full_refresh(warehouse, dbt_vars, context)


def test_random_load_sequences(duckdb_warehouse: Warehouse, request: pytest.FixtureRequest) -> None:
    """The full randomized run on DuckDB (--sequences, default 25)."""
    check_random_load_sequences(duckdb_warehouse, range(request.config.getoption("--sequences")))


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_random_load_sequences_on_other_engines(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A smaller randomized run on PostgreSQL and Spark (--engine-sequences, default 2)."""
    warehouse = make_warehouse(engine, tmp_path, request.node.name)
    check_random_load_sequences(warehouse, range(request.config.getoption("--engine-sequences")))
