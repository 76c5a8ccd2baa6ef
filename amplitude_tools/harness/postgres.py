"""A PostgreSQL server as a test warehouse (started by scripts/postgres.sh)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import psycopg2
from psycopg2.extras import RealDictCursor, execute_values

from amplitude_tools.harness.dbt_project import DbtProject
from amplitude_tools.harness.warehouse import DATABASE_NAME, SqlWarehouse

TARGET_SCHEMA = "dbt"


def connection_settings() -> dict[str, Any]:
    return {
        "host": os.environ.get("AMPLITUDE_SESSIONS_PG_HOST", "127.0.0.1"),
        "port": int(os.environ.get("AMPLITUDE_SESSIONS_PG_PORT", "54329")),
        "user": os.environ.get("AMPLITUDE_SESSIONS_PG_USER", "postgres"),
        "password": os.environ.get("AMPLITUDE_SESSIONS_PG_PASSWORD", ""),
        "dbname": DATABASE_NAME,
    }


def postgres_problem() -> str | None:
    """Why no PostgreSQL server can be used here, or None when one can."""
    try:
        psycopg2.connect(connect_timeout=3, **connection_settings()).close()
    except psycopg2.Error as error:
        return f"no PostgreSQL server at {connection_settings()['host']}:{connection_settings()['port']} " \
               f"(start one with scripts/postgres.sh start): {str(error).strip()}"
    return None


@dataclass
class PostgresWarehouse(SqlWarehouse):
    """The amplitude_sessions_it database, its schemas emptied for each test."""

    name: str = "postgres"
    database: str = DATABASE_NAME
    drop_suffix = "cascade"  # the staging view depends on the raw table

    @classmethod
    def fresh(cls) -> PostgresWarehouse:
        warehouse = cls()
        schemas = warehouse.query(
            "select schema_name from information_schema.schemata "
            "where schema_name not like 'pg_%' and schema_name not in ('information_schema', 'public')"
        )
        for row in schemas:
            warehouse.execute(f'drop schema "{row["schema_name"]}" cascade')
        warehouse.execute(f"alter database {DATABASE_NAME} reset timezone")
        warehouse.execute(f"create schema {TARGET_SCHEMA}")
        return warehouse

    @property
    def project(self) -> DbtProject:
        settings = connection_settings()
        return DbtProject(target="postgres", env={
            "AMPLITUDE_SESSIONS_PG_HOST": settings["host"],
            "AMPLITUDE_SESSIONS_PG_PORT": str(settings["port"]),
            "AMPLITUDE_SESSIONS_PG_SCHEMA": TARGET_SCHEMA,
        })

    def set_time_zone(self, time_zone: str) -> None:
        """The database's time zone, as an administrator sets it; every new session starts in it."""
        self.execute(f"alter database {DATABASE_NAME} set timezone to '{time_zone}'")

    def _connect(self) -> Any:
        # lock_timeout: a schema held by a hung dbt command fails the harness's statement instead of waiting forever.
        return psycopg2.connect(options=f"-c search_path={TARGET_SCHEMA} -c lock_timeout=60s", **connection_settings())

    def insert_rows(self, insert: str, values: list[list[Any]]) -> None:
        with self._connect() as con, con.cursor() as cursor:
            execute_values(cursor, f"{insert} values %s", values)
        con.close()

    def query(self, sql: str) -> list[dict[str, Any]]:
        with self._connect() as con, con.cursor(cursor_factory=RealDictCursor) as cursor:
            cursor.execute(sql)
            rows = [dict(row) for row in cursor.fetchall()]
        con.close()
        return rows

    def execute(self, sql: str) -> None:
        with self._connect() as con, con.cursor() as cursor:
            cursor.execute(sql)
        con.close()
