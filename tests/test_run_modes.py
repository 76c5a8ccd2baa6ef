"""Every way users run dbt: changed settings, partial selections, a table the package did not build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from amplitude_tools.contract import reference
from amplitude_tools.data import incremental_scenarios
from amplitude_tools.data.histories import random_history, split_into_loads
from amplitude_tools.harness.compare import assert_same_sessions
from amplitude_tools.harness.dbt_project import describe
from amplitude_tools.harness.warehouse import Warehouse, fetch_sessions
from tests.conftest import make_warehouse
from tests.test_incremental import SELECT as EVERY_INCREMENTAL_MODEL
from tests.test_incremental import all_rows, assert_equals_full_refresh, rebuilds_only_touched_users

SELECT = ("--select", "+amplitude__sessions")
SESSIONS = ("amplitude__sessions",)
# DuckDB: the keys of the stored parts changed since amplitude__sessions last ran.
CHANGES = "int_amplitude__session_parts__changes"
# Each var that changes the meaning of the rows, with another value than its default.
CHANGED_VARS: dict[str, Any] = {
    "amplitude__stitch_anonymous_events": False,
    "amplitude__out_of_session_events": "sessionize",
    "amplitude__session_timeout_minutes": 45,
    "amplitude__date_range_start": "2024-03-02",
    "amplitude__date_range_end": "2099-12-31",
    "amplitude_schema": "amplitude_copy",
    "amplitude__conversion_event_types": ["purchase"],
    "amplitude__engaged_session_min_seconds": 30,
    "amplitude__session_passthrough_columns": ["os_name"],
}


def loaded(warehouse: Warehouse, loads: int) -> list[dict[str, Any]]:
    """The incremental scenarios' rows of the first `loads` loads, as the reference reads them."""
    return [{**row, "source_relation": warehouse.source_relation()}
            for load in range(loads) for row in incremental_scenarios.load_rows(load)]


def build_first_load(warehouse: Warehouse) -> None:
    warehouse.replace_events(incremental_scenarios.load_rows(0))
    warehouse.project.invoke("run", *SELECT)


def test_changed_settings_fail_naming_each_var(sql_warehouse: Warehouse) -> None:
    """Each meaning-changing var changed alone: the incremental run fails before writing, naming the var with
    its recorded and current value and the full-refresh command; unchanged vars (and the moving default end of
    the date range) run as usual."""
    build_first_load(sql_warehouse)
    sql_warehouse.execute("create schema if not exists amplitude_copy; "
                          "create table amplitude_copy.event as select * from amplitude.event")
    sql_warehouse.append_events(incremental_scenarios.load_rows(1))
    before = all_rows(sql_warehouse, "amplitude__sessions")
    for name, value in CHANGED_VARS.items():
        result = sql_warehouse.project.invoke("run", *SELECT, dbt_vars={name: value}, expect_success=False)
        message = describe(result)
        assert not result.success, f"a run with {name} changed succeeded"
        assert "was built with other settings" in message and "--full-refresh" in message, message
        shown = name if name.startswith("amplitude__") else "amplitude event tables"
        assert shown in message, f"{name}: {message}"
        assert all_rows(sql_warehouse, "amplitude__sessions") == before, f"{name}: the table changed"
    # The same settings written otherwise are no change: a float timeout, the defaults passed explicitly.
    sql_warehouse.project.invoke("run", *SELECT, dbt_vars={"amplitude__session_timeout_minutes": 30.0,
                                                          "amplitude__engaged_session_min_seconds": 10,
                                                          "amplitude__date_range_start": "2020-01-01"})
    assert_same_sessions(fetch_sessions(sql_warehouse), reference.sessions(loaded(sql_warehouse, 2)))


