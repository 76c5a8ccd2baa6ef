"""Runs dbt on the integration project in this process, through dbtRunner."""

from __future__ import annotations

import json
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dbt.adapters.factory import FACTORY
from dbt.cli.main import dbtRunner, dbtRunnerResult

REPOSITORY = Path(__file__).resolve().parents[2]
INTEGRATION_PROJECT = REPOSITORY / "integration_tests"
# Longest one dbt command may take in the harness before it counts as hung (the slowest here takes 6.5 s).
DEADLINE_SECONDS = float(os.environ.get("AMPLITUDE_SESSIONS_DBT_DEADLINE_SECONDS", "120"))
# How long a hung command's thread may take to return once its server was restarted.
UNWIND_SECONDS = 60.0


def target_path() -> Path:
    """Where dbt writes the integration project's artifacts in this process (DBT_TARGET_PATH, set per pytest-xdist
    worker by tests/conftest.py, else the project's target/)."""
    return Path(os.environ.get("DBT_TARGET_PATH", INTEGRATION_PROJECT / "target"))


class DbtFailure(AssertionError):
    """A dbt command that did not succeed; the message holds what dbt said."""


class DbtHang(DbtFailure):
    """A dbt command still running at the deadline; the message holds the stack of every thread."""


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass
class DbtProject:
    """The integration project bound to one target (duckdb or postgres) and its environment."""

    target: str
    env: dict[str, str] = field(default_factory=dict)
    project_dir: Path = INTEGRATION_PROJECT
    # Called when a command hangs: frees the hung client call (for example by restarting its server) and says
    # what the server was doing.
    on_hang: Callable[[], str] | None = None

    def invoke(self, *args: str, dbt_vars: Mapping[str, Any] | None = None, expect_success: bool = True
               ) -> dbtRunnerResult:
        command = [
            *args,
            "--project-dir", str(self.project_dir),
            "--profiles-dir", str(self.project_dir),
            "--target", self.target,
        ]
        if dbt_vars:
            command += ["--vars", json.dumps(dict(dbt_vars))]
        with _environment(self.env):
            result = _invoke_within_deadline(command, self.on_hang)
        if expect_success and not result.success:
            raise DbtFailure(f"dbt {' '.join(args)} failed: {describe(result)}")
        return result

    def deps(self) -> None:
        self.invoke("deps", "--quiet")


def _invoke_within_deadline(command: list[str], on_hang: Callable[[], str] | None) -> dbtRunnerResult:
    """dbtRunner().invoke on a worker thread; DbtHang when it has not returned by DEADLINE_SECONDS, so that a hung
    client call fails its test with every thread's stack instead of stalling the whole run. A hung thread holds
    dbt's adapter lock, which would hang every later command of this process: on_hang frees the call, and the
    adapters it leaves half closed are forgotten, so that the rerun of the test starts clean."""
    outcome: dict[str, dbtRunnerResult] = {}
    worker = threading.Thread(target=lambda: outcome.update(result=dbtRunner().invoke(command)),
                              name="dbt-invocation", daemon=True)
    worker.start()
    worker.join(DEADLINE_SECONDS)
    if worker.is_alive():
        stacks = thread_stacks()
        server = on_hang() if on_hang else ""
        worker.join(UNWIND_SECONDS)
        if not worker.is_alive():
            with FACTORY.lock:
                FACTORY.adapters.clear()
        raise DbtHang(f"dbt {' '.join(command)} still running after {DEADLINE_SECONDS:.0f} s "
                      f"(AMPLITUDE_SESSIONS_DBT_DEADLINE_SECONDS); threads:\n{stacks}\n{server}")
    if "result" not in outcome:
        raise DbtFailure(f"dbt {' '.join(command)} raised on its thread; see the output above")
    return outcome["result"]


def thread_stacks() -> str:
    """The current stack of every thread in this process, by thread name."""
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    return "\n".join(
        f"--- {names.get(ident, ident)}\n{''.join(traceback.format_stack(frame))}"
        for ident, frame in sys._current_frames().items()
    )


def describe(result: dbtRunnerResult) -> str:
    """The errors and failures of a dbt result, one per line."""
    if result.exception is not None:
        return str(result.exception)
    lines = []
    for node_result in getattr(result.result, "results", None) or []:
        if str(node_result.status) not in ("success", "pass"):
            lines.append(f"{node_result.node.unique_id}: {node_result.status}: {node_result.message}")
    return "\n".join(lines) or "no detail"

