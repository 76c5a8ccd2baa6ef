"""Lint and documentation: sqlfluff on the package's SQL, ruff on the Python, a description for every column."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from amplitude_tools.data import scenarios
from amplitude_tools.harness.dbt_project import REPOSITORY, target_path
from amplitude_tools.harness.warehouse import DuckDBWarehouse

TOOLS = Path(sys.executable).parent


def test_ruff_passes() -> None:
    result = subprocess.run([str(TOOLS / "ruff"), "check", "amplitude_tools", "tests", "benchmark"],
                            check=False, cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlfluff_passes(duckdb_warehouse: DuckDBWarehouse) -> None:
    """The dbt templater compiles the models, so the raw table must exist; the scenario rows serve."""
    duckdb_warehouse.replace_events(scenarios.typed_rows())
    env = {**os.environ, **duckdb_warehouse.project.env}
    result = subprocess.run([str(TOOLS / "sqlfluff"), "lint", "models"],
                            check=False, cwd=REPOSITORY, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert "All Finished" in result.stdout + result.stderr


def test_every_model_and_column_is_described(duckdb_warehouse: DuckDBWarehouse) -> None:
    duckdb_warehouse.replace_events(scenarios.typed_rows())
    duckdb_warehouse.project.invoke("run", "--select", "package:amplitude_sessions")
    duckdb_warehouse.project.invoke("docs", "generate", "--select", "package:amplitude_sessions")
    manifest = json.loads((target_path() / "manifest.json").read_text())
    catalog = json.loads((target_path() / "catalog.json").read_text())
    models = {unique_id: node for unique_id, node in manifest["nodes"].items()
              if node["resource_type"] == "model" and node["package_name"] == "amplitude_sessions"}
    assert len(models) >= 7
    undocumented = [unique_id for unique_id, node in models.items() if not node["description"].strip()]
    phantom = []
    for unique_id, node in models.items():
        documented = {name.lower() for name, column in node["columns"].items() if column["description"].strip()}
        built = {name.lower() for name in built_columns(duckdb_warehouse, node, catalog)}
        undocumented += [f"{unique_id}.{name}" for name in sorted(built - documented)]
        phantom += [f"{unique_id}.{name}" for name in sorted({name.lower() for name in node["columns"]} - built)]
    assert not undocumented, f"no description: {undocumented}"
    # The YAML lists are also what an incremental run checks an existing table against (incremental_model_columns).
    assert not phantom, f"documented but not built: {phantom}"


def built_columns(warehouse: DuckDBWarehouse, node: dict, catalog: dict) -> list[str]:
    """The columns a model really has: from the catalog, or for an ephemeral model from dbt show."""
    if node["config"]["materialized"] != "ephemeral":
        return list(catalog["nodes"][node["unique_id"]]["columns"])
    result = warehouse.project.invoke("show", "--inline", f"select * from {{{{ ref('{node['name']}') }}}}",
                                      "--limit", "1")
    return list(result.result.results[0].agate_table.column_names)


def test_every_macro_and_argument_is_described(duckdb_warehouse: DuckDBWarehouse) -> None:
    """Each macro of the package (not its per-adapter implementations) has a description in its folder's YAML,
    and every argument of its signature is documented there."""
    duckdb_warehouse.project.invoke("parse")
    manifest = json.loads((target_path() / "manifest.json").read_text())
    problems = []
    for macro in manifest["macros"].values():
        if macro["package_name"] != "amplitude_sessions" or re.match(r"(default|duckdb|postgres|spark)__",
                                                                      macro["name"]):
            continue
        signature = re.search(r"\{%-?\s*(?:macro|test)\s+\w+\((.*?)\)", macro["macro_sql"]).group(1)
        arguments = [part.split("=")[0].strip() for part in signature.split(",") if part.strip()]
        documented = {argument["name"]: argument["description"] for argument in macro["arguments"]}
        if not macro["description"].strip():
            problems.append(f"{macro['name']}: no description")
        problems += [f"{macro['name']}({name}): no description" for name in arguments if not documented.get(name)]
    assert not problems, problems
