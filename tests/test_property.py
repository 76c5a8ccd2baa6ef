"""Random realistic histories: every column of a full build equals the Python reference of the spec."""

from __future__ import annotations

import random

import pytest

from amplitude_tools import reference
from amplitude_tools.compare import assert_same_sessions
from amplitude_tools.histories import random_history
from amplitude_tools.warehouse import DuckDBWarehouse, fetch_sessions


def random_config(seed: int) -> tuple[reference.Config, dict[str, object]]:
    chance = random.Random(seed)
    stitch = chance.random() < 0.7
    mode = chance.choice(["exclude", "sessionize"])
    timeout = chance.choice([5, 30, 90])
    config = reference.Config(stitch_anonymous_events=stitch, out_of_session_events=mode,
                              session_timeout_minutes=timeout)
    dbt_vars = {"amplitude__stitch_anonymous_events": stitch, "amplitude__out_of_session_events": mode,
                "amplitude__session_timeout_minutes": timeout}
    return config, dbt_vars


def test_full_build_matches_reference(duckdb_warehouse: DuckDBWarehouse, request: pytest.FixtureRequest) -> None:
    for seed in range(request.config.getoption("--histories")):
        rows = random_history(seed)
        config, dbt_vars = random_config(seed)
        duckdb_warehouse.replace_events(rows)
        duckdb_warehouse.project.invoke("run", "--select", "+amplitude__sessions", "--full-refresh",
                                        dbt_vars=dbt_vars)
        source_relation = f"{duckdb_warehouse.path.stem}.amplitude"
        expected = reference.sessions([{**row, "source_relation": source_relation} for row in rows], config)
        assert len(expected) > 20
        assert_same_sessions(fetch_sessions(duckdb_warehouse), expected, f"seed {seed}, vars {dbt_vars}")
