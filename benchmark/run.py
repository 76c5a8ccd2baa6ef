"""Benchmark of amplitude_sessions on DuckDB: a full build, the plain-SQL baseline, an incremental day.

    .venv/bin/python -m benchmark.run --events 10000000

Generates N events over 60 days with the project's generator (plus a 61st day held back),
builds +amplitude__sessions with dbt (a separate process, as a user runs it), runs the spec as
one plain statement (benchmark/baseline.sql) on the same data, appends the 61st day with a few
hundred late events from earlier days, runs dbt again incrementally (twice: the second time with
nothing new), and prints wall times, model times from dbt's run_results.json (and the part of
them spent in SQL, from dbt's JSON log), peak memory (RSS of each process) and the ratios. It
ends with a full refresh and fails if the incrementally built table differs from it, then
measures the floor of an exact incremental run of that day on the same data, for two designs
(benchmark/floor.py). With --compare-ref REF it first builds the same data with the package as
it was at git revision REF (a worktree under --directory) and prints that full build beside
this one: for example the revision before session context columns were added.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from amplitude_tools.data.generator import Shape, events_sql
from benchmark.dbt_log import model_seconds, warehouse_seconds
from benchmark.floor import measure_floor
from benchmark.measure import Measurement, measure

REPOSITORY = Path(__file__).resolve().parent.parent
PROJECT = REPOSITORY / "integration_tests"
DBT = str(Path(sys.executable).parent / "dbt")
START_DAY = date(2026, 1, 1)
LATE_EVENTS = 300


@dataclass(frozen=True)
class DbtRun:
    measurement: Measurement
    model_seconds: dict[str, float]
    warehouse_seconds: dict[str, float]


def prepare(database: Path, events: int, days: int, seed: int) -> tuple[int, int]:
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
            select * exclude (is_held_back) from amplitude.generated where not is_held_back;
        """)
        loaded = con.execute("select count(*) from amplitude.event").fetchone()[0]
        held = con.execute("select count(*) from amplitude.generated where is_held_back").fetchone()[0]
    return loaded, held


def append_held_back(database: Path, days: int) -> None:
    synced = START_DAY + timedelta(days=days + 2)
    with duckdb.connect(str(database)) as con:
        con.execute(f"""
            insert into amplitude.event
            select * exclude (is_held_back) replace (timestamp '{synced}' as _fivetran_synced)
            from amplitude.generated where is_held_back;
            drop table amplitude.generated;
        """)


def run_dbt(env: dict[str, str], log_path: Path, *flags: str, project: Path = PROJECT) -> DbtRun:
    """`dbt run --select +amplitude__sessions` with a JSON log of its own, to split model time."""
    shutil.rmtree(log_path, ignore_errors=True)
    measurement = measure([DBT, "run", "--select", "+amplitude__sessions", "--profiles-dir", ".",
                           "--log-format-file", "json", "--log-path", str(log_path), *flags],
                          cwd=project, env=env)
    return DbtRun(measurement=measurement, model_seconds=model_seconds(project / "target"),
                  warehouse_seconds=warehouse_seconds(log_path / "dbt.log"))


def integration_project_at(ref: str, directory: Path, env: dict[str, str]) -> Path:
    """The integration project of a git worktree of this repository at `ref`, its packages installed."""
    checkout = directory / f"package_at_{ref}"
    if not checkout.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(checkout), ref], cwd=REPOSITORY, check=True,
                       capture_output=True)
    project = checkout / "integration_tests"
    measure([DBT, "deps", "--quiet", "--profiles-dir", "."], cwd=project, env=env)
    return project


def differs_from_full_refresh(database: Path, env: dict[str, str], log_path: Path) -> int:
    """Keep the incrementally built table, rebuild with --full-refresh, count rows in one but not the other."""
    with duckdb.connect(str(database)) as con:
        con.execute(
            "create or replace table main.sessions_after_incremental_runs as select * from main.amplitude__sessions"
        )
    run_dbt(env, log_path, "--full-refresh")
    with duckdb.connect(str(database)) as con:
        return con.execute("""
            select count(*) from (
                (select * from main.sessions_after_incremental_runs except all select * from main.amplitude__sessions)
                union all
                (select * from main.amplitude__sessions except all select * from main.sessions_after_incremental_runs)
            )
        """).fetchone()[0]


