"""Random realistic histories: every column of a full build equals the Python reference of the spec."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from amplitude_tools.contract import reference
from amplitude_tools.data.histories import random_history
from amplitude_tools.harness.compare import assert_same_sessions
from amplitude_tools.harness.warehouse import DuckDBWarehouse, Warehouse, fetch_sessions
from tests.conftest import make_warehouse


def random_config(seed: int) -> tuple[reference.Config, dict[str, object]]:
    chance = random.Random(seed)
    config = reference.Config(stitch_anonymous_events=chance.random() < 0.7,
                              out_of_session_events=chance.choice(["exclude", "sessionize"]),
                              session_timeout_minutes=chance.choice([5, 30, 90]))
    return config, config.dbt_vars()


def check_full_builds(warehouse: Warehouse, seeds: range) -> None:
    for seed in seeds:
        rows = random_history(seed)
        config, dbt_vars = random_config(seed)
        warehouse.replace_events(rows)
        warehouse.project.invoke("run", "--select", "+amplitude__sessions", "--full-refresh", dbt_vars=dbt_vars)
        expected = reference.sessions([{**row, "source_relation": warehouse.source_relation()} for row in rows],
                                      config)
        assert len(expected) > 20
        assert_same_sessions(fetch_sessions(warehouse), expected, f"{warehouse.name}, seed {seed}, vars {dbt_vars}")


def test_full_build_matches_reference(duckdb_warehouse: DuckDBWarehouse, request: pytest.FixtureRequest) -> None:
    """The full randomized run on DuckDB (--histories, default 4)."""
    check_full_builds(duckdb_warehouse, range(request.config.getoption("--histories")))


@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_full_build_matches_reference_on_other_engines(engine: str, tmp_path: Path,
                                                       request: pytest.FixtureRequest) -> None:
    """A smaller randomized run on PostgreSQL and Spark (--engine-sequences histories, default 1)."""
    check_full_builds(make_warehouse(engine, tmp_path),
                      range(100, 100 + request.config.getoption("--engine-sequences")))
