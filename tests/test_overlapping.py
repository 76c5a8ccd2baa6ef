"""Two dbt runs started together on PostgreSQL: neither duplicates nor loses a session."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from amplitude_tools.contract import reference
from amplitude_tools.data.histories import random_history, split_into_loads
from amplitude_tools.harness.compare import assert_same_sessions
from amplitude_tools.harness.dbt_project import INTEGRATION_PROJECT, REPOSITORY
from amplitude_tools.harness.warehouse import fetch_sessions
from tests.conftest import make_warehouse
from tests.test_incremental import SELECT, assert_equals_full_refresh


def run_window(output: str) -> tuple[datetime, datetime]:
    """When a dbt run started its first model and finished its last, from its JSON log lines."""
    moments = []
    for line in output.splitlines():
        if line.startswith("{"):
            node = json.loads(line).get("data", {}).get("node_info", {})
            moments += [datetime.fromisoformat(node[name]) for name in ("node_started_at", "node_finished_at")
                        if node.get(name)]
    return min(moments), max(moments)


@pytest.mark.engine("postgres")
def test_overlapping_runs_on_postgres(tmp_path: Path) -> None:
    """A large first load, then a second load run by two dbt processes at once (a retry during the scheduled
    run), each building sessions and events with the models on them: the lock each model takes makes the second
    wait for the first where they would write the same table, so the tables equal the reference and a full
    refresh."""
    warehouse = make_warehouse("postgres", tmp_path)
    loads = split_into_loads(random_history(4242, events=60_000, days=20), 4242, 2)
    warehouse.replace_events(loads[0])
    warehouse.project.invoke("run", *SELECT)
    warehouse.append_events(loads[1])
    environment = {**os.environ, **warehouse.project.env}
    runs = [subprocess.Popen([str(REPOSITORY / ".venv" / "bin" / "dbt"), "run", *SELECT,
                              "--profiles-dir", ".", "--target", "postgres", "--log-format", "json",
                              "--target-path", str(tmp_path / f"target_{number}"),
                              "--log-path", str(tmp_path / f"logs_{number}")],
                             cwd=INTEGRATION_PROJECT, env=environment, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for number in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs), "\n".join(output[-3000:] for output in outputs)
    first, second = (run_window(output) for output in outputs)
    assert first[0] < second[1] and second[0] < first[1], f"the two runs did not overlap: {first}, {second}"
    rows = [{**row, "source_relation": warehouse.source_relation()} for load in loads for row in load]
    assert_same_sessions(fetch_sessions(warehouse), reference.sessions(rows), "after two overlapping runs")
    assert_equals_full_refresh(warehouse, None, "after two overlapping runs")