def test_changed_settings_rebuild_when_asked(sql_warehouse: Warehouse) -> None:
    """With amplitude__full_refresh_on_config_change, a run with changed vars rebuilds the table whole: it equals
    a full refresh and the reference for the new vars, and the next run with them is incremental again."""
    build_first_load(sql_warehouse)
    sql_warehouse.append_events(incremental_scenarios.load_rows(1))
    config = reference.Config(stitch_anonymous_events=False, out_of_session_events="sessionize",
                              conversion_event_types=("purchase",))
    new_vars = {**config.dbt_vars(), "amplitude__session_passthrough_columns": ["os_name"]}
    automatic = {**new_vars, "amplitude__full_refresh_on_config_change": True}
    sql_warehouse.project.invoke("run", *SELECT, dbt_vars=automatic)
    assert_same_sessions(fetch_sessions(sql_warehouse), reference.sessions(loaded(sql_warehouse, 2), config))
    assert "first_os_name" in sql_warehouse.query("select * from amplitude__sessions limit 1")[0]
    assert_equals_full_refresh(sql_warehouse, new_vars, "after the automatic rebuild", SELECT, SESSIONS)
    sql_warehouse.project.invoke("run", *SELECT, dbt_vars=new_vars)


def test_table_without_recorded_settings_is_taken_as_current(sql_warehouse: Warehouse) -> None:
    """A table built by an earlier version of the package (no settings recorded) updates incrementally."""
    build_first_load(sql_warehouse)
    sql_warehouse.execute("drop table amplitude__sessions__settings; drop table int_amplitude__identities__settings")
    sql_warehouse.append_events(incremental_scenarios.load_rows(1))
    sql_warehouse.project.invoke("run", *SELECT)
    assert_same_sessions(fetch_sessions(sql_warehouse), reference.sessions(loaded(sql_warehouse, 2)))
    assert sql_warehouse.query("select count(*) as n from amplitude__sessions__settings") != [{"n": 0}]


def test_stored_parts_turned_on_after_a_build_without_them(sql_warehouse: Warehouse) -> None:
    """As after upgrading from a version that stored no parts (PostgreSQL before DECISIONLOG 51): tables built with
    amplitude__stored_session_parts false, then a load whose new rows move anonymous sessions to a user. The first run
    with the parts on builds them whole, and amplitude__sessions, which dbt compiles with ephemeral models compiled
    before the parts existed, is rewritten whole (a user whose sessions moved leaves no row behind); the next run is
    incremental again. Each equals the reference, and the end a full refresh."""
    sql_warehouse.replace_events(incremental_scenarios.load_rows(0))
    sql_warehouse.project.invoke("run", *SELECT, dbt_vars={"amplitude__stored_session_parts": False})
    for load in (1, 2):
        sql_warehouse.append_events(incremental_scenarios.load_rows(load))
        result = sql_warehouse.project.invoke("run", *SELECT)
        compiled = {node_result.node.name: node_result.node.compiled_code for node_result in result.result.results}
        assert rebuilds_only_touched_users(compiled["amplitude__sessions"]) == (load == 2), f"load {load}"
        assert_same_sessions(fetch_sessions(sql_warehouse), reference.sessions(loaded(sql_warehouse, load + 1)))
    assert_equals_full_refresh(sql_warehouse, None, "after turning the stored parts on", SELECT, SESSIONS)


def test_partial_selections_refuse_then_catch_up(sql_warehouse: Warehouse) -> None:
    """A run that leaves int_amplitude__identities out (selected without the +, excluded, or a state:modified-like
    selection of staging and sessions) refuses before writing and names the fix; a normal run then equals the
    reference and a full refresh."""
    build_first_load(sql_warehouse)
    sql_warehouse.append_events(incremental_scenarios.load_rows(1))
    before = all_rows(sql_warehouse, "amplitude__sessions")
    for selection in (("--select", "amplitude__sessions"),
                      (*SELECT, "--exclude", "int_amplitude__identities"),
                      ("--select", "stg_amplitude__event", "amplitude__sessions")):
        result = sql_warehouse.project.invoke("run", *selection, expect_success=False)
        message = describe(result)
        assert not result.success, f"{selection} succeeded"
        assert "int_amplitude__identities" in message and "dbt run --select +amplitude__sessions" in message, message
        assert all_rows(sql_warehouse, "amplitude__sessions") == before, f"{selection}: the table changed"
    sql_warehouse.project.invoke("run", *SELECT)
    assert_same_sessions(fetch_sessions(sql_warehouse), reference.sessions(loaded(sql_warehouse, 2)))
    assert_equals_full_refresh(sql_warehouse, None, "after the partial selections", SELECT, SESSIONS)


