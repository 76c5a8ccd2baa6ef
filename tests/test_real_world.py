"""What real accounts throw at the package: several connections, drifted schemas, bad rows, bad vars."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import datetime, timedelta
from typing import Any

import pytest

from amplitude_tools.contract import reference, reference_models
from amplitude_tools.data import scenarios
from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.data.generator import Shape, write_events
from amplitude_tools.harness.compare import assert_same_sessions
from amplitude_tools.harness.dbt_project import INTEGRATION_PROJECT, REPOSITORY, describe
from amplitude_tools.harness.warehouse import DuckDBWarehouse, Warehouse, fetch_sessions

SELECT = ("--select", "+amplitude__sessions")


def row(event_time: datetime | None, **columns: Any) -> dict[str, Any]:
    event: dict[str, Any] = dict.fromkeys(name for name, _ in RAW_EVENT_COLUMNS)
    event |= {"event_time": event_time, "client_event_time": event_time, "client_upload_time": event_time,
              "_fivetran_synced": datetime(2026, 6, 1), "device_id": "d", "amplitude_id": 1}
    return event | columns


def with_source(rows: list[dict[str, Any]], source_relation: str) -> list[dict[str, Any]]:
    return [{**event, "source_relation": source_relation} for event in rows]


def test_two_connections_share_ids_but_not_users(sql_warehouse: Warehouse) -> None:
    at = datetime(2026, 5, 1, 10)
    first = [row(at, user_id="bob", session_id=1, _insert_id="a"),
             row(at + timedelta(minutes=5), session_id=1, _insert_id="b")]
    second = [row(at + timedelta(hours=1), user_id="bob", session_id=1, _insert_id="a"),
              row(at - timedelta(days=1), user_id="bob", session_id=2, _insert_id="c")]
    sql_warehouse.replace_events(first, schema="amplitude_web")
    sql_warehouse.replace_events(second, schema="amplitude_app")
    dbt_vars = {"amplitude_sources": [{"schema": "amplitude_web"}, {"schema": "amplitude_app", "name": "event"}]}
    sql_warehouse.project.invoke("run", *SELECT, dbt_vars=dbt_vars)
    expected = reference.sessions(with_source(first, sql_warehouse.source_relation("amplitude_web"))
                                  + with_source(second, sql_warehouse.source_relation("amplitude_app")))
    assert len(expected) == 3
    assert_same_sessions(fetch_sessions(sql_warehouse), expected)


def test_missing_optional_columns_read_as_null(sql_warehouse: Warehouse) -> None:
    kept = [(name, sql_type) for name, sql_type in RAW_EVENT_COLUMNS
            if name in ("device_id", "user_id", "amplitude_id", "session_id", "event_time", "id")]
    at = datetime(2026, 5, 1, 10)
    rows = [row(at, user_id="bob", session_id=1, id=1), row(at, user_id="bob", session_id=1, id=1),
            row(at + timedelta(minutes=3), user_id="bob", session_id=1, id=2)]
    sql_warehouse.replace_events(rows, columns=kept)
    sql_warehouse.project.invoke("run", *SELECT)
    stripped = [{name: (event[name] if name in dict(kept) else None) for name, _ in RAW_EVENT_COLUMNS}
                for event in rows]
    expected = reference.sessions(with_source(stripped, sql_warehouse.source_relation()))
    assert [session["events_per_session"] for session in expected] == [2]
    assert_same_sessions(fetch_sessions(sql_warehouse), expected)
    sql_warehouse.project.invoke("run", *SELECT)
    assert_same_sessions(fetch_sessions(sql_warehouse), expected)


def test_string_typed_columns_cast_safely(sql_warehouse: Warehouse) -> None:
    as_text = [(name, "varchar" if name in ("amplitude_id", "session_id", "event_time", "_fivetran_synced")
                else sql_type) for name, sql_type in RAW_EVENT_COLUMNS]
    typed = [row(datetime(2026, 5, 1, 10, 0, 0, 250000), user_id="bob", session_id=7, _insert_id="a"),
             row(datetime(2026, 5, 1, 10, 5), session_id=7, _insert_id="b", amplitude_id=1),
             row(datetime(2026, 5, 1, 10, 6), user_id="bob", session_id=None, _insert_id="c"),
             row(None, user_id="bob", session_id=7, _insert_id="d"),
             row(datetime(2026, 5, 1, 10, 7), user_id=None, session_id=7, _insert_id="e", amplitude_id=None)]
    loaded = [dict(event) for event in typed]
    for event in loaded:
        for name in ("amplitude_id", "session_id"):
            event[name] = None if event[name] is None else str(event[name])
        event["event_time"] = None if event["event_time"] is None else event["event_time"].isoformat(sep=" ")
        event["_fivetran_synced"] = event["_fivetran_synced"].isoformat()
    # ISO text with a UTC offset is that instant in UTC (contract section 1), whatever the session's time zone.
    loaded[0]["event_time"] = "2026-05-01T10:00:00.25Z"
    loaded[1]["event_time"] = "2026-05-01 12:05:00+02:00"
    loaded[2]["session_id"] = "not a number"
    loaded[3]["event_time"] = "yesterday"
    loaded[4]["amplitude_id"] = "12x"
    sql_warehouse.replace_events(loaded, columns=as_text)
    sql_warehouse.project.invoke("run", *SELECT)
    expected = reference.sessions(with_source(typed, sql_warehouse.source_relation()))
    assert [(session["amplitude_user_id"], session["events_per_session"]) for session in expected] == [("bob", 2)]
    assert_same_sessions(fetch_sessions(sql_warehouse), expected)


def test_bad_rows_never_crash_or_count_twice(sql_warehouse: Warehouse) -> None:
    at = datetime(2026, 5, 1, 10)
    awkward = ["O'Brien; drop table x;--", "line\nbreak", "  spaced  ", "ünïcødé 🚀", ""]
    rows = [row(at + timedelta(minutes=i), user_id=user, session_id=5, device_id=f"d{i}", _insert_id="")
            for i, user in enumerate(awkward)]
    rows += [row(at, user_id="", amplitude_id=None, session_id=5, _insert_id="x"),
             row(datetime(2999, 1, 1), user_id="future", session_id=9),
             row(datetime(1960, 1, 1), user_id="past", session_id=9),
             row(at, user_id="negative", session_id=-7),
             row(at, user_id="dup", session_id=3, _insert_id="same"),
             row(at, user_id="dup", session_id=3, _insert_id="same")]
    sql_warehouse.replace_events(rows)
    sql_warehouse.project.invoke("run", *SELECT)
    expected = reference.sessions(with_source(rows, sql_warehouse.source_relation()))
    users = {session["amplitude_user_id"] for session in expected}
    assert {*awkward[:4], "dup"} <= users and not users & {"future", "past", "negative", ""}
    assert [session["events_per_session"] for session in expected if session["amplitude_user_id"] == "dup"] == [1]
    assert_same_sessions(fetch_sessions(sql_warehouse), expected)


def test_session_passthrough_columns(warehouse: Warehouse) -> None:
    """Var amplitude__session_passthrough_columns in both forms: a raw column (first_<name>) and {sql, alias}, each
    the first non-null (or non-empty) value in the session's event order, on every engine."""
    at = datetime(2026, 5, 1, 10)
    rows = [row(at, user_id="bob", session_id=1, _insert_id="a", id=2, device_model=None, ip_address="10.0.0.1"),
            row(at, user_id="bob", session_id=1, _insert_id="b", id=1, device_model="", ip_address="10.0.0.2"),
            row(at + timedelta(minutes=1), user_id="bob", session_id=1, _insert_id="c", device_model="Pixel 9"),
            row(at, user_id="amy", session_id=2, _insert_id="d", device_model="iPhone", ip_address=None)]
    warehouse.replace_events(rows)
    passthroughs = ["device_model", {"sql": "upper(ip_address)", "alias": "first_ip"}]
    warehouse.project.invoke("run", *SELECT, dbt_vars={"amplitude__session_passthrough_columns": passthroughs})
    config = reference.Config(passthroughs=(
        ("first_device_model", lambda event: event["device_model"]),
        ("first_ip", lambda event: event["ip_address"] and event["ip_address"].upper()),
    ))
    expected = reference.sessions(with_source(rows, warehouse.source_relation()), config)
    assert [(session["first_device_model"], session["first_ip"]) for session in expected] == [
        ("Pixel 9", "10.0.0.2"), ("iPhone", None)]
    got = warehouse.query("select amplitude_user_id, first_device_model, first_ip from amplitude__sessions")
    assert sorted((r["amplitude_user_id"], r["first_device_model"], r["first_ip"]) for r in got) == sorted(
        (session["amplitude_user_id"], session["first_device_model"], session["first_ip"]) for session in expected)


