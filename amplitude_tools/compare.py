"""Row-by-row, column-by-column comparison of session tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from amplitude_tools.warehouse import SESSION_COLUMNS

Rows = Iterable[Mapping[str, Any]]


def _normalize(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return value


def _index(rows: Rows) -> dict[str, dict[str, Any]]:
    indexed: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row["unique_session_id"]
        if key in indexed:
            raise AssertionError(f"unique_session_id {key} appears twice")
        indexed[key] = {column: _normalize(row[column]) for column in SESSION_COLUMNS}
    return indexed


def differences(actual: Rows, expected: Rows, limit: int = 12) -> list[str]:
    """What differs between two session tables, keyed by unique_session_id (empty when equal)."""
    got, want = _index(actual), _index(expected)
    found = [f"missing session {want[key]}" for key in sorted(want.keys() - got.keys())]
    found += [f"unexpected session {got[key]}" for key in sorted(got.keys() - want.keys())]
    for key in sorted(got.keys() & want.keys()):
        for column in SESSION_COLUMNS:
            if got[key][column] != want[key][column]:
                found.append(
                    f"{key} ({want[key]['amplitude_user_id']}, {want[key]['session_id']}) {column}: "
                    f"got {got[key][column]!r}, expected {want[key][column]!r}"
                )
    return found[:limit] + ([f"... and {len(found) - limit} more"] if len(found) > limit else [])


def assert_same_sessions(actual: Rows, expected: Rows, context: str = "") -> None:
    found = differences(actual, expected)
    assert not found, f"{context}\n" + "\n".join(found)