def test_sessions_alone_runs_when_identities_are_current(sql_warehouse: Warehouse) -> None:
    """Selecting amplitude__sessions alone is fine once int_amplitude__identities and the stored session parts have
    seen the new rows; with stale stored parts it refuses, naming them."""
    build_first_load(sql_warehouse)
    sql_warehouse.append_events(incremental_scenarios.load_rows(1))
    sql_warehouse.project.invoke("run", "--select", "+int_amplitude__identities")
    result = sql_warehouse.project.invoke("run", "--select", "amplitude__sessions", expect_success=False)
    assert not result.success and "int_amplitude__session_parts" in describe(result), describe(result)
    sql_warehouse.project.invoke("run", "--select", "int_amplitude__session_parts")
    sql_warehouse.project.invoke("run", "--select", "amplitude__sessions")
    assert_same_sessions(fetch_sessions(sql_warehouse), reference.sessions(loaded(sql_warehouse, 2)))


def test_a_table_the_package_did_not_build_is_refused(sql_warehouse: Warehouse) -> None:
    """Fivetran's amplitude__sessions in place (no last_synced_at, no context columns): the run fails before
    writing, naming the table and --full-refresh; a full refresh then builds it."""
    sql_warehouse.replace_events(incremental_scenarios.load_rows(0))
    sql_warehouse.execute("create table amplitude__sessions as select 'x' as unique_session_id, "
                          "'u' as amplitude_user_id, 'r' as source_relation, 1 as session_id")
    result = sql_warehouse.project.invoke("run", *SELECT, expect_success=False)
    message = describe(result)
    assert not result.success
    assert "amplitude__sessions" in message and "was not built by this version" in message, message
    assert "last_synced_at" in message and "--full-refresh" in message, message
    assert sql_warehouse.query("select unique_session_id from amplitude__sessions") == [{"unique_session_id": "x"}]
    sql_warehouse.project.invoke("run", *SELECT, "--full-refresh")
    assert_same_sessions(fetch_sessions(sql_warehouse), reference.sessions(loaded(sql_warehouse, 1)))


def test_part_changes_wait_for_the_sessions(duckdb_warehouse: Warehouse) -> None:
    """DuckDB's stored parts note their changes until amplitude__sessions reads them: two runs of the parts alone,
    then the sessions alone, rebuild only the changed sessions and equal the reference; after a whole build of the
    parts alone, the sessions rebuild their touched users from all their parts; both equal a full refresh."""
    warehouse = duckdb_warehouse
    loads = split_into_loads(random_history(4242, events=500, days=3), 4242, 4)
    rows: list[dict[str, Any]] = []

    def load(number: int) -> None:
        (warehouse.replace_events if number == 0 else warehouse.append_events)(loads[number])
        rows.extend({**row, "source_relation": warehouse.source_relation()} for row in loads[number])

    def sessions_code(*flags: str) -> str:
        result = warehouse.project.invoke("run", *flags)
        return next(node_result.node.compiled_code for node_result in result.result.results
                    if node_result.node.name == "amplitude__sessions")

    load(0)
    warehouse.project.invoke("run", *SELECT)
    for number in (1, 2):
        load(number)
        warehouse.project.invoke("run", "--select", "+int_amplitude__session_parts")
    assert warehouse.query(f"select count(*) as n from {CHANGES}")[0]["n"] > 0
    assert "written_users" in sessions_code("--select", "amplitude__sessions"), "not rebuilt from the changed parts"
    assert warehouse.query(f"select count(*) as n from {CHANGES}") == [{"n": 0}]
    assert_same_sessions(fetch_sessions(warehouse), reference.sessions(rows), "after two runs of the parts alone")

    warehouse.project.invoke("run", "--select", "int_amplitude__session_parts", "--full-refresh")
    load(3)
    assert "written_users" not in sessions_code(*SELECT), "rebuilt from the changes after a whole build of the parts"
    assert_same_sessions(fetch_sessions(warehouse), reference.sessions(rows), "after a whole build of the parts")
    assert_equals_full_refresh(warehouse, None, "after the parts' changes", SELECT, SESSIONS)


