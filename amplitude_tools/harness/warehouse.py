"""The warehouses the tests run the package on: raw events in, sessions out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import duckdb

from amplitude_tools.contract.reference import CONTEXT_COLUMNS
from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.harness.dbt_project import DbtProject

SESSION_COLUMNS = (
    "unique_session_id", "source_relation", "session_id", "amplitude_user_id", "user_id",
    "events_per_session", "session_started_at", "session_ended_at", "session_length_in_minutes",
    "session_started_at_day", "session_ended_at_day", "user_session_number", "last_session_ended_at",
    "last_session_ended_at_day", "is_first_user_session", "minutes_in_between_sessions",
    "first_event_type", "last_event_type", "distinct_event_types", *CONTEXT_COLUMNS,
    "conversion_events", "is_engaged_session",
)
DATABASE_NAME = "amplitude_sessions_it"


class Warehouse(Protocol):
    """What a test needs from an engine."""

    name: str
    database: str
    project: DbtProject

    def replace_events(self, rows: Sequence[Mapping[str, Any]], schema: str = "amplitude",
                       columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS) -> None: ...

    def append_events(self, rows: Sequence[Mapping[str, Any]], schema: str = "amplitude",
                      columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS) -> None: ...

    def query(self, sql: str) -> list[dict[str, Any]]: ...

    def execute(self, sql: str) -> None: ...

    def source_relation(self, schema: str = "amplitude") -> str: ...

    def set_time_zone(self, time_zone: str) -> None:
        """The session time zone of dbt's connections from now on."""


def create_event_table_sql(schema: str, columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS,
                           drop_suffix: str = "") -> str:
    """SQL that replaces schema.event; drop_suffix is 'cascade' where views on it must go too."""
    column_list = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns)
    return f"drop table if exists {schema}.event {drop_suffix}; create table {schema}.event ({column_list})"


def fetch_sessions(warehouse: Warehouse, relation: str = "amplitude__sessions") -> list[dict[str, Any]]:
    """Every row of the sessions model with the contract's columns."""
    return warehouse.query(f"select {', '.join(SESSION_COLUMNS)} from {relation}")


class SqlWarehouse:
    """What DuckDB and PostgreSQL share: the raw table is replaced the same way, keys carry the database."""

    database: str
    drop_suffix = ""

    def replace_events(self, rows: Sequence[Mapping[str, Any]], schema: str = "amplitude",
                       columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS) -> None:
        replace_table = create_event_table_sql(schema, columns, self.drop_suffix)
        self.execute(f"create schema if not exists {schema}; {replace_table}")
        self.append_events(rows, schema, columns)

    def source_relation(self, schema: str = "amplitude") -> str:
        return f"{self.database}.{schema}"

    def append_events(self, rows: Sequence[Mapping[str, Any]], schema: str = "amplitude",
                      columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS) -> None:
        if not rows:
            return
        names = [name for name, _ in columns]
        quoted = ", ".join(f'"{name}"' for name in names)
        self.insert_rows(f"insert into {schema}.event ({quoted})", [[row.get(name) for name in names] for row in rows])

    def insert_rows(self, insert: str, values: list[list[Any]]) -> None:
        """Run `insert` (an insert statement up to its values) for every row of values."""
        raise NotImplementedError

    def execute(self, sql: str) -> None:
        raise NotImplementedError


@dataclass
class DuckDBWarehouse(SqlWarehouse):
    """A DuckDB file, opened only between dbt commands."""

    directory: Path
    name: str = "duckdb"
    database: str = DATABASE_NAME
    # The TimeZone setting of dbt's DuckDB sessions (the profile reads AMPLITUDE_SESSIONS_TIME_ZONE).
    time_zone: str = "UTC"

    @property
    def path(self) -> Path:
        return self.directory / f"{DATABASE_NAME}.duckdb"

    @property
    def project(self) -> DbtProject:
        return DbtProject(target="duckdb", env={"AMPLITUDE_SESSIONS_DUCKDB_PATH": str(self.path),
                                                "AMPLITUDE_SESSIONS_TIME_ZONE": self.time_zone})

    def set_time_zone(self, time_zone: str) -> None:
        self.time_zone = time_zone

    def insert_rows(self, insert: str, values: list[list[Any]]) -> None:
        with duckdb.connect(str(self.path)) as con:
            con.executemany(f"{insert} values ({', '.join('?' for _ in values[0])})", values)

    def query(self, sql: str) -> list[dict[str, Any]]:
        with duckdb.connect(str(self.path)) as con:
            cursor = con.execute(sql)
            columns = [description[0] for description in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    def execute(self, sql: str) -> None:
        with duckdb.connect(str(self.path)) as con:
            con.execute(sql)
