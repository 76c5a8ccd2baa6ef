"""The named integration scenarios: dbt build with data tests, unit tests and the equality test."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from amplitude_tools import scenarios
from amplitude_tools.warehouse import Warehouse

SCENARIO_END = {"amplitude__date_range_end": scenarios.TODAY.isoformat()}


def test_committed_seeds_are_the_reference_output(tmp_path: Path) -> None:
    """The expected seeds are what the Python reference of the spec gives for the scenario rows."""
    (tmp_path / "expected").mkdir()
    scenarios.write_seeds(tmp_path)
    for written in [tmp_path / "amplitude_event.csv", *sorted((tmp_path / "expected").iterdir())]:
        committed = scenarios.SEEDS / written.relative_to(tmp_path)
        stale = f"{committed} is stale: run python -m amplitude_tools.scenarios"
        assert filecmp.cmp(written, committed, shallow=False), stale


@pytest.mark.parametrize("expected_seed", sorted(scenarios.CONFIG_VARS))
def test_scenarios_build_and_equal_expected(warehouse: Warehouse, expected_seed: str) -> None:
    if warehouse.name == "spark":
        expected_seed += scenarios.SCHEMA_ONLY_SUFFIX
        # Unit tests are engine-independent logic checks whose fixtures use varchar; they run on DuckDB and PostgreSQL.
        excluded = ("amplitude_event", "test_type:unit")
    else:
        excluded = ("amplitude_event",)
    dbt_vars = {**SCENARIO_END, **scenarios.CONFIG_VARS[expected_seed.removesuffix(scenarios.SCHEMA_ONLY_SUFFIX)],
                "expected_sessions_seed": expected_seed}
    warehouse.project.invoke("seed", dbt_vars=dbt_vars)
    result = warehouse.project.invoke("build", "--exclude", *excluded, dbt_vars=dbt_vars)
    names = {node_result.node.name for node_result in result.result.results}
    assert "assert_sessions_equal_expected" in names
    assert any(name.startswith("unique_amplitude__sessions") for name in names)