def mark_indexes(warehouse: Warehouse) -> list[str]:
    """The (source_relation, mark) indexes of the package's tables (mark_indexes), as table.column."""
    return sorted(f"{row['tablename']}.{row['indexdef'].split('(source_relation, ')[1].split(')')[0]}"
                  for row in warehouse.query("select tablename, indexdef from pg_indexes where schemaname = 'dbt'"
                                             " and indexdef like '%(source_relation, %) WHERE %'"))


@pytest.mark.engine("postgres")
def test_marks_read_through_indexes_that_older_tables_gain(tmp_path: Path) -> None:
    """PostgreSQL reads each table's marks per connection from the ends of (source_relation, mark) indexes
    (watermarks_query). Two connections; after the first build the indexes are dropped, as on tables an earlier version
    built: the next run reads the same marks without them and adds them (mark_indexes). Every run equals the
    reference, and the last a full refresh."""
    warehouse = make_warehouse("postgres", tmp_path)
    schemas = ("amplitude_web", "amplitude_app")
    loads = {schema: split_into_loads(random_history(seed, events=800, days=4), seed, 3)
             for seed, schema in zip((71, 72), schemas, strict=True)}
    dbt_vars = {"amplitude_sources": [{"schema": schema} for schema in schemas]}
    expected_indexes = sorted(f"{table}.{column}" for table, columns in (
        ("amplitude__sessions", ("last_synced_at", "session_ended_at")),
        ("amplitude__event_enhanced", ("_fivetran_synced", "event_time")),
        ("int_amplitude__identities", ("last_synced_at", "last_event_at")),
        ("int_amplitude__session_parts", ("last_synced_at", "part_ended_at")),
    ) for column in columns)
    for schema in schemas:
        warehouse.replace_events(loads[schema][0], schema=schema)
    warehouse.project.invoke("run", *EVERY_INCREMENTAL_MODEL, dbt_vars=dbt_vars)
    assert mark_indexes(warehouse) == expected_indexes
    for row in warehouse.query("select indexname from pg_indexes where schemaname = 'dbt'"
                               " and indexdef like '%(source_relation, %) WHERE %'"):
        warehouse.execute(f'drop index dbt."{row["indexname"]}"')
    for load in (1, 2):
        for schema in schemas:
            warehouse.append_events(loads[schema][load], schema=schema)
        result = warehouse.project.invoke("run", *EVERY_INCREMENTAL_MODEL, dbt_vars=dbt_vars)
        assert mark_indexes(warehouse) == expected_indexes, f"load {load}"
        compiled = {node_result.node.name: node_result.node.compiled_code for node_result in result.result.results}
        for schema in schemas:
            # Each connection's new rows are read from its own marks (a connection without marks is read whole).
            marked = f"events.source_relation = '{warehouse.source_relation(schema)}' and events.fivetran_synced_at >= "
            assert marked in compiled["amplitude__sessions"], f"load {load}: no marks of {schema}"
        rows = [{**event, "source_relation": warehouse.source_relation(schema)}
                for schema in schemas for loaded_rows in loads[schema][:load + 1] for event in loaded_rows]
        assert_same_sessions(fetch_sessions(warehouse), reference.sessions(rows), f"load {load}")
    assert_equals_full_refresh(warehouse, dbt_vars, "after the marks were read through the indexes")
