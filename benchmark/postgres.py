"""The benchmark's PostgreSQL side (run.py --engine postgres): its own database, the events copied from DuckDB.

The generators write DuckDB; their rows are exported to CSV and loaded with COPY into a table of the columns and
types the test harness gives PostgreSQL (amplitude_tools/harness: bigint ids, timestamp without time zone,
varchar), with a BRIN index on _fivetran_synced, then analyzed. The database is the benchmark's own
(amplitude_sessions_bench by default): its schemas amplitude and dbt are dropped at the start of every run, so the
tests' database (amplitude_sessions_it) is refused.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import psutil
import psycopg2

from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.harness.postgres import connection_settings
from amplitude_tools.harness.warehouse import DATABASE_NAME, create_event_table_sql

DEFAULT_DATABASE = "amplitude_sessions_bench"
TARGET_SCHEMA = "dbt"


def settings(dbname: str) -> dict[str, Any]:
    """The harness's connection settings (host, port, user, password from its env vars) on database dbname."""
    return {**connection_settings(), "dbname": dbname}


def dbt_env(dbname: str) -> dict[str, str]:
    """The env vars that point the integration project's postgres target at dbname, models in schema dbt."""
    server = settings(dbname)
    return {
        "AMPLITUDE_SESSIONS_PG_HOST": server["host"],
        "AMPLITUDE_SESSIONS_PG_PORT": str(server["port"]),
        "AMPLITUDE_SESSIONS_PG_DBNAME": dbname,
        "AMPLITUDE_SESSIONS_PG_SCHEMA": TARGET_SCHEMA,
    }


class Session:
    """One connection, its statements committed when the block ends; execute(sql).fetchone() as on DuckDB."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.cursor = connection.cursor()

    def execute(self, sql: str) -> Any:
        self.cursor.execute(sql)
        return self.cursor


@contextmanager
def connect(dbname: str) -> Iterator[Session]:
    connection = psycopg2.connect(**settings(dbname))
    try:
        with connection:
            yield Session(connection)
    finally:
        connection.close()


def reset_database(dbname: str) -> str:
    """Create dbname if it is missing, drop its schemas amplitude and dbt; the server's version."""
    if dbname == DATABASE_NAME:
        raise SystemExit(f"{DATABASE_NAME} is the tests' database (they drop its schemas): choose another")
    server = psycopg2.connect(**settings("postgres"))
    try:
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute("select 1 from pg_database where datname = %s", (dbname,))
            if cursor.fetchone() is None:
                cursor.execute(f'create database "{dbname}"')
    finally:
        server.close()
    with connect(dbname) as session:
        session.execute(f"drop schema if exists amplitude cascade; drop schema if exists {TARGET_SCHEMA} cascade")
        return session.execute("show server_version").fetchone()[0]


def copy_from_duckdb(database: Path, select: str, dbname: str, csv_file: Path) -> int:
    """Append the rows of `select` (a DuckDB query with the raw event columns) to amplitude.event; rows copied."""
    columns = ", ".join(f'"{name}"' for name, _ in RAW_EVENT_COLUMNS)
    with duckdb.connect(str(database)) as con:
        # CSV as PostgreSQL reads it: NULL unquoted and empty, an empty string quoted ("").
        con.execute(f"copy (select {columns} from ({select})) to '{csv_file}' (format csv, header false)")
    try:
        with connect(dbname) as session, csv_file.open() as rows:
            session.cursor.copy_expert(f"copy amplitude.event ({columns}) from stdin with (format csv)", rows)
            return session.cursor.rowcount
    finally:
        csv_file.unlink(missing_ok=True)


def load_events(database: Path, dbname: str, directory: Path) -> tuple[int, float, float]:
    """Copy DuckDB's amplitude.event into PostgreSQL's in load order (by _fivetran_synced, as a connector appends its
    syncs, so that the BRIN index on it can skip the older blocks), index _fivetran_synced (BRIN) and analyze.

    Returns the rows copied, the seconds of the copy and the seconds of the index and analyze.
    """
    started = time.perf_counter()
    with connect(dbname) as session:
        session.execute(f"create schema amplitude; {create_event_table_sql('amplitude', RAW_EVENT_COLUMNS, 'cascade')}")
    copied = copy_from_duckdb(
        database, "select * from amplitude.event order by _fivetran_synced", dbname, directory / "event.csv"
    )
    copy_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connect(dbname) as session:
        session.execute("create index event_fivetran_synced on amplitude.event using brin (_fivetran_synced)")
    with connect(dbname) as session:
        session.execute("analyze amplitude.event")
    return copied, copy_seconds, time.perf_counter() - started


def append_held_back(database: Path, dbname: str, synced: object, directory: Path) -> int:
    """Append the held-back rows of DuckDB's amplitude.generated with _fivetran_synced = synced, as run.py does."""
    return copy_from_duckdb(
        database,
        f"select * exclude (is_held_back) replace (timestamp '{synced}' as _fivetran_synced) "
        "from amplitude.generated where is_held_back",
        dbname,
        directory / "appended.csv",
    )


def server_rss(dbname: str) -> Callable[[], int]:
    """A probe of the summed RSS of the server's processes that serve dbname (backends and their parallel workers).

    The server's processes are the children of the postmaster (the parent of a backend); a backend's title names its
    database, a parallel worker's the process id of its leader. Pages of shared buffers a process touched count in
    its RSS, so in each of them.
    """
    with connect(dbname) as session:
        backend = session.execute("select pg_backend_pid()").fetchone()[0]
    postmaster = psutil.Process(backend).parent()
    if postmaster is None:
        raise RuntimeError(f"no postmaster above backend {backend}")
    marker = f" {dbname} "

    def probe() -> int:
        titles: dict[int, tuple[str, int]] = {}
        for child in postmaster.children():
            try:
                titles[child.pid] = (" ".join(child.cmdline()), child.memory_info().rss)
            except psutil.Error:
                pass
        serving = {pid for pid, (title, _) in titles.items() if marker in title}
        workers = {
            pid
            for pid, (title, _) in titles.items()
            if title.startswith("postgres: parallel worker for PID ")
            and title.split("PID ", 1)[1].split()[0].isdigit()
            and int(title.split("PID ", 1)[1].split()[0]) in serving
        }
        return sum(titles[pid][1] for pid in serving | workers)

    return probe
