"""Row-by-row, column-by-column comparison of session tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from amplitude_tools.harness.warehouse import SESSION_COLUMNS

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


def _comparable(value: Any, like: Any) -> Any:
    """A fetched value in the form of its expected counterpart (engines return decimals and booleans variously)."""
    if isinstance(like, Decimal) and value is not None:
        return Decimal(str(value))
    return _normalize(value)


def assert_same_rows(actual: Rows, expected: Rows, key: str, context: str = "", limit: int = 12) -> None:
    """Every row of a model equals the reference's, keyed by `key`, every column the reference gives."""
    want = {row[key]: dict(row) for row in expected}
    got: dict[Any, dict[str, Any]] = {}
    for row in actual:
        assert row[key] not in got, f"{context}: {key} {row[key]} appears twice"
        got[row[key]] = dict(row)
    found = [f"missing {want[name]}" for name in sorted(want.keys() - got.keys(), key=repr)]
    found += [f"unexpected {got[name]}" for name in sorted(got.keys() - want.keys(), key=repr)]
    for name in sorted(got.keys() & want.keys(), key=repr):
        for column, value in want[name].items():
            if _comparable(got[name][column], value) != _normalize(value):
                found.append(f"{name} {column}: got {got[name][column]!r}, expected {value!r}")
    more = f"\n... and {len(found) - limit} more" if len(found) > limit else ""
    assert not found, f"{context}\n" + "\n".join(found[:limit]) + more
