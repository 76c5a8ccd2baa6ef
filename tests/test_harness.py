"""The harness itself: a dbt command that outlives its deadline fails its test with every thread's stack; the Spark
Thrift server it starts has every class Hive needs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from amplitude_tools.harness import dbt_project
from amplitude_tools.harness.dbt_project import DbtHang, DbtProject
from tests.conftest import make_warehouse


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


def test_a_hang_frees_the_call_and_the_next_command_starts_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    """on_hang (a server restart for Spark) runs at the deadline and its report joins the message; once the hung
    thread has returned, dbt's adapters are forgotten, so the next command does not close the hung connections."""
    monkeypatch.setattr(dbt_project, "DEADLINE_SECONDS", 0.05)
    calls: list[str] = []

    def on_hang() -> str:
        calls.append("called")
        return "the server was restarted"

    project = DbtProject(target="duckdb", on_hang=on_hang)
    with pytest.raises(DbtHang) as raised:
        project.invoke("parse")
    assert calls == ["called"]
    assert "the server was restarted" in str(raised.value)
    assert not dbt_project.FACTORY.adapters
    monkeypatch.setattr(dbt_project, "DEADLINE_SECONDS", 120.0)
    assert project.invoke("parse").success


@pytest.mark.engine("spark")
def test_the_spark_thrift_server_loads_hive_function_registry(tmp_path: Path) -> None:
    """Spark 4 leaves out hive-llap-common, without which Hive's function registry cannot load (SPARK-51041). The
    Thrift server loads that registry when a session's close finds no usable metastore client: the close fails,
    and every later one that loads it waits forever (dbt then hangs). scripts/setup.sh fetches the jar and
    scripts/spark.sh puts it on the server's classpath; Hive's `=` on two types loads the registry here."""
    warehouse = make_warehouse("spark", tmp_path)
    hive_equal = "org.apache.hadoop.hive.ql.udf.generic.GenericUDFOPEqual"
    warehouse.execute(f"create or replace function hive_equal as '{hive_equal}'")
    assert warehouse.query("select hive_equal(1, cast(1.5 as double)) as is_equal") == [{"is_equal": False}]