def test_missing_source_table_names_relation_and_vars(duckdb_warehouse: DuckDBWarehouse) -> None:
    duckdb_warehouse.replace_events([row(datetime(2026, 5, 1), user_id="bob", session_id=1)])
    result = duckdb_warehouse.project.invoke("run", *SELECT, dbt_vars={"amplitude_schema": "nowhere"},
                                             expect_success=False)
    message = describe(result)
    assert not result.success
    assert "amplitude_sessions_it.nowhere.event does not exist" in message
    assert "amplitude_schema" in message and "amplitude_database" in message


@pytest.mark.parametrize(("dbt_vars", "expected"), [
    ({"amplitude__out_of_session_events": "drop"}, "'amplitude__out_of_session_events' is 'drop'; it accepts"),
    ({"amplitude__session_timeout_minutes": 0}, "'amplitude__session_timeout_minutes' is '0'"),
    ({"amplitude__session_timeout_minutes": "thirty"}, "a number of minutes greater than 0"),
    ({"amplitude__date_range_start": "2020-13-01"}, "calendar date written YYYY-MM-DD"),
    ({"amplitude__date_range_end": "01/02/2026"}, "'amplitude__date_range_end' is '01/02/2026'"),
    ({"amplitude__date_range_start": "2026-02-01", "amplitude__date_range_end": "2026-01-01"},
     "is after 'amplitude__date_range_end'"),
    ({"amplitude_sources": [{"database": "x"}]}, "has no schema"),
    ({"amplitude_sources": "amplitude"}, "must be a list"),
    ({"amplitude__stitch_anonymous_events": "yes"}, "accepts true (the default) or false"),
    ({"amplitude__session_passthrough_columns": "platform"}, "'amplitude__session_passthrough_columns' is 'platform'"),
    ({"amplitude__session_passthrough_columns": ["no_such_column"]}, "entry 'no_such_column' of var"),
    ({"amplitude__session_passthrough_columns": [{"sql": "upper(city)"}]}, "is not a column name or {sql, alias}"),
    ({"amplitude__session_passthrough_columns": [{"sql": "upper(city)", "alias": "country"}]},
     "adds the column country, which amplitude__sessions already has"),
    ({"amplitude__session_passthrough_columns": ["city", {"sql": "city", "alias": "first_city"}]},
     "adds the column first_city"),
    ({"amplitude__conversion_event_types": "purchase"}, "'amplitude__conversion_event_types' is 'purchase'"),
    ({"amplitude__engaged_session_min_seconds": -1}, "'amplitude__engaged_session_min_seconds' is '-1'"),
])
def test_bad_configuration_fails_with_a_message(duckdb_warehouse: DuckDBWarehouse, dbt_vars: dict[str, Any],
                                                expected: str) -> None:
    duckdb_warehouse.replace_events([row(datetime(2026, 5, 1), user_id="bob", session_id=1)])
    result = duckdb_warehouse.project.invoke("run", *SELECT, dbt_vars=dbt_vars, expect_success=False)
    assert not result.success
    assert expected in describe(result)


