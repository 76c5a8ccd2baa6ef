"""The incremental scenarios: contract section 7, one per bullet, as raw Fivetran rows in loads.

`python -m amplitude_tools.data.incremental_scenarios` writes every row with its load number to
integration_tests/loads/amplitude_event_loads.csv, and the sessions expected after each load,
computed by amplitude_tools.contract.reference, to integration_tests/seeds/expected/ (with a
__schema_only variant for Spark). tests/test_incremental.py loads them one after another, runs
dbt after each load (and once more with nothing new) and compares the table with that load's
seed and with a full refresh.
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from amplitude_tools.contract import reference
from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.data.scenarios import (
    SCHEMA_ONLY_SOURCE_RELATION,
    SCHEMA_ONLY_SUFFIX,
    SEEDS,
    SOURCE_RELATION,
    TODAY,
    Scenario,
    csv_value,
    write_expected,
)

LOADS_CSV = SEEDS.parent / "loads" / "amplitude_event_loads.csv"
LOAD_COUNT = 2
FIRST_SYNC = datetime(2024, 3, 10)
TYPES = dict(RAW_EVENT_COLUMNS)


def expected_seed(load: int) -> str:
    return f"expected_incremental_after_load_{load}"


def build_scenarios() -> list[Scenario]:
    scenarios = []

    def add(scenario: Scenario, load: int, event_time: str, **columns: Any) -> None:
        synced = (FIRST_SYNC + timedelta(hours=load)).isoformat(sep=" ")
        scenario.add(event_time, load_number=load, _fivetran_synced=synced, **columns)

    s = Scenario("continue_session", "section 7: events that continue a session already in the table")
    ids = {"amplitude_id": 1201, "device_id": "d1201", "user_id": "continuing_user", "session_id": 1709280000000}
    add(s, 0, "2024-03-01 08:00:00.000", **ids)
    add(s, 0, "2024-03-01 08:10:00.000", **ids)
    add(s, 1, "2024-03-01 08:20:00.250", **ids)
    scenarios.append(s)

    s = Scenario("late_event_shifts_numbers", "section 7: a late event of any age before existing sessions")
    ids = {"amplitude_id": 1202, "device_id": "d1202", "user_id": "late_user"}
    add(s, 0, "2024-03-05 10:00:00.000", session_id=1709632800000, **ids)
    add(s, 0, "2024-03-06 10:00:00.000", session_id=1709719200000, **ids)
    add(s, 1, "2023-06-01 10:00:00.000", session_id=1685613600000, **ids)
    scenarios.append(s)

    s = Scenario("start_moves_earlier", "section 7: an event that moves an existing session's start earlier")
    ids = {"amplitude_id": 1203, "device_id": "d1203", "user_id": "early_user"}
    add(s, 0, "2024-03-01 08:00:00.000", session_id=1709280000000, **ids)
    add(s, 0, "2024-03-01 10:00:00.000", session_id=1709287200000, **ids)
    add(s, 1, "2024-03-01 07:00:00.000", session_id=1709287200000, **ids)
    scenarios.append(s)

    s = Scenario("resent_copy", "section 7: re-sent copies of a counted event; the later upload wins")
    ids = {"amplitude_id": 1204, "device_id": "d1204", "user_id": "resent_user", "session_id": 1709287200000}
    add(s, 0, "2024-03-01 10:00:00.000", _insert_id="resent-once", **ids)
    add(s, 0, "2024-03-01 10:05:00.000", **ids)
    add(s, 1, "2024-03-01 09:59:30.000", _insert_id="resent-once", client_upload_time="2024-03-01 11:00:00.000",
        **ids)
    add(s, 1, "2024-03-01 09:00:00.000", _insert_id="resent-once", client_upload_time="2024-03-01 09:00:00.000",
        **ids)
    scenarios.append(s)

    s = Scenario("first_login_moves_anonymous_sessions",
                 "section 7: the first login of an amplitude_id whose anonymous sessions are in the table")
    ids = {"amplitude_id": 1205, "device_id": "d1205"}
    add(s, 0, "2024-03-01 10:00:00.000", session_id=1709287200000, **ids)
    add(s, 0, "2024-03-02 10:00:00.000", session_id=1709373600000, **ids)
    add(s, 1, "2024-03-03 10:00:00.000", session_id=1709460000000, user_id="carol", **ids)
    scenarios.append(s)

    s = Scenario("untouched_user", "section 7: a user without new rows keeps its rows")
    add(s, 0, "2024-03-01 12:00:00.000", amplitude_id=1206, device_id="d1206", user_id="quiet_user",
        session_id=1709294400000)
    scenarios.append(s)

    s = Scenario("login_outside_a_session_moves_anonymous_sessions",
                 "section 7: a first login sent without a session (session_id -1) still moves the anonymous sessions")
    ids = {"amplitude_id": 1207, "device_id": "d1207"}
    add(s, 0, "2024-03-01 11:00:00.000", session_id=1709290800000, **ids)
    add(s, 0, "2024-03-01 11:00:00.000", session_id=-1, _insert_id="anonymous-then-identified", **ids)
    add(s, 1, "2024-03-01 11:00:00.000", session_id=-1, _insert_id="anonymous-then-identified", user_id="erin",
        client_upload_time="2024-03-01 11:30:00.000", **ids)
    scenarios.append(s)

    s = Scenario("resent_first_login_leaves_anonymous_sessions_to_the_next_user",
                 "section 7: a re-sent copy without user_id of an amplitude_id's first login; its anonymous "
                 "sessions now belong to the next user who logged in on it")
    ids = {"amplitude_id": 1208, "device_id": "d1208"}
    add(s, 0, "2024-03-01 09:00:00.000", session_id=1709283600000, **ids)
    add(s, 0, "2024-03-01 10:00:00.000", session_id=1709287200000, _insert_id="first-login-resent", user_id="frank",
        **ids)
    add(s, 0, "2024-03-01 12:00:00.000", session_id=1709294400000, user_id="grace", **ids)
    add(s, 1, "2024-03-01 10:00:00.000", session_id=1709287200000, _insert_id="first-login-resent",
        client_upload_time="2024-03-01 13:00:00.000", **ids)
    scenarios.append(s)

    s = Scenario("resent_copy_empties_a_session",
                 "section 7: a re-sent copy that moves a session's only event into the user's next session; the "
                 "emptied session is gone and the next one is the user's first")
    ids = {"amplitude_id": 1209, "device_id": "d1209", "user_id": "henry"}
    add(s, 0, "2024-03-01 09:00:00.000", session_id=1709283600000, _insert_id="moved-away", **ids)
    add(s, 0, "2024-03-01 12:00:00.000", session_id=1709294400000, **ids)
    add(s, 1, "2024-03-01 12:05:00.000", session_id=1709294400000, _insert_id="moved-away",
        client_upload_time="2024-03-01 13:00:00.000", **ids)
    scenarios.append(s)

    s = Scenario("resent_identical_copy_inside_a_session",
                 "section 7: a re-sent copy, uploaded later, of an event inside a session, the same in every column "
                 "a session reads: the session keeps its events and takes the copy's _fivetran_synced")
    ids = {"amplitude_id": 1210, "device_id": "d1210", "user_id": "ivy", "session_id": 1709308800000,
           "country": "Norway"}
    add(s, 0, "2024-03-01 16:00:00.000", **ids)
    add(s, 0, "2024-03-01 16:05:00.000", _insert_id="resent-inside", event_type="purchase", **ids)
    add(s, 0, "2024-03-01 16:10:00.000", **ids)
    add(s, 1, "2024-03-01 16:05:00.000", _insert_id="resent-inside", event_type="purchase",
        client_upload_time="2024-03-01 18:00:00.000", **ids)
    scenarios.append(s)

    s = Scenario("resent_identical_copy_of_a_first_event",
                 "section 7: a re-sent copy, uploaded later, of a session's first event, the same in every column "
                 "a session reads: the session keeps its events and takes the copy's _fivetran_synced")
    ids = {"amplitude_id": 1211, "device_id": "d1211", "user_id": "jack", "session_id": 1709312400000}
    add(s, 0, "2024-03-01 17:00:00.000", _insert_id="resent-first", **ids)
    add(s, 0, "2024-03-01 17:05:00.000", **ids)
    add(s, 1, "2024-03-01 17:00:00.000", _insert_id="resent-first", client_upload_time="2024-03-01 19:00:00.000",
        **ids)
    scenarios.append(s)

    s = Scenario("resent_identical_copy_of_a_first_value",
                 "section 7: a re-sent copy, uploaded later, of the event inside a session that holds its first "
                 "region, the same in every column a session reads: the session keeps its events and region")
    ids = {"amplitude_id": 1213, "device_id": "d1213", "user_id": "lena", "session_id": 1709316000000}
    add(s, 0, "2024-03-01 18:00:00.000", **ids)
    add(s, 0, "2024-03-01 18:05:00.000", _insert_id="resent-first-value", region="Oslo", **ids)
    add(s, 0, "2024-03-01 18:10:00.000", **ids)
    add(s, 1, "2024-03-01 18:05:00.000", _insert_id="resent-first-value", region="Oslo",
        client_upload_time="2024-03-01 20:00:00.000", **ids)
    scenarios.append(s)

    s = Scenario("resent_identical_copy_sharing_its_time",
                 "section 7: a re-sent copy, uploaded later, of a session's first event, which shares its time with "
                 "another event of the session: the session keeps its events, the order of the two decides its "
                 "first event")
    ids = {"amplitude_id": 1214, "device_id": "d1214", "user_id": "mona", "session_id": 1709317800000}
    add(s, 0, "2024-03-01 18:30:00.000", _insert_id="same-time-other", event_type="open", **ids)
    add(s, 0, "2024-03-01 18:30:00.000", _insert_id="same-time-resent", event_type="view", city="Bergen", **ids)
    add(s, 0, "2024-03-01 18:35:00.000", **ids)
    add(s, 1, "2024-03-01 18:30:00.000", _insert_id="same-time-resent", event_type="view", city="Bergen",
        client_upload_time="2024-03-01 21:00:00.000", **ids)
    scenarios.append(s)

    s = Scenario("resent_copy_uploaded_earlier",
                 "section 7: a re-sent copy uploaded before the counted row, in another session: it is dropped and "
                 "the sessions do not change")
    ids = {"amplitude_id": 1212, "device_id": "d1212", "user_id": "kate"}
    add(s, 0, "2024-03-01 10:00:00.000", session_id=1709287200000, **ids)
    add(s, 0, "2024-03-01 10:05:00.000", session_id=1709287200000, _insert_id="resent-earlier",
        client_upload_time="2024-03-01 10:30:00.000", **ids)
    add(s, 0, "2024-03-01 10:10:00.000", session_id=1709287200000, **ids)
    add(s, 1, "2024-03-01 14:05:00.000", session_id=1709301600000, _insert_id="resent-earlier",
        client_upload_time="2024-03-01 10:20:00.000", **ids)
    scenarios.append(s)

    next_id = 1
    for scenario in scenarios:
        for event in scenario.events:
            event["id"] = 200_000 + next_id
            event["uuid"] = f"uuid-incremental-{next_id}"
            event.setdefault("_insert_id", f"insert-incremental-{next_id}")
            next_id += 1
    return scenarios


def _typed(value: str, sql_type: str) -> Any:
    if value == "":
        return None
    if sql_type == "bigint":
        return int(value)
    if sql_type == "timestamp":
        return datetime.fromisoformat(value)
    if sql_type == "boolean":
        return value == "True"
    return value


def load_rows(load: int, loads_csv: Path = LOADS_CSV) -> list[dict[str, Any]]:
    """The raw rows (every Fivetran column, typed) that one load appends, read from the committed file."""
    with loads_csv.open(newline="", encoding="utf-8") as handle:
        return [
            {name: _typed(row[name], sql_type) for name, sql_type in RAW_EVENT_COLUMNS}
            for row in csv.DictReader(handle)
            if int(row["load_number"]) == load
        ]


def write_seeds(seeds: Path = SEEDS, loads_csv: Path = LOADS_CSV) -> None:
    loads_csv.parent.mkdir(parents=True, exist_ok=True)
    with loads_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["load_number", *(name for name, _ in RAW_EVENT_COLUMNS)])
        for scenario in build_scenarios():
            for event in scenario.events:
                writer.writerow([event["load_number"], *(csv_value(event.get(name)) for name, _ in RAW_EVENT_COLUMNS)])
    loaded: list[dict[str, Any]] = []
    for load in range(LOAD_COUNT):
        loaded += load_rows(load, loads_csv)
        for suffix, source_relation in (("", SOURCE_RELATION), (SCHEMA_ONLY_SUFFIX, SCHEMA_ONLY_SOURCE_RELATION)):
            expected = reference.sessions([{**row, "source_relation": source_relation} for row in loaded],
                                          reference.Config(), today=TODAY)
            write_expected(seeds / "expected" / "sessions" / f"{expected_seed(load)}{suffix}.csv", expected)


if __name__ == "__main__":
    write_seeds()
