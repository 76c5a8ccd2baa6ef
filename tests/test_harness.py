"""The harness itself: a dbt command that outlives its deadline fails its test with every thread's stack."""

from __future__ import annotations

import threading

import pytest

from amplitude_tools.harness import dbt_project
from amplitude_tools.harness.dbt_project import DbtHang, DbtProject


def test_dbt_command_past_its_deadline_raises_with_stacks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbt_project, "DEADLINE_SECONDS", 0.05)
    with pytest.raises(DbtHang) as raised:
        DbtProject(target="duckdb").invoke("parse")
    for worker in threading.enumerate():  # let the abandoned command end before the next test runs dbt
        if worker.name == "dbt-invocation":
            worker.join(120)
    message = str(raised.value)
    assert "dbt parse" in message
    assert "still running after 0 s" in message
    assert "--- dbt-invocation" in message
    assert "--- MainThread" in message