def test_killed_incremental_run_then_normal_run_is_correct(duckdb_warehouse: DuckDBWarehouse) -> None:
    """Kill the dbt process while it builds amplitude__sessions incrementally, then run again."""
    write_events(duckdb_warehouse.path, Shape(events=400_000, seed=99, days=20))
    duckdb_warehouse.execute(
        "create table amplitude.later as select * from amplitude.event where event_time >= timestamp '2026-01-15';"
        "delete from amplitude.event where event_time >= timestamp '2026-01-15'"
    )
    command = [str(REPOSITORY / ".venv" / "bin" / "dbt"), "run", *SELECT, "--profiles-dir", ".", "--target", "duckdb"]
    environment = {**os.environ, **duckdb_warehouse.project.env}
    # Out of process: an in-process dbt keeps the DuckDB file open, and the killed run needs it.
    subprocess.run(command, cwd=INTEGRATION_PROJECT, env=environment, check=True, capture_output=True)
    duckdb_warehouse.execute("insert into amplitude.event select * replace (timestamp '2026-07-01' as _fivetran_synced)"
                             " from amplitude.later; drop table amplitude.later")
    process = subprocess.Popen(command, cwd=INTEGRATION_PROJECT, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if "START sql incremental model main.amplitude__sessions" in line:
            time.sleep(0.2)
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, "dbt finished before it could be killed:\n" + "".join(seen)
    duckdb_warehouse.project.invoke("run", *SELECT)
    rows = duckdb_warehouse.query("select *, 'amplitude_sessions_it.amplitude' as source_relation from amplitude.event")
    assert_same_sessions(fetch_sessions(duckdb_warehouse), reference.sessions(rows))


# cautious: the integration project's equality tests read its expected seeds, which a user's project does not have.
PACKAGE = ("--select", "package:amplitude_sessions", "--indirect-selection", "cautious")
MODEL_TABLES = ("amplitude__sessions", "amplitude__event_enhanced", "amplitude__user_enhanced",
                "amplitude__daily_performance", "amplitude__daily_sessions")


def test_a_user_project_builds_every_model(sql_warehouse: Warehouse) -> None:
    """As a user runs it: `dbt build` of every model with its data and unit tests, into a custom schema, first on an
    empty event table, then with --empty, then on data (incremental after the empty build): the row counts are
    those of the reference."""
    warehouse = sql_warehouse
    dbt_vars = {"amplitude_models_schema": "amplitude_models", "amplitude__date_range_end": scenarios.TODAY.isoformat()}
    warehouse.replace_events([])
    warehouse.project.invoke("build", *PACKAGE, dbt_vars=dbt_vars)
    for table in MODEL_TABLES:
        assert warehouse.query(f"select count(*) as n from amplitude_models.{table}")[0]["n"] == 0, table
    warehouse.project.invoke("build", *PACKAGE, "--empty", dbt_vars=dbt_vars)
    rows = scenarios.typed_rows(warehouse.source_relation())
    warehouse.append_events(rows)
    warehouse.project.invoke("build", *PACKAGE, dbt_vars=dbt_vars)
    config = reference.Config(date_range_end=scenarios.TODAY)
    sessions = reference.sessions(rows, config)
    events = reference_models.event_enhanced(rows, config)
    expected = {
        "amplitude__sessions": len(sessions),
        "amplitude__event_enhanced": len(events),
        "amplitude__user_enhanced": len(reference_models.user_enhanced(sessions)),
        "amplitude__daily_performance": len(reference_models.daily_performance(events, sessions)),
        "amplitude__daily_sessions": len(reference_models.daily_sessions(sessions)),
    }
    for table, count in expected.items():
        assert warehouse.query(f"select count(*) as n from amplitude_models.{table}")[0]["n"] == count, table
