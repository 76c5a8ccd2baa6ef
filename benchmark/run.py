"""Benchmark of amplitude_sessions on DuckDB: a full build, the plain-SQL baseline, an incremental day.

    .venv/bin/python -m benchmark.run --events 10000000

Generates N events over 60 days with the project's generator (plus a 61st day held back),
builds every model of the package with dbt (--models sessions: +amplitude__sessions only; with all, the
full build of +amplitude__sessions alone is measured too) (a separate process, as a user runs it), runs the spec as
one plain statement (benchmark/baseline.sql) on the same data, appends the 61st day with a few
hundred late events from earlier days, runs dbt again incrementally (twice: the second time with
nothing new), and prints wall times, model times from dbt's run_results.json (and the part of
them spent in SQL, from dbt's JSON log), peak memory (RSS of each process) and the ratios. It
ends with a full refresh and fails if the incrementally built table differs from it, then
measures the floor of an exact incremental run of that day on the same data, for two designs
(benchmark/floor.py), and the cost of reading the raw rows such a run could need, by the predicate that
selects them (benchmark/reads.py). With every model it also times a plain copy of the event table, the floor
of the event-level models (benchmark/copy_floor.py). With --compare-ref REF it first builds the same data
with the package as it was at git revision REF (a worktree under --directory) and prints that full build beside
this one: for example the revision before session context columns were added.

With --history year it generates a year of app usage instead (amplitude_tools/data/long_history.py:
users arriving through 2025 who churn after a heavy-tailed lifetime, with heavy-tailed activity;
--days sets the history's length, 365 by default, and it always ends on 2025-12-31), holds back
2026-01-01 and appends it with a few hundred late events and late whole sessions from earlier
days, a few hundred re-sent copies of old events and 20 first logins of anonymous amplitude_ids,
and also prints the share of all events held by the users the appended rows touch.

With --engine postgres (either history) the same data is copied from DuckDB into a PostgreSQL database of its own
(benchmark/postgres.py: amplitude_sessions_bench on the server of the tests' env vars, --pg-dbname to change it;
the source table with a BRIN index on _fivetran_synced, analyzed) and dbt runs the same steps on the target
postgres. The baseline statement and the floors are DuckDB statements and are skipped; it also prints the peak
RSS of the server's processes serving that database.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

import duckdb

from amplitude_tools.data.generator import Shape, events_sql
from amplitude_tools.data.long_history import (
    FIRST_LOGINS,
    LATE_SESSIONS,
    LongHistory,
    hold_back_statements,
    long_history_sql,
)
from benchmark import postgres as pg
from benchmark.dbt_log import model_seconds, warehouse_seconds
from benchmark.floor import measure_floor
from benchmark.measure import Measurement, measure
from benchmark.reads import measure_reads

REPOSITORY = Path(__file__).resolve().parent.parent
PROJECT = REPOSITORY / "integration_tests"
DBT = str(Path(sys.executable).parent / "dbt")
START_DAY = date(2026, 1, 1)
LATE_EVENTS = 300
# --history year: the history ends the day before this one, which is held back and appended.
YEAR_HELD_DAY = date(2026, 1, 1)
# How --load-order stores the loaded rows: in _fivetran_synced order (a connector appends its syncs; ties by event
# time), or in the order the generator writes them (the long history: user by user).
LOAD_ORDERS = {"synced": "order by _fivetran_synced, event_time", "generated": ""}
# What --models builds: the sessions with what they need, or every model of the package.
SESSIONS_ONLY = "+amplitude__sessions"
ALL_MODELS = "package:amplitude_sessions"
INCREMENTAL_TABLES = {SESSIONS_ONLY: ("amplitude__sessions",),
                      ALL_MODELS: ("amplitude__sessions", "amplitude__event_enhanced")}


@dataclass(frozen=True)
class DbtRun:
    measurement: Measurement
    model_seconds: dict[str, float]
    warehouse_seconds: dict[str, float]


def prepare(database: Path, events: int, days: int, seed: int, load_order: str) -> tuple[int, int]:
    """Write `days` days of events as amplitude.event and hold back one more day plus late events."""
    held_day = START_DAY + timedelta(days=days)
    per_day = events / days
    shape = Shape(events=round(per_day * (days + 1)), seed=seed, start_day=START_DAY, days=days + 1)
    late_share = LATE_EVENTS / max(events, 1)
    with duckdb.connect(str(database)) as con:
        con.execute("create schema if not exists amplitude")
        con.execute(f"create or replace table amplitude.generated as {events_sql(shape)}")
        con.execute(f"""
            alter table amplitude.generated add column is_held_back boolean;
            update amplitude.generated set is_held_back =
                event_time >= timestamp '{held_day}'
                or (hash(uuid, 'late') % 1000000) < {late_share * 1_000_000};
            create or replace table amplitude.event as
            select * exclude (is_held_back) from amplitude.generated where not is_held_back
            {LOAD_ORDERS[load_order]};
        """)
        loaded = con.execute("select count(*) from amplitude.event").fetchone()[0]
        held = con.execute("select count(*) from amplitude.generated where is_held_back").fetchone()[0]
    return loaded, held


def prepare_year(
    database: Path, events: int, days: int, seed: int, load_order: str
) -> tuple[int, int, dict[str, int]]:
    """Write `days` days of a long history as amplitude.event; hold back the next day, late rows and added rows.

    Returns the rows loaded, the rows held back and the size of each held-back part.
    """
    history = LongHistory(events=events, seed=seed, start_day=YEAR_HELD_DAY - timedelta(days=days), days=days)
    parts: dict[str, int] = {}
    with duckdb.connect(str(database)) as con:
        con.execute("create schema if not exists amplitude")
        con.execute(f"create or replace table amplitude.generated as {long_history_sql(history)}")
        for part, statement in hold_back_statements(history, "amplitude.generated").items():
            changed = con.execute(statement).fetchone()
            if changed is not None:
                parts[part] = changed[0]
        con.execute(f"""
            create or replace table amplitude.event as
            select * exclude (is_held_back) from amplitude.generated where not is_held_back
            {LOAD_ORDERS[load_order]};
        """)
        loaded = con.execute("select count(*) from amplitude.event").fetchone()[0]
        held = con.execute("select count(*) from amplitude.generated where is_held_back").fetchone()[0]
    return loaded, held, parts


def append_held_back(database: Path, synced: date) -> None:
    with duckdb.connect(str(database)) as con:
        con.execute(f"""
            insert into amplitude.event
            select * exclude (is_held_back) replace (timestamp '{synced}' as _fivetran_synced)
            from amplitude.generated where is_held_back;
            drop table amplitude.generated;
        """)


def run_dbt(
    env: dict[str, str],
    log_path: Path,
    *flags: str,
    project: Path = PROJECT,
    also: Callable[[], int] | None = None,
    select: str = SESSIONS_ONLY,
) -> DbtRun:
    """`dbt run --select <select>` with a JSON log of its own, to split model time.

    `also`: a probe of memory held elsewhere during the run (the PostgreSQL server's), sampled with dbt's.
    """
    shutil.rmtree(log_path, ignore_errors=True)
    measurement = measure(
        [
            DBT,
            "run",
            "--select",
            select,
            "--profiles-dir",
            ".",
            "--log-format-file",
            "json",
            "--log-path",
            str(log_path),
            *flags,
        ],
        cwd=project,
        env=env,
        also=also,
    )
    return DbtRun(
        measurement=measurement,
        model_seconds=model_seconds(project / "target"),
        warehouse_seconds=warehouse_seconds(log_path / "dbt.log"),
    )


def integration_project_at(ref: str, directory: Path, env: dict[str, str]) -> Path:
    """The integration project of a git worktree of this repository at `ref`, its packages installed."""
    checkout = directory / f"package_at_{ref}"
    if not checkout.exists():
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(checkout), ref], cwd=REPOSITORY, check=True, capture_output=True
        )
    project = checkout / "integration_tests"
    measure([DBT, "deps", "--quiet", "--profiles-dir", "."], cwd=project, env=env)
    return project


def differs_from_full_refresh(
    connect: Callable[[], AbstractContextManager], schema: str, tables: tuple[str, ...],
    full_refresh: Callable[[], object],
) -> dict[str, int]:
    """Keep the incrementally built tables, rebuild with --full-refresh, count rows in one but not the other.

    connect() opens a session on the warehouse (DuckDB or PostgreSQL) whose execute(sql) returns a cursor; schema
    holds the models; full_refresh() runs dbt with --full-refresh.
    """
    with connect() as con:
        for table in tables:
            con.execute(f"""
                drop table if exists {schema}.{table}_after_incremental_runs;
                create table {schema}.{table}_after_incremental_runs as select * from {schema}.{table}
            """)
    full_refresh()
    differing = {}
    with connect() as con:
        for table in tables:
            kept = f"{schema}.{table}_after_incremental_runs"
            differing[table] = con.execute(f"""
                select count(*) from (
                    (select * from {kept} except all select * from {schema}.{table})
                    union all
                    (select * from {schema}.{table} except all select * from {kept})
                ) as differing
            """).fetchone()[0]
            con.execute(f"drop table {kept}")
    return differing


def touched_share(connect: Callable[[], AbstractContextManager], schema: str, synced: date) -> str:
    """The users the appended rows touch and the share of all events they hold, as a printed line.

    Approximated from the data, not taken from the package's run: the amplitude_ids and user_ids of the appended
    rows (those with their _fivetran_synced), with every user_id seen on those amplitude_ids and every
    amplitude_id seen with those user_ids. connect() opens a session (DuckDB or PostgreSQL); schema holds the models.
    """
    with connect() as con:
        con.execute(f"""
            create temp table appended as
            select distinct amplitude_id, user_id from amplitude.event
            where _fivetran_synced = timestamp '{synced}';
            create temp table touched_amplitude_ids as
            select amplitude_id from appended where amplitude_id is not null
            union
            select amplitude_id from amplitude.event
            where user_id in (select user_id from appended) and amplitude_id is not null;
            create temp table touched_user_ids as
            select user_id from appended where user_id is not null
            union
            select user_id from amplitude.event
            where amplitude_id in (select amplitude_id from touched_amplitude_ids) and user_id is not null;
            create temp table touched_users as
            select user_id as amplitude_user_id from touched_user_ids
            union
            select cast(amplitude_id as varchar) from touched_amplitude_ids;
        """)
        rows_touched, rows = con.execute("""
            select
                count(*) filter (
                    where amplitude_id in (select amplitude_id from touched_amplitude_ids)
                        or user_id in (select user_id from touched_user_ids)
                ),
                count(*)
            from amplitude.event
        """).fetchone()
        users_touched, users, events_touched, events = con.execute(f"""
            select
                count(distinct amplitude_user_id) filter (
                    where amplitude_user_id in (select amplitude_user_id from touched_users)
                ),
                count(distinct amplitude_user_id),
                sum(events_per_session) filter (
                    where amplitude_user_id in (select amplitude_user_id from touched_users)
                ),
                sum(events_per_session)
            from {schema}.amplitude__sessions
        """).fetchone()
    events_touched, events = int(events_touched), int(events)  # PostgreSQL's sum of bigint is a numeric
    return (
        f"users the incremental run touched (approximated: amplitude_ids and user_ids of the appended rows, with "
        f"the user_ids and amplitude_ids seen with them): {users_touched:,} of {users:,} amplitude_user_ids in "
        f"amplitude__sessions; they hold {rows_touched / rows:.1%} of all {rows:,} rows of amplitude.event and "
        f"{events_touched / events:.1%} of the {events:,} events in sessions"
    )


def gib(size: int) -> str:
    return f"{size / 2**30:.2f} GiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument(
        "--history",
        choices=("days", "year"),
        default="days",
        help="days: --days days of the project's generator (default); year: a long history of app usage "
        "(amplitude_tools/data/long_history.py)",
    )
    parser.add_argument(
        "--days",
        type=int,
        help="days of history before the held-back day: 60 by default; with --history year 365 by default, "
        "ending on 2025-12-31",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--load-order",
        choices=sorted(LOAD_ORDERS),
        default="synced",
        help="synced: the loaded rows stored in _fivetran_synced order, as a connector appends its syncs (default); "
        "generated: in the generator's order (the long history: user by user)",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="16GB")
    parser.add_argument("--directory", type=Path, default=REPOSITORY / "benchmark" / "data")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument(
        "--models",
        choices=("all", "sessions"),
        default="all",
        help="all: every model of the package (default; the full build of +amplitude__sessions alone is measured "
        "too, for the ratio); sessions: +amplitude__sessions only",
    )
    parser.add_argument("--compare-ref", help="git revision whose package's full build is measured too")
    parser.add_argument(
        "--engine",
        choices=("duckdb", "postgres"),
        default="duckdb",
        help="duckdb (default); postgres: the same data copied into a PostgreSQL database, dbt's target postgres",
    )
    parser.add_argument(
        "--pg-dbname",
        default=pg.DEFAULT_DATABASE,
        help=f"with --engine postgres, the benchmark's own database ({pg.DEFAULT_DATABASE} by default; created if "
        "missing, its schemas amplitude and dbt replaced) on the server of the AMPLITUDE_SESSIONS_PG_* env vars",
    )
    args = parser.parse_args()
    year = args.history == "year"
    postgres = args.engine == "postgres"
    if args.days is None:
        args.days = 365 if year else 60
    if postgres and args.compare_ref:
        parser.error("--compare-ref is for --engine duckdb (a package at another revision may not read the database)")

    args.directory.mkdir(parents=True, exist_ok=True)
    database = args.directory / "amplitude_benchmark.duckdb"
    database.unlink(missing_ok=True)
    env = {
        **os.environ,
        "AMPLITUDE_SESSIONS_DUCKDB_PATH": str(database),
        "AMPLITUDE_SESSIONS_DUCKDB_THREADS": str(args.threads),
        "AMPLITUDE_SESSIONS_DUCKDB_MEMORY_LIMIT": args.memory_limit,
    }
    # DuckDB: the models in the benchmark's file. PostgreSQL: the generators still write that file, its events are
    # copied to the server; dbt runs on the target postgres, whose server processes' memory is sampled too.
    dbt_flags: tuple[str, ...] = ()
    server_rss = None
    if postgres:
        server_version = pg.reset_database(args.pg_dbname)
        env |= pg.dbt_env(args.pg_dbname)
        dbt_flags = ("--target", "postgres")
        server_rss = pg.server_rss(args.pg_dbname)
        schema = pg.TARGET_SCHEMA
        connect = partial(pg.connect, args.pg_dbname)
    else:
        schema = "main"
        connect = partial(duckdb.connect, str(database))

    parts: dict[str, int] = {}
    if year:
        loaded, held, parts = prepare_year(database, args.events, args.days, args.seed, args.load_order)
        synced = YEAR_HELD_DAY + timedelta(days=2)
    else:
        loaded, held = prepare(database, args.events, args.days, args.seed, args.load_order)
        synced = START_DAY + timedelta(days=args.days + 2)
    if postgres:
        copied, copy_seconds, index_seconds = pg.load_events(database, args.pg_dbname, args.directory)
        if copied != loaded:
            raise SystemExit(f"copied {copied:,} rows into PostgreSQL, {loaded:,} generated")
    measure([DBT, "deps", "--quiet", "--profiles-dir", "."], cwd=PROJECT, env=env)
    logs = args.directory / "logs"
    compared = None
    if args.compare_ref:
        compared = run_dbt(
            env, logs, "--full-refresh", project=integration_project_at(args.compare_ref, args.directory, env)
        )
    select = ALL_MODELS if args.models == "all" else SESSIONS_ONLY
    sessions_alone = None
    if select == ALL_MODELS:
        sessions_alone = run_dbt(env, logs, "--full-refresh", *dbt_flags, also=server_rss)
    full = run_dbt(env, logs, "--full-refresh", *dbt_flags, also=server_rss, select=select)
    if postgres:
        with connect() as con:
            sessions = con.execute(f"select count(*) from {schema}.amplitude__sessions").fetchone()[0]
    else:
        with duckdb.connect(str(database), read_only=True) as con:
            sessions = con.execute("select count(*) from main.amplitude__sessions").fetchone()[0]
    baseline = None
    if not args.skip_baseline and not postgres:
        baseline = measure(
            [sys.executable, "-m", "benchmark.run_baseline", str(database), str(args.threads), args.memory_limit],
            cwd=REPOSITORY,
            env=env,
        )
    if postgres:
        appended_rows = pg.append_held_back(database, args.pg_dbname, synced, args.directory)
        if appended_rows != held:
            raise SystemExit(f"appended {appended_rows:,} rows to PostgreSQL, {held:,} held back")
    else:
        append_held_back(database, synced)
    incremental = run_dbt(env, logs, *dbt_flags, also=server_rss, select=select)
    unchanged = run_dbt(env, logs, *dbt_flags, also=server_rss, select=select)
    differing = differs_from_full_refresh(
        connect, schema, INCREMENTAL_TABLES[select],
        lambda: run_dbt(env, logs, "--full-refresh", *dbt_flags, also=server_rss, select=select),
    )
    touched = touched_share(connect, schema, synced) if year else None
    event_copy = None
    if sessions_alone is not None and not postgres:
        event_copy = measure(
            [sys.executable, "-m", "benchmark.copy_floor", str(database), str(args.threads), args.memory_limit],
            cwd=REPOSITORY,
            env=env,
        )
    floor = [] if postgres else measure_floor(database, args.directory / "floor", env, args.threads, args.memory_limit)
    reads = [] if postgres else measure_reads(database, str(synced), args.threads, args.memory_limit)

    full_model = sum(full.model_seconds.values())
    if postgres:
        warehouse = (
            f"PostgreSQL {server_version}, database {args.pg_dbname} (events copied from the generator's DuckDB "
            f"file in {copy_seconds:.1f} s; BRIN index on _fivetran_synced and analyze {index_seconds:.1f} s)"
        )
    else:
        warehouse = f"DuckDB threads {args.threads}, memory limit {args.memory_limit}"
    if year:
        first_day = YEAR_HELD_DAY - timedelta(days=args.days)
        appended = (
            f"day {args.days + 1} ({YEAR_HELD_DAY}) {parts[f'day {args.days + 1}']:,}, "
            f"late events on earlier days {parts['late events']:,}, "
            f"late whole sessions on earlier days {LATE_SESSIONS} "
            f"({parts['late sessions']:,} events), re-sent copies of old events {parts['re-sent old events']:,}, "
            f"first logins of anonymous amplitude_ids {FIRST_LOGINS} ({parts['first logins']:,} rows)"
        )
        lines = [
            f"long history (--history year): events loaded {loaded:,} over {args.days} days ({first_day} to "
            f"{YEAR_HELD_DAY - timedelta(days=1)}); sessions built {sessions:,}; appended {held:,}: {appended}; "
            f"{warehouse}",
        ]
    else:
        lines = [
            (
                f"events loaded {loaded:,} over {args.days} days; sessions built {sessions:,}; "
                f"appended {held:,} (day {args.days + 1} and ~{LATE_EVENTS} late events); "
                f"{warehouse}"
            ),
        ]
    lines += [
        f"{'run':34}{'wall s':>9}{'model s':>9}{'SQL s':>9}{'peak RSS':>12}"
        + (f"{'server RSS':>12}" if postgres else ""),
    ]
    runs = [("full build (dbt run --full-refresh)", full)]
    if sessions_alone is not None:
        runs.append(("full build, +amplitude__sessions", sessions_alone))
    runs += [("incremental, one more day", incremental), ("incremental, nothing new", unchanged)]
    lines[0] += f"; models: --select {select}"
    for label, run in runs:
        model = sum(run.model_seconds.values())
        lines.append(
            f"{label:34}{run.measurement.seconds:9.2f}{model:9.2f}{sum(run.warehouse_seconds.values()):9.2f}"
            f"{gib(run.measurement.peak_rss_bytes):>12}"
            + (f"{gib(run.measurement.peak_also_bytes):>12}" if postgres else "")
        )
        lines.append(
            "    "
            + ", ".join(
                f"{name} {seconds:.2f}s (SQL {run.warehouse_seconds.get(name, 0.0):.2f}s)"
                for name, seconds in run.model_seconds.items()
            )
        )
    if sessions_alone is not None:
        sessions_model = sum(sessions_alone.model_seconds.values())
        lines.append(
            f"ratio full-build model time, every model / +amplitude__sessions alone: {full_model / sessions_model:.2f}"
        )
        if event_copy is not None:
            event_copy_seconds = float(event_copy.output.strip().splitlines()[-1])
            lines.append(
                f"floor of the event-level models (benchmark/copy_floor.py): a plain copy of amplitude.event, every "
                f"column, {event_copy_seconds:.2f} s, peak RSS {gib(event_copy.peak_rss_bytes)}; "
                f"+amplitude__sessions alone plus that copy: "
                f"{(sessions_model + event_copy_seconds) / sessions_model:.2f} times +amplitude__sessions alone"
            )
    if compared is not None:
        compared_model = sum(compared.model_seconds.values())
        lines.append(
            f"{'full build, package at ' + args.compare_ref:34}{compared.measurement.seconds:9.2f}"
            f"{compared_model:9.2f}{sum(compared.warehouse_seconds.values()):9.2f}"
            f"{gib(compared.measurement.peak_rss_bytes):>12}"
        )
        lines.append(f"ratio full-build model time / package at {args.compare_ref}: {full_model / compared_model:.2f}")
    if postgres:
        lines.append(
            f"peak RSS: of the dbt process; server RSS: the summed RSS of the PostgreSQL processes serving database "
            f"{args.pg_dbname} (backends and their parallel workers, sampled every 20 ms; the shared buffers each "
            "touched count in each)"
        )
        lines.append("baseline (benchmark/baseline.sql): skipped, a DuckDB statement")
    if baseline is not None:
        statement = float(baseline.output.strip().splitlines()[-1])
        lines.append(
            f"{'baseline (benchmark/baseline.sql)':34}{baseline.seconds:9.2f}{statement:9.2f}"
            f"{gib(baseline.peak_rss_bytes):>12}"
        )
        lines.append(f"ratio full-build model time / baseline statement: {full_model / statement:.2f}")
    lines.append(
        f"ratio incremental model time / full-build model time: "
        f"{sum(incremental.model_seconds.values()) / full_model:.3f}"
    )
    lines.append(
        f"ratio incremental SQL time / full-build SQL time: "
        f"{sum(incremental.warehouse_seconds.values()) / sum(full.warehouse_seconds.values()):.3f}"
    )
    dbt_work = sum(incremental.model_seconds.values()) - sum(incremental.warehouse_seconds.values())
    lines.append(
        f"10 % of the full build: {0.1 * full_model:.2f} s; dbt's own work in the incremental run "
        f"(model time minus SQL): {dbt_work:.2f} s = {dbt_work / full_model:.3f} of the full build"
    )
    for design in floor:
        design_full = full_model + design.full_build_extra_seconds
        lines.append(
            f"floor of an exact incremental run of that day {design.name} (benchmark/floor.py): "
            f"{design.incremental_seconds:.2f} s = {design.incremental_seconds / design_full:.3f} "
            f"of its full build ({design_full:.2f} s)"
        )
        lines.append("    " + ", ".join(f"{part} {seconds:.3f}s" for part, seconds in design.parts.items()))
    if reads:
        lines.append("reading the columns the sessions are built from, of the raw rows an incremental run could need "
                     "(benchmark/reads.py):")
        lines += [
            f"    {read.name}: {read.rows:,} rows in {read.seconds:.2f} s = {read.seconds / full_model:.3f} of the "
            "full build"
            for read in reads
        ]
    if postgres:
        lines.append("floors of an exact incremental run (benchmark/floor.py), reads (benchmark/reads.py) and the "
                     "event copy (benchmark/copy_floor.py): skipped, DuckDB statements")
    if touched is not None:
        lines.append(touched)
    lines.append(
        "rows that differ between the incremental tables and a full refresh: "
        + ", ".join(f"{table} {count}" for table, count in differing.items())
    )
    print("\n".join(lines))
    if any(differing.values()):
        raise SystemExit("the incremental runs did not give what a full refresh gives")


if __name__ == "__main__":
    main()
