"""Seconds per model from what dbt writes about a run: run_results.json, and the JSON log (`--log-format-file json`)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path


def model_seconds(target: Path) -> dict[str, float]:
    """Each model's execution_time, by model name, from run_results.json in a dbt target directory."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {result["unique_id"].split(".")[-1]: result["execution_time"] for result in results}


def warehouse_seconds(log_file: Path) -> dict[str, float]:
    """Sum the elapsed time of every SQL statement a model's connection ran, by model name.

    dbt logs a statement (SQLQuery, naming its connection, which is the node) and then its status
    (SQLQueryStatus, with the elapsed time) on the same thread; the pairs are matched by thread.
    """
    pending: dict[str, str] = {}
    seconds: dict[str, float] = defaultdict(float)
    for line in log_file.read_text().splitlines():
        event = json.loads(line)
        name, thread, data = event["info"]["name"], event["info"]["thread"], event["data"]
        if name == "SQLQuery":
            pending[thread] = data["conn_name"]
        elif name == "SQLQueryStatus" and thread in pending:
            connection = pending.pop(thread)
            if connection.startswith("model."):
                seconds[connection.split(".")[-1]] += data["elapsed"]
    return dict(seconds)
