"""A Spark Thrift server (scripts/spark.sh) as a test warehouse, reached through PyHive."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pyhive import hive

from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.harness.dbt_project import REPOSITORY, DbtProject

TARGET_SCHEMA = "dbt"
INSERT_BATCH = 500


def address() -> tuple[str, int]:
    return (os.environ.get("AMPLITUDE_SESSIONS_SPARK_HOST", "127.0.0.1"),
            int(os.environ.get("AMPLITUDE_SESSIONS_SPARK_PORT", "10000")))


def spark_problem() -> str | None:
    """Why no Spark Thrift server can be used here, or None when one can."""
    host, port = address()
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as error:
        return f"no Spark Thrift server at {host}:{port} (start one with scripts/spark.sh start): {error}"
    return None


def literal(value: Any) -> str:
    """A Spark SQL literal for a Python value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, datetime):
        return f"timestamp'{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"date'{value.isoformat()}'"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    return f"'{text}'"


def spark_type(sql_type: str) -> str:
    return "string" if sql_type == "varchar" else sql_type


@dataclass
class SparkWarehouse:
    """The Thrift server's metastore, its schemas dropped for each test."""

    name: str = "spark"
    database: str = ""
    # spark.sql.session.timeZone of dbt's sessions (the profile reads AMPLITUDE_SESSIONS_TIME_ZONE).
    time_zone: str = "UTC"

    @classmethod
    def fresh(cls) -> SparkWarehouse:
        warehouse = cls()
        for row in warehouse.query("show databases"):
            schema = next(iter(row.values()))
            if schema != "default":
                warehouse.execute(f"drop database if exists {schema} cascade")
        warehouse.execute(f"create database if not exists {TARGET_SCHEMA}")
        return warehouse

    @property
    def project(self) -> DbtProject:
        host, port = address()
        return DbtProject(target="spark", env={
            "AMPLITUDE_SESSIONS_SPARK_HOST": host,
            "AMPLITUDE_SESSIONS_SPARK_PORT": str(port),
            "AMPLITUDE_SESSIONS_SPARK_SCHEMA": TARGET_SCHEMA,
            "AMPLITUDE_SESSIONS_TIME_ZONE": self.time_zone,
        }, on_hang=restart_thrift_server)

    def set_time_zone(self, time_zone: str) -> None:
        self.time_zone = time_zone

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        """A cursor in the target schema (created first: a fresh metastore has none), on a connection closed after
        use: a connection left for the garbage collector ends its server session without CloseSession."""
        host, port = address()
        connection = hive.connect(host=host, port=port, username="root")
        try:
            cursor = connection.cursor()
            cursor.execute(f"create database if not exists {TARGET_SCHEMA}")
            cursor.execute(f"use {TARGET_SCHEMA}")
            yield cursor
            cursor.close()
        finally:
            connection.close()

    def replace_events(self, rows: Sequence[Mapping[str, Any]], schema: str = "amplitude",
                       columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS) -> None:
        column_list = ", ".join(f"`{name}` {spark_type(sql_type)}" for name, sql_type in columns)
        self.execute(f"create database if not exists {schema}; drop table if exists {schema}.event; "
                     f"create table {schema}.event ({column_list}) using parquet")
        self.append_events(rows, schema, columns)

    def append_events(self, rows: Sequence[Mapping[str, Any]], schema: str = "amplitude",
                      columns: Sequence[tuple[str, str]] = RAW_EVENT_COLUMNS) -> None:
        names = [name for name, _ in columns]
        with self._cursor() as cursor:
            for start in range(0, len(rows), INSERT_BATCH):
                values = ", ".join(
                    "(" + ", ".join(literal(row.get(name)) for name in names) + ")"
                    for row in rows[start:start + INSERT_BATCH]
                )
                cursor.execute(f"insert into {schema}.event values {values}")

    def source_relation(self, schema: str = "amplitude") -> str:
        return schema

    def query(self, sql: str) -> list[dict[str, Any]]:
        with self._cursor() as cursor:
            cursor.execute(sql)
            columns = [description[0] for description in cursor.description]
            dates = {description[0] for description in cursor.description if description[1] == "DATE_TYPE"}
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:  # PyHive returns dates as text
            for column in dates:
                if isinstance(row[column], str):
                    row[column] = date.fromisoformat(row[column])
        return rows

    def execute(self, sql: str) -> None:
        with self._cursor() as cursor:
            for statement in sql.split(";"):
                if statement.strip():
                    cursor.execute(statement)


def restart_thrift_server() -> str:
    """What the Thrift server's request threads were doing when a dbt command hung, then a restart of the server:
    the hung client call gets its connection closed and returns, which frees dbt's adapter lock for the rerun."""
    script = str(REPOSITORY / "scripts" / "spark.sh")
    threads = subprocess.run([script, "request-threads"], capture_output=True, text=True, check=False).stdout
    restart = subprocess.run([script, "restart-thrift"], capture_output=True, text=True, check=False)
    return (f"Thrift server request threads at the deadline:\n{threads}\n"
            f"scripts/spark.sh restart-thrift (exit {restart.returncode}): {restart.stdout}{restart.stderr}")
