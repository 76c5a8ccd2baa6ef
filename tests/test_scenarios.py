"""The named integration scenarios: dbt build with data tests, unit tests and the equality test."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from amplitude_tools.data import incremental_scenarios, scenarios
from tests.conftest import make_warehouse

SCENARIO_END = {"amplitude__date_range_end": scenarios.TODAY.isoformat()}


def test_committed_seeds_are_the_reference_output(tmp_path: Path) -> None:
    """The scenario rows, the incremental loads and the expected seeds are what the modules and the Python
    reference of the spec give."""
    for folder in ("sessions", "event_enhanced", "user_enhanced", "daily_performance", "daily_sessions"):
        (tmp_path / "seeds" / "expected" / folder).mkdir(parents=True)
    scenarios.write_seeds(tmp_path / "seeds")
    incremental_scenarios.write_seeds(tmp_path / "seeds", tmp_path / "loads" / "amplitude_event_loads.csv")
    written = [tmp_path / "seeds" / "amplitude_event.csv", tmp_path / "seeds" / "amplitude_event_type.csv",
               tmp_path / "loads" / "amplitude_event_loads.csv",
               *sorted((tmp_path / "seeds" / "expected").rglob("*.csv"))]
    for path in written:
        committed = scenarios.SEEDS.parent / path.relative_to(tmp_path)
        stale = (f"{committed} is stale: run python -m amplitude_tools.data.scenarios and "
                 "python -m amplitude_tools.data.incremental_scenarios")
        assert filecmp.cmp(path, committed, shallow=False), stale
    committed_expected = {path.relative_to(scenarios.SEEDS) for path in (scenarios.SEEDS / "expected").rglob("*")}
    assert committed_expected == {path.relative_to(tmp_path / "seeds")
                                  for path in (tmp_path / "seeds" / "expected").rglob("*")}


# Every configuration on DuckDB and PostgreSQL; the default on Spark, whose other configurations run in the random
# load sequence and property tests (tests/test_incremental.py, tests/test_property.py).
SCENARIO_CASES = [*((engine, seed) for engine in ("duckdb", "postgres") for seed in sorted(scenarios.CONFIG_VARS)),
                  ("spark", "expected_sessions")]


@pytest.mark.parametrize(("engine", "expected_seed"), SCENARIO_CASES)
def test_scenarios_build_and_equal_expected(engine: str, expected_seed: str, tmp_path: Path) -> None:
    warehouse = make_warehouse(engine, tmp_path)
    if warehouse.name == "spark":
        expected_seed += scenarios.SCHEMA_ONLY_SUFFIX
        # Unit tests are engine-independent logic checks whose fixtures use varchar; they run on DuckDB and PostgreSQL.
        excluded = ("amplitude_event", "amplitude_event_type", "test_type:unit")
    else:
        excluded = ("amplitude_event", "amplitude_event_type")
    dbt_vars = {**SCENARIO_END, **scenarios.CONFIG_VARS[expected_seed.removesuffix(scenarios.SCHEMA_ONLY_SUFFIX)],
                "expected_sessions_seed": expected_seed}
    warehouse.project.invoke("seed", dbt_vars=dbt_vars)
    result = warehouse.project.invoke("build", "--exclude", *excluded, dbt_vars=dbt_vars)
    names = {node_result.node.name for node_result in result.result.results}
    assert {"assert_sessions_equal_expected", "assert_event_enhanced_equal_expected",
            "assert_user_enhanced_equal_expected", "assert_daily_performance_equal_expected",
            "assert_daily_sessions_equal_expected"} <= names
    assert any(name.startswith("unique_amplitude__sessions") for name in names)
