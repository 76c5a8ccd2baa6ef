"""Fixtures: one warehouse per engine, each with the integration project's packages installed."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from amplitude_tools.harness.dbt_project import INTEGRATION_PROJECT, DbtProject
from amplitude_tools.harness.warehouse import DuckDBWarehouse, Warehouse

ENGINES = ("duckdb", "postgres", "spark")
SERVER_ENGINES = ("postgres", "spark")

# Under pytest-xdist (scripts/test.sh runs two workers) each worker keeps its own dbt artifacts and logs.
if "PYTEST_XDIST_WORKER" in os.environ:
    os.environ["DBT_TARGET_PATH"] = str(INTEGRATION_PROJECT / "target" / os.environ["PYTEST_XDIST_WORKER"])
    os.environ["DBT_LOG_PATH"] = str(INTEGRATION_PROJECT / "logs" / os.environ["PYTEST_XDIST_WORKER"])


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--sequences", type=int, default=5, help="random incremental load sequences on DuckDB")
    parser.addoption("--histories", type=int, default=4, help="random histories for the full-build property test")
    parser.addoption("--engine-sequences", type=int, default=1,
                     help="random load sequences on PostgreSQL (Spark runs half, at least one)")


def required_engines() -> set[str]:
    """Engines that must run here: AMPLITUDE_SESSIONS_REQUIRE_ENGINES, a comma-separated list (CI sets it)."""
    return {name for name in os.environ.get("AMPLITUDE_SESSIONS_REQUIRE_ENGINES", "duckdb").split(",") if name}


def unavailable(engine: str, reason: str) -> None:
    if engine in required_engines():
        pytest.fail(f"{engine} is required here (AMPLITUDE_SESSIONS_REQUIRE_ENGINES) but {reason}")
    pytest.skip(f"{engine}: {reason}")


def server_engine(item: pytest.Item) -> str | None:
    """The PostgreSQL or Spark server a test uses: its engine parameter, or its `engine` marker."""
    callspec = getattr(item, "callspec", None)
    values = [value for value in (callspec.params.values() if callspec else ()) if isinstance(value, str)]
    marker = item.get_closest_marker("engine")
    if marker:
        values.append(marker.args[0])
    return next((engine for engine in SERVER_ENGINES if engine in values), None)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist turns each xdist_group marker into the test's scope
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test of one server engine runs on one pytest-xdist worker (--dist loadgroup): they share the server's
    database and each starts by clearing it."""
    for item in items:
        engine = server_engine(item)
        if engine:
            item.add_marker(pytest.mark.xdist_group(engine))


@pytest.fixture(scope="session", autouse=True)
def installed_packages() -> None:
    """dbt deps once per test run: the first worker installs, the others find it done (a second install would
    replace dbt_packages/ while the first worker's dbt reads it)."""
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))
    done = INTEGRATION_PROJECT / ".deps.done"
    with (INTEGRATION_PROJECT / ".deps.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists() or done.read_text() != run_id:
            DbtProject(target="duckdb").deps()
            done.write_text(run_id)


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
