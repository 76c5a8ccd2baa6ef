"""Incremental runs: after every run the table equals a full refresh of the same data, every column."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from amplitude_tools.contract import reference
from amplitude_tools.data import incremental_scenarios, scenarios
from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.data.histories import Row, random_history, split_into_loads
from amplitude_tools.harness.compare import assert_same_sessions
from amplitude_tools.harness.warehouse import Warehouse, fetch_sessions
from tests.conftest import make_warehouse
from tests.test_models import check_models

SELECT = ("--select", "+amplitude__sessions+", "+amplitude__event_enhanced+")
SCENARIO_END = {"amplitude__date_range_end": scenarios.TODAY.isoformat()}


def rebuilds_only_touched_users(compiled_sessions: str) -> bool:
    """Whether amplitude__sessions compiled as a run that writes only the touched users (of
    int_amplitude__users_this_run or, over changed parts, of written_users): its scope keys come from them, not from
    every session."""
    return any(f"{users}.source_relation as scope_source_relation" in compiled_sessions
               for users in ("users_this_run", "written_users"))


def run_incremental(warehouse: Warehouse, dbt_vars: dict[str, Any] | None = None) -> None:
    """dbt run that must take the incremental path (the compiled model reads the scope of new users),
    except on Spark, where amplitude__sessions is a table rebuilt by every run; on DuckDB and PostgreSQL the parts are
    rebuilt part by part (on DuckDB the rebuilt rows read by rowid, unless the source is a view) and, in 'exclude'
    mode, only the sessions of changed parts are rebuilt."""
    result = warehouse.project.invoke("run", *SELECT, dbt_vars=dbt_vars)
    compiled = {node_result.node.name: node_result.node.compiled_code for node_result in result.result.results}
    if warehouse.name != "spark":
        assert rebuilds_only_touched_users(compiled["amplitude__sessions"]), "the run was not incremental"
        assert "stored_locators" in compiled["int_amplitude__session_parts"], "the parts were not rebuilt part by part"
        by_row_id = "= rebuilt_part_rows.source_row_id" in compiled["int_amplitude__session_parts"]
        expect_row_ids = warehouse.name == "duckdb" and "amplitude_event_identifier" not in (dbt_vars or {})
        assert by_row_id == expect_row_ids, "rebuilt rows read another way"
        if (dbt_vars or {}).get("amplitude__out_of_session_events", "exclude") == "exclude":
            assert "written_users" in compiled["amplitude__sessions"], "sessions not rebuilt from changed parts"


def all_rows(warehouse: Warehouse, relation: str) -> list[tuple[Any, ...]]:
    """Every row, in a canonical order; a list value (a stored part's event types, a set) sorted."""
    rows = warehouse.query(f"select * from {relation}")
    return sorted((tuple(sorted((name, sorted(value) if isinstance(value, list) else value)
                                for name, value in row.items())) for row in rows), key=repr)


INCREMENTAL_MODELS = ("amplitude__sessions", "amplitude__event_enhanced")
# On DuckDB and PostgreSQL the session parts are stored (var amplitude__stored_session_parts), with the locators
# beside them; Spark computes them every run.
STORED_PARTS = "int_amplitude__session_parts"
EVENT_LOCATORS = f"{STORED_PARTS}__event_locators"


def assert_equals_full_refresh(warehouse: Warehouse, dbt_vars: dict[str, Any] | None, context: str,
                               select: Sequence[str] = SELECT,
                               models: Sequence[str] = INCREMENTAL_MODELS) -> None:
    """Compare the incremental tables `models` (and, where they are stored, the session parts) with a full refresh
    of the same data (dbt run `select`), then put the incremental tables back (and the parts' locators, so that the
    next runs go on from what the incremental runs stored)."""
    stored_parts = warehouse.name != "spark"
    compared = [*models, STORED_PARTS] if stored_parts else list(models)
    kept = [*compared, EVENT_LOCATORS] if stored_parts else compared
    incremental = {}
    for model in kept:
        warehouse.execute(f"drop table if exists {model}_snapshot; "
                          f"create table {model}_snapshot as select * from {model}")
        incremental[model] = all_rows(warehouse, f"{model}_snapshot")
    warehouse.project.invoke("run", *select, "--full-refresh", dbt_vars=dbt_vars)
    for model in kept:
        if model in compared:
            assert incremental[model] == all_rows(warehouse, model), f"{context}: {model} differs from a full refresh"
        warehouse.execute(f"drop table {model}; alter table {model}_snapshot rename to {model}")


def test_incremental_scenarios_equal_expected_seeds(warehouse: Warehouse) -> None:
    """Spec 7, one scenario per bullet (amplitude_tools/data/incremental_scenarios.py): after every load and run the
    table equals that load's committed expected seed (the dbt equality test) and a full refresh; one more run
    with nothing new changes no row."""
    suffix = scenarios.SCHEMA_ONLY_SUFFIX if warehouse.name == "spark" else ""
    seeds = [f"{incremental_scenarios.expected_seed(load)}{suffix}" for load in range(incremental_scenarios.LOAD_COUNT)]
    warehouse.project.invoke("seed", "--select", *seeds)
    for load, seed in enumerate(seeds):
        rows = incremental_scenarios.load_rows(load)
        if load == 0:
            warehouse.replace_events(rows)
            warehouse.project.invoke("run", *SELECT, dbt_vars=SCENARIO_END)
        else:
            warehouse.append_events(rows)
            run_incremental(warehouse, SCENARIO_END)
        checked = {**SCENARIO_END, "expected_sessions_seed": seed}
        warehouse.project.invoke("test", "--select", "assert_sessions_equal_expected", dbt_vars=checked)
        assert_equals_full_refresh(warehouse, SCENARIO_END, f"after load {load}")
    before = {model: all_rows(warehouse, model) for model in INCREMENTAL_MODELS}
    run_incremental(warehouse, SCENARIO_END)
    for model in INCREMENTAL_MODELS:
        assert all_rows(warehouse, model) == before[model], f"a run with nothing new changed rows of {model}"


def random_vars(chance: random.Random) -> tuple[dict[str, Any], reference.Config]:
    """Out-of-session mode and stitching drawn at random: the dbt vars and the reference's config."""
    config = reference.Config(out_of_session_events=chance.choice(["exclude", "sessionize"]),
                              stitch_anonymous_events=chance.choice([True, False]))
    return config.dbt_vars(), config


def defer_some_loads(loads: list[list[Row]], chance: random.Random) -> list[list[Row]]:
    """A connection that syncs less often: some loads arrive together with the next one (never the last)."""
    deferred: list[list[Row]] = []
    carried: list[Row] = []
    for number, batch in enumerate(loads):
        if number < len(loads) - 1 and chance.random() < 0.3:
            carried += batch
            deferred.append([])
        else:
            deferred.append(carried + batch)
            carried = []
    return deferred


def check_load_sequence(warehouse: Warehouse, loads: dict[str, list[list[Row]]], dbt_vars: dict[str, Any],
                        config: reference.Config, context: str,
                        columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS,
                        load: Callable[[list[Row]], list[Row]] = list,
                        parts_only_after: frozenset[int] = frozenset()) -> None:
    """Load N of every connection (schema), then a full build after load 0 and an incremental run after each
    later one; after every incremental run the table must equal the reference and a full refresh. `load` turns
    the rows into what is inserted (the reference reads them as they are). After the loads in `parts_only_after`
    only the stored session parts run (and nothing is compared): the next run of amplitude__sessions reads what
    two runs of the parts changed."""
    has_synced = any(name == "_fivetran_synced" for name, _ in columns)
    loaded: list[Row] = []
    count = max(len(batches) for batches in loads.values())
    for number in range(count):
        for schema, batches in loads.items():
            batch = batches[number] if number < len(batches) else []
            if number == 0:
                warehouse.replace_events(load(batch), schema=schema, columns=columns)
            else:
                warehouse.append_events(load(batch), schema=schema, columns=columns)
            loaded += [{**row, "source_relation": warehouse.source_relation(schema)}
                       | ({} if has_synced else {"_fivetran_synced": None}) for row in batch]
        if number == 0:
            warehouse.project.invoke("run", *SELECT, "--full-refresh", dbt_vars=dbt_vars)
            continue
        if number in parts_only_after:
            warehouse.project.invoke("run", "--select", f"+{STORED_PARTS}", dbt_vars=dbt_vars)
            continue
        run_incremental(warehouse, dbt_vars)
        step = f"{warehouse.name}, {context}, load {number} of {count - 1}, vars {dbt_vars}"
        expected = reference.sessions(loaded, config)
        assert_same_sessions(fetch_sessions(warehouse), expected, step)
        check_models(warehouse, loaded, config, step)
        assert_equals_full_refresh(warehouse, dbt_vars, step)


def check_random_load_sequences(warehouse: Warehouse, sequences: range) -> None:
    """Random histories split into 3 to 6 loads with late, re-sent and identifying rows; seeded."""
    for seed in sequences:
        chance = random.Random(seed)
        loads = split_into_loads(random_history(1000 + seed, events=500, days=3), seed, chance.randint(3, 6))
        dbt_vars, config = random_vars(chance)
        check_load_sequence(warehouse, {"amplitude": loads}, dbt_vars, config, f"seed {seed}")


def test_random_load_sequences(duckdb_warehouse: Warehouse, request: pytest.FixtureRequest) -> None:
    """The full randomized run on DuckDB (--sequences, default 5)."""
    check_random_load_sequences(duckdb_warehouse, range(request.config.getoption("--sequences")))


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_random_load_sequences_on_other_engines(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """A smaller randomized run on PostgreSQL (--engine-sequences, default 1) and Spark (half of it, at least one:
    every Spark run rebuilds every table and takes about a minute per load). Spark starts at seed 1, four loads
    without stitching, so that with the default scenarios and the property test's seed 100 (sessionize) every
    configuration runs on Spark."""
    warehouse = make_warehouse(engine, tmp_path)
    count = request.config.getoption("--engine-sequences")
    check_random_load_sequences(warehouse, range(count) if engine == "postgres" else range(1, 1 + max(1, count // 2)))


def test_random_load_sequences_from_two_connections(duckdb_warehouse: Warehouse) -> None:
    """Two connections (amplitude_sources) with overlapping ids, each with its own random loads and watermark;
    the second one sometimes skips a sync, or has an empty table at the first build."""
    for seed in range(2):
        chance = random.Random(seed)
        count = chance.randint(3, 5)
        loads = {schema: split_into_loads(random_history(2000 + 2 * seed + offset, events=400, days=3),
                                          seed + offset, count)
                 for offset, schema in enumerate(["amplitude_web", "amplitude_app"])}
        loads["amplitude_app"] = defer_some_loads(loads["amplitude_app"], chance)
        dbt_vars, config = random_vars(chance)
        dbt_vars["amplitude_sources"] = [{"schema": schema} for schema in loads]
        check_load_sequence(duckdb_warehouse, loads, dbt_vars, config, f"two connections, seed {seed}")


def test_random_load_sequences_without_fivetran_synced(duckdb_warehouse: Warehouse) -> None:
    """A source without _fivetran_synced: new rows come from the look-back on event_time, here 10 days, longer
    than any history, so every late event is seen (README says what a shorter look-back misses)."""
    columns = [column for column in RAW_EVENT_COLUMNS if column[0] != "_fivetran_synced"]
    for seed in range(2):
        chance = random.Random(seed)
        loads = split_into_loads(random_history(3000 + seed, events=400, days=3), seed, chance.randint(3, 5))
        dbt_vars, config = random_vars(chance)
        dbt_vars["amplitude__lookback_window_days"] = 10
        check_load_sequence(duckdb_warehouse, {"amplitude": loads}, dbt_vars, config,
                            f"no _fivetran_synced, seed {seed}", columns)


def test_random_load_sequences_with_parts_runs_between(sql_warehouse: Warehouse) -> None:
    """The stored parts run alone after some loads ('exclude' mode, stitching on), so that amplitude__sessions then
    reads the changes of two runs of the parts: a part version written by one and replaced by the next is listed both
    ways, and whether an amplitude_id's first user_id changed is decided against the parts as that model last saw
    them (int_amplitude__changed_sessions_this_run). Two seeds on DuckDB, one on PostgreSQL."""
    config = reference.Config(out_of_session_events="exclude", stitch_anonymous_events=True)
    for seed in range(2 if sql_warehouse.name == "duckdb" else 1):
        chance = random.Random(50 + seed)
        count = chance.randint(5, 6)
        loads = split_into_loads(random_history(5000 + seed, events=400, days=3), 50 + seed, count)
        parts_only_after = frozenset(number for number in range(1, count - 1) if number % 2 == 1)
        check_load_sequence(sql_warehouse, {"amplitude": loads}, config.dbt_vars(), config,
                            f"parts run alone after loads {sorted(parts_only_after)}, seed {50 + seed}",
                            parts_only_after=parts_only_after)


def test_first_user_id_moved_by_a_part_the_next_parts_run_writes_again(sql_warehouse: Warehouse) -> None:
    """One amplitude_id, an anonymous session, user b's session at 12:00 and user a's at 14:00: the anonymous events
    belong to b. A late event of a's session at 11:00 makes a first (the parts alone run), then another event of
    that session is merged (the parts write the same version of a's part again): amplitude__sessions must see a's
    part both replaced and written twice and still tell that the first user_id moved from b to a. Deciding against
    the changes as listed, without taking away a version written and replaced again, leaves the anonymous session
    with b."""
    template = random_history(1, events=1, days=1)[0]
    day = template["event_time"].replace(hour=0, minute=0, second=0, microsecond=0)

    def event(number: int, hour: int, session_hour: int, user_id: str | None, synced_day: int) -> Row:
        at = day + timedelta(hours=hour)
        session_id = int((day + timedelta(hours=session_hour) - datetime(1970, 1, 1)).total_seconds() * 1000)
        return {**template, "id": number, "uuid": f"moved_first_{number}", "_insert_id": f"moved_first_{number}",
                "user_id": user_id, "session_id": session_id, "event_time": at,
                "client_event_time": at, "client_upload_time": at + timedelta(seconds=5),
                "server_received_time": at, "server_upload_time": at, "processed_time": at,
                "_fivetran_synced": day + timedelta(days=synced_day, hours=23)}

    loads = [
        [event(1, 10, 10, None, 0), event(2, 12, 12, "b", 0), event(3, 14, 14, "a", 0)],
        [event(4, 11, 14, "a", 1)],
        [event(5, 15, 14, "a", 2)],
    ]
    config = reference.Config(out_of_session_events="exclude", stitch_anonymous_events=True)
    check_load_sequence(sql_warehouse, {"amplitude": loads}, config.dbt_vars(), config,
                        "a first user_id moved, then its part written again", parts_only_after=frozenset({1}))
    anonymous = sql_warehouse.query(
        f"select amplitude_user_id from amplitude__sessions where session_id = {loads[0][0]['session_id']}"
    )
    assert anonymous == [{"amplitude_user_id": "a"}], anonymous


def test_random_load_sequences_from_a_view(duckdb_warehouse: Warehouse) -> None:
    """A raw event relation that is a view (var amplitude_event_identifier): it has no row ids, so the rebuilt parts'
    rows are read where they are found instead of by their source_row_id (staged_row_ids_available; run_incremental
    checks which read each run compiled)."""
    duckdb_warehouse.replace_events([])
    duckdb_warehouse.execute("create or replace view amplitude.event_view as select * from amplitude.event")
    chance = random.Random(7)
    loads = split_into_loads(random_history(4000, events=400, days=3), 7, 4)
    dbt_vars, config = random_vars(chance)
    dbt_vars["amplitude_event_identifier"] = "event_view"
    check_load_sequence(duckdb_warehouse, {"amplitude": loads}, dbt_vars, config, "a view over the raw events")


def replace_event_types(warehouse: Warehouse, rows: list[dict[str, Any]]) -> None:
    """The Fivetran event_type table beside the event table."""
    column_list = ", ".join(f"{name} {sql_type}" for name, sql_type in scenarios.EVENT_TYPE_COLUMNS)
    warehouse.execute(f"drop table if exists amplitude.event_type; create table amplitude.event_type ({column_list})")
    names = [name for name, _ in scenarios.EVENT_TYPE_COLUMNS]
    warehouse.insert_rows(f"insert into amplitude.event_type ({', '.join(names)})",
                          [[row[name] for name in names] for row in rows])


def rows_by_key(warehouse: Warehouse, relation: str, key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in warehouse.query(f"select * from {relation}")}


def written_keys(warehouse: Warehouse, model: str, key: str, dbt_vars: dict[str, Any]) -> set[Any]:
    """The keys of the rows the next incremental run of a model writes: its compiled batch, run as a query (after
    int_amplitude__identities and the stored session parts have seen the new rows and the run's event numbers are
    built, as the run would). The event numbers are built by a selection of their own: one that named a scoped
    model (the parts) would scope them by that model's marks alone, which a run of the scoped models never does."""
    warehouse.project.invoke(
        "run", "--select", "+int_amplitude__identities", "int_amplitude__session_parts", dbt_vars=dbt_vars,
    )
    warehouse.project.invoke("run", "--select", "int_amplitude__sessionized_events_this_run", dbt_vars=dbt_vars)
    result = warehouse.project.invoke("compile", *SELECT, dbt_vars=dbt_vars)
    compiled = {node_result.node.name: node_result.node.compiled_code for node_result in result.result.results}
    return {row[key] for row in warehouse.query(f"select {key} from ({compiled[model]}) as batch")}


def test_runs_rewrite_only_changed_events(sql_warehouse: Warehouse) -> None:
    """Spec 7 for amplitude__event_enhanced: a run writes exactly the rows whose values change. One load brings an
    ordinary new session of a stored user (new rows only), a late event before a user's stored events (that user's
    later events are renumbered) and a renamed event type (its events, of users the load does not touch, show the
    new name); every model then equals the reference (event_type table included) and a full refresh."""
    warehouse = sql_warehouse
    rows = scenarios.typed_rows(warehouse.source_relation())
    type_rows = scenarios.event_type_rows()
    warehouse.replace_events(rows)
    replace_event_types(warehouse, type_rows)
    warehouse.project.invoke("run", *SELECT, dbt_vars=SCENARIO_END)
    before = rows_by_key(warehouse, "amplitude__event_enhanced", "unique_event_id")
    synced = datetime(2024, 3, 12)
    new_rows = [
        {**rows[0], "id": 900_001 + number, "uuid": f"new-day-{number}", "_insert_id": f"new-day-{number}",
         "event_time": moment, "client_event_time": moment, "client_upload_time": moment, "_fivetran_synced": synced,
         "session_id": 1710230400000}
        for number, moment in enumerate([datetime(2024, 3, 12, 8), datetime(2024, 3, 12, 8, 5)])
    ]
    late = next(row for row in rows if row["user_id"] == "first_user")
    late_moment = datetime(2024, 3, 3, 9)
    new_rows.append({**late, "id": 900_100, "uuid": "late-1", "_insert_id": "late-1", "event_time": late_moment,
                     "client_event_time": late_moment, "client_upload_time": late_moment, "_fivetran_synced": synced})
    warehouse.append_events(new_rows)
    renamed_id = scenarios.EVENT_TYPE_IDS["shared_session_id"]
    renamed = [{**row, "name": "shared", "_fivetran_synced": synced} if row["id"] == renamed_id else row
               for row in type_rows]
    replace_event_types(warehouse, renamed)
    written = written_keys(warehouse, "amplitude__event_enhanced", "unique_event_id", SCENARIO_END)
    run_incremental(warehouse, SCENARIO_END)
    after = rows_by_key(warehouse, "amplitude__event_enhanced", "unique_event_id")
    changed = {key for key, row in after.items() if before.get(key) != row}
    assert written == changed, f"written but unchanged: {written - changed}; changed, not written: {changed - written}"
    assert {row["event_type_name"] for row in after.values() if row["event_type_id"] == renamed_id} == {"shared"}
    assert len(changed) > len(new_rows), "the late event renumbers stored events"
    loaded = rows + [{**row, "source_relation": warehouse.source_relation()} for row in new_rows]
    event_types = dict(scenarios.event_types(warehouse.source_relation()))
    event_types[(warehouse.source_relation(), renamed_id, scenarios.PROJECT)] = ("shared", "Shared Session Id")
    check_models(warehouse, loaded, reference.Config(date_range_end=scenarios.TODAY), "after the load", event_types)
    assert_equals_full_refresh(warehouse, SCENARIO_END, "after the load")


def test_rows_read_again_at_the_mark_are_not_new_but_a_copy_of_one_is(duckdb_warehouse: Warehouse) -> None:
    """Stored parts (DuckDB): the `>=` high-water mark reads again every row of the last _fivetran_synced value. After
    a load whose rows all share one value, a run with nothing new takes none of them as new (the run's locators are
    empty, so no part is rebuilt); a later row whose locator equals a stored one (the same key, session, time and
    _fivetran_synced, but a later upload and another event type, so deduplication keeps it) is new, copy for copy,
    and every model then equals the reference and a full refresh."""
    warehouse = duckdb_warehouse
    synced = datetime(2024, 3, 12)
    rows = [{**row, "_fivetran_synced": synced} for row in scenarios.typed_rows(warehouse.source_relation())]
    warehouse.replace_events(rows)
    warehouse.project.invoke("run", *SELECT, dbt_vars=SCENARIO_END)
    located_this_run = f"select count(*) as located from {EVENT_LOCATORS}_this_run"
    run_incremental(warehouse, SCENARIO_END)
    assert warehouse.query(located_this_run) == [{"located": 0}], "rows read again at the mark were taken as new"
    original = next(row for row in rows if row["_insert_id"] and (row["session_id"] or 0) > 0
                    and row["client_upload_time"] is not None)
    copy = {**original, "id": 990_001, "uuid": "copy-at-the-mark", "event_type": "copied_type",
            "client_upload_time": original["client_upload_time"] + timedelta(minutes=5)}
    warehouse.append_events([copy])
    run_incremental(warehouse, SCENARIO_END)
    assert warehouse.query(located_this_run) == [{"located": 1}], "a copy with a stored row's locator was not new"
    check_models(warehouse, [*rows, copy], reference.Config(date_range_end=scenarios.TODAY), "after the copy")
    assert_equals_full_refresh(warehouse, SCENARIO_END, "after the copy")


def test_a_run_without_new_rows_writes_nothing_and_a_row_at_the_mark_is_new(sql_warehouse: Warehouse) -> None:
    """The `>=` high-water mark reads again every row of the last _fivetran_synced value; each incremental model
    records how many staged rows had it when its incremental run began (record_synced_mark; a whole build records
    nothing, so the run after it reads them once more). After a load whose rows all share one value, a run with
    nothing new writes no session and no event; a row loaded later with that same value is new, and every model then
    equals the reference and a full refresh."""
    warehouse = sql_warehouse
    synced = datetime(2024, 3, 12)
    rows = [{**row, "_fivetran_synced": synced} for row in scenarios.typed_rows(warehouse.source_relation())]
    warehouse.replace_events(rows)
    warehouse.project.invoke("run", *SELECT, dbt_vars=SCENARIO_END)
    run_incremental(warehouse, SCENARIO_END)
    keys = {"amplitude__sessions": "unique_session_id", "amplitude__event_enhanced": "unique_event_id"}
    for model, key in keys.items():
        assert written_keys(warehouse, model, key, SCENARIO_END) == set(), f"{model}: rows written with nothing new"
    moment = datetime(2024, 3, 12, 8)
    at_the_mark = {**rows[0], "id": 990_002, "uuid": "new-at-the-mark", "_insert_id": "new-at-the-mark",
                   "event_time": moment, "client_event_time": moment, "client_upload_time": moment,
                   "session_id": 1710230400000}
    warehouse.append_events([at_the_mark])
    for model, key in keys.items():
        assert written_keys(warehouse, model, key, SCENARIO_END), f"{model}: the row at the mark was not new"
    run_incremental(warehouse, SCENARIO_END)
    check_models(warehouse, [*rows, at_the_mark], reference.Config(date_range_end=scenarios.TODAY), "at the mark")
    assert_equals_full_refresh(warehouse, SCENARIO_END, "after the row at the mark")


def test_a_late_commit_synced_before_the_mark_is_new(sql_warehouse: Warehouse) -> None:
    """A row committed after a run but synced before its high-water mark (less than amplitude__lookback_window_days
    before it) whose event is later than every event seen is new: every model then equals the reference and a full
    refresh."""
    warehouse = sql_warehouse
    synced = datetime(2024, 3, 12)
    rows = [{**row, "_fivetran_synced": synced} for row in scenarios.typed_rows(warehouse.source_relation())]
    warehouse.replace_events(rows)
    warehouse.project.invoke("run", *SELECT, dbt_vars=SCENARIO_END)
    in_range = [row["event_time"] for row in rows if row["event_time"] and row["event_time"].date() <= scenarios.TODAY]
    moment = max(in_range) + timedelta(days=1)
    late_commit = {**rows[0], "id": 990_003, "uuid": "late-commit", "_insert_id": "late-commit",
                   "event_time": moment, "client_event_time": moment, "client_upload_time": moment,
                   "session_id": int((moment - datetime(1970, 1, 1)).total_seconds() * 1000),
                   "_fivetran_synced": synced - timedelta(days=1)}
    warehouse.append_events([late_commit])
    run_incremental(warehouse, SCENARIO_END)
    assert warehouse.query(f"select count(*) as found from amplitude__sessions where session_id = "
                           f"{late_commit['session_id']}") == [{"found": 1}], "the late commit was not read"
    check_models(warehouse, [*rows, late_commit], reference.Config(date_range_end=scenarios.TODAY), "late commit")
    assert_equals_full_refresh(warehouse, SCENARIO_END, "after the late commit")
