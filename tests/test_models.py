"""The models around the sessions (contract sections 9 to 11), against the Python reference."""

from __future__ import annotations

from typing import Any

from amplitude_tools.contract import reference, reference_models
from amplitude_tools.data import scenarios
from amplitude_tools.data.histories import random_history
from amplitude_tools.harness.compare import assert_same_rows
from amplitude_tools.harness.warehouse import DuckDBWarehouse, Warehouse

SELECT = ("--select", "+amplitude__sessions+", "+amplitude__event_enhanced+")


def check_models(warehouse: Warehouse, rows: list[dict[str, Any]], config: reference.Config, context: str,
                 event_types: reference_models.EventTypes | None = None) -> None:
    """amplitude__event_enhanced, amplitude__user_enhanced, amplitude__daily_performance and
    amplitude__daily_sessions equal the reference built from these raw rows (with their source_relation)."""
    session_rows = reference.sessions(rows, config)
    event_rows = reference_models.event_enhanced(rows, config, event_types=event_types)
    assert_same_rows(warehouse.query("select * from amplitude__event_enhanced"), event_rows, "unique_event_id",
                     f"{context}, event_enhanced")
    assert_same_rows(warehouse.query("select * from amplitude__user_enhanced"),
                     reference_models.user_enhanced(session_rows), "unique_user_id", f"{context}, user_enhanced")
    assert_same_rows(warehouse.query("select * from amplitude__daily_performance"),
                     reference_models.daily_performance(event_rows, session_rows), "daily_unique_key",
                     f"{context}, daily_performance")
    assert_same_rows(warehouse.query("select * from amplitude__daily_sessions"),
                     reference_models.daily_sessions(session_rows), "daily_unique_key", f"{context}, daily_sessions")


def test_scenarios_build_user_and_day_models(warehouse: Warehouse) -> None:
    """Every scenario, on every engine, with conversions counted."""
    rows = scenarios.typed_rows(warehouse.source_relation())
    warehouse.replace_events(rows)
    config = reference.Config(conversion_event_types=("purchase",))
    dbt_vars = config.dbt_vars()
    warehouse.project.invoke("run", *SELECT, dbt_vars=dbt_vars)
    # Their data tests; the equality tests with expected seeds run in test_scenarios.py, which loads the seeds.
    warehouse.project.invoke("test", "--select", "amplitude__user_enhanced,test_type:generic",
                             "amplitude__daily_sessions,test_type:generic", dbt_vars=dbt_vars)
    check_models(warehouse, rows, config, warehouse.name)


def test_random_histories_build_user_and_day_models(duckdb_warehouse: DuckDBWarehouse) -> None:
    """Random histories with random stitching and out-of-session modes."""
    for seed, (stitch, mode) in enumerate([(True, "exclude"), (False, "sessionize"), (True, "sessionize")]):
        rows = random_history(500 + seed)
        duckdb_warehouse.replace_events(rows)
        config = reference.Config(stitch_anonymous_events=stitch, out_of_session_events=mode)
        dbt_vars = config.dbt_vars()
        duckdb_warehouse.project.invoke("run", *SELECT, "--full-refresh", dbt_vars=dbt_vars)
        check_models(duckdb_warehouse, [{**row, "source_relation": duckdb_warehouse.source_relation()} for row in rows],
                     config, f"seed {500 + seed}, vars {dbt_vars}")


def test_models_can_be_disabled(duckdb_warehouse: DuckDBWarehouse) -> None:
    """A user who does not want a model around the sessions turns it off; the others are built as before. Without
    amplitude__event_enhanced there is no amplitude__daily_performance (it is built from the events)."""
    duckdb_warehouse.replace_events(scenarios.typed_rows(duckdb_warehouse.source_relation()))
    # On DuckDB the session parts are stored (var amplitude__stored_session_parts).
    core = {"stg_amplitude__event", "int_amplitude__identities", "int_amplitude__session_parts", "amplitude__sessions"}
    cases = [
        ({"amplitude__user_enhanced_enabled": False, "amplitude__daily_sessions_enabled": False,
          "amplitude__event_enhanced_enabled": False}, core),
        ({"amplitude__event_enhanced_enabled": False},
         core | {"amplitude__user_enhanced", "amplitude__daily_sessions"}),
        ({"amplitude__daily_performance_enabled": False},
         core | {"amplitude__event_enhanced", "int_amplitude__sessionized_events_this_run", "amplitude__user_enhanced",
                 "amplitude__daily_sessions"}),
    ]
    for dbt_vars, expected in cases:
        result = duckdb_warehouse.project.invoke("run", *SELECT, "--full-refresh", dbt_vars=dbt_vars)
        assert {node_result.node.name for node_result in result.result.results} == expected, dbt_vars