def gib(size: int) -> str:
    return f"{size / 2**30:.2f} GiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--memory-limit", default="16GB")
    parser.add_argument("--directory", type=Path, default=REPOSITORY / "benchmark" / "data")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--compare-ref", help="git revision whose package's full build is measured too")
    args = parser.parse_args()

    args.directory.mkdir(parents=True, exist_ok=True)
    database = args.directory / "amplitude_benchmark.duckdb"
    database.unlink(missing_ok=True)
    env = {**os.environ, "AMPLITUDE_SESSIONS_DUCKDB_PATH": str(database),
           "AMPLITUDE_SESSIONS_DUCKDB_THREADS": str(args.threads),
           "AMPLITUDE_SESSIONS_DUCKDB_MEMORY_LIMIT": args.memory_limit}

    loaded, held = prepare(database, args.events, args.days, args.seed)
    measure([DBT, "deps", "--quiet", "--profiles-dir", "."], cwd=PROJECT, env=env)
    logs = args.directory / "logs"
    compared = None
    if args.compare_ref:
        compared = run_dbt(env, logs, "--full-refresh",
                           project=integration_project_at(args.compare_ref, args.directory, env))
    full = run_dbt(env, logs, "--full-refresh")
    with duckdb.connect(str(database), read_only=True) as con:
        sessions = con.execute("select count(*) from main.amplitude__sessions").fetchone()[0]
    baseline = None
    if not args.skip_baseline:
        baseline = measure([sys.executable, "-m", "benchmark.run_baseline", str(database), str(args.threads),
                            args.memory_limit], cwd=REPOSITORY, env=env)
    append_held_back(database, args.days)
    incremental = run_dbt(env, logs)
    unchanged = run_dbt(env, logs)
    differing = differs_from_full_refresh(database, env, logs)
    floor = measure_floor(database, args.directory / "floor", env, args.threads, args.memory_limit)

    full_model = sum(full.model_seconds.values())
    lines = [
        (f"events loaded {loaded:,} over {args.days} days; sessions built {sessions:,}; "
         f"appended {held:,} (day {args.days + 1} and ~{LATE_EVENTS} late events); "
         f"DuckDB threads {args.threads}, memory limit {args.memory_limit}"),
        f"{'run':34}{'wall s':>9}{'model s':>9}{'SQL s':>9}{'peak RSS':>12}",
    ]
    for label, run in [("full build (dbt run --full-refresh)", full), ("incremental, one more day", incremental),
                       ("incremental, nothing new", unchanged)]:
        model = sum(run.model_seconds.values())
        lines.append(f"{label:34}{run.measurement.seconds:9.2f}{model:9.2f}{sum(run.warehouse_seconds.values()):9.2f}"
                     f"{gib(run.measurement.peak_rss_bytes):>12}")
        lines.append("    " + ", ".join(f"{name} {seconds:.2f}s (SQL {run.warehouse_seconds.get(name, 0.0):.2f}s)"
                                       for name, seconds in run.model_seconds.items()))
    if compared is not None:
        compared_model = sum(compared.model_seconds.values())
        lines.append(f"{'full build, package at ' + args.compare_ref:34}{compared.measurement.seconds:9.2f}"
                     f"{compared_model:9.2f}{sum(compared.warehouse_seconds.values()):9.2f}"
                     f"{gib(compared.measurement.peak_rss_bytes):>12}")
        lines.append(f"ratio full-build model time / package at {args.compare_ref}: {full_model / compared_model:.2f}")
    if baseline is not None:
        statement = float(baseline.output.strip().splitlines()[-1])
        lines.append(f"{'baseline (benchmark/baseline.sql)':34}{baseline.seconds:9.2f}{statement:9.2f}"
                     f"{gib(baseline.peak_rss_bytes):>12}")
        lines.append(f"ratio full-build model time / baseline statement: {full_model / statement:.2f}")
    lines.append(f"ratio incremental model time / full-build model time: "
                 f"{sum(incremental.model_seconds.values()) / full_model:.3f}")
    lines.append(f"ratio incremental SQL time / full-build SQL time: "
                 f"{sum(incremental.warehouse_seconds.values()) / sum(full.warehouse_seconds.values()):.3f}")
    dbt_work = sum(incremental.model_seconds.values()) - sum(incremental.warehouse_seconds.values())
    lines.append(f"10 % of the full build: {0.1 * full_model:.2f} s; dbt's own work in the incremental run "
                 f"(model time minus SQL): {dbt_work:.2f} s = {dbt_work / full_model:.3f} of the full build")
    for design in floor:
        design_full = full_model + design.full_build_extra_seconds
        lines.append(f"floor of an exact incremental run of that day {design.name} (benchmark/floor.py): "
                     f"{design.incremental_seconds:.2f} s = {design.incremental_seconds / design_full:.3f} "
                     f"of its full build ({design_full:.2f} s)")
        lines.append("    " + ", ".join(f"{part} {seconds:.3f}s" for part, seconds in design.parts.items()))
    lines.append(f"rows that differ between the incremental table and a full refresh: {differing}")
    print("\n".join(lines))
    if differing:
        raise SystemExit("the incremental runs did not give what a full refresh gives")


if __name__ == "__main__":
    main()
