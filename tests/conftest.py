"""Fixtures: one warehouse per engine, each with the integration project's packages installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from amplitude_tools.harness.dbt_project import DbtProject
from amplitude_tools.harness.warehouse import DuckDBWarehouse, Warehouse

ENGINES = ("duckdb", "postgres", "spark")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--sequences", type=int, default=10, help="random incremental load sequences on DuckDB")
    parser.addoption("--histories", type=int, default=8, help="random histories for the full-build property test")
    parser.addoption("--engine-sequences", type=int, default=2,
                     help="random load sequences on PostgreSQL (Spark runs half, at least one)")


def required_engines() -> set[str]:
    """Engines that must run here: AMPLITUDE_SESSIONS_REQUIRE_ENGINES, a comma-separated list (CI sets it)."""
    return {name for name in os.environ.get("AMPLITUDE_SESSIONS_REQUIRE_ENGINES", "duckdb").split(",") if name}


def unavailable(engine: str, reason: str) -> None:
    if engine in required_engines():
        pytest.fail(f"{engine} is required here (AMPLITUDE_SESSIONS_REQUIRE_ENGINES) but {reason}")
    pytest.skip(f"{engine}: {reason}")


@pytest.fixture(scope="session", autouse=True)
def installed_packages() -> None:
    DbtProject(target="duckdb").deps()


def make_warehouse(engine: str, directory: Path) -> Warehouse:
    if engine == "duckdb":
        return DuckDBWarehouse(directory)
    if engine == "postgres":
        from amplitude_tools.harness.postgres import PostgresWarehouse, postgres_problem

        problem = postgres_problem()
        if problem:
            unavailable(engine, problem)
        return PostgresWarehouse.fresh()
    from amplitude_tools.harness.spark import SparkWarehouse, spark_problem

    problem = spark_problem()
    if problem:
        unavailable(engine, problem)
    return SparkWarehouse.fresh()


@pytest.fixture(params=ENGINES)
def warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Warehouse:
    """A clean warehouse of each engine for one test."""
    return make_warehouse(request.param, tmp_path)


@pytest.fixture(params=("duckdb", "postgres"))
def sql_warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Warehouse:
    """A clean DuckDB or PostgreSQL warehouse: the engines where amplitude__sessions is incremental."""
    return make_warehouse(request.param, tmp_path)


@pytest.fixture
def duckdb_warehouse(tmp_path: Path) -> DuckDBWarehouse:
    return DuckDBWarehouse(tmp_path)
