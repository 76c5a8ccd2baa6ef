"""Named integration scenarios, one per rule of the contract (docs/contract.md), written as raw Fivetran rows.

`python -m amplitude_tools.data.scenarios` writes them to integration_tests/seeds/amplitude_event.csv (and
their event_type table to amplitude_event_type.csv) and writes the expected sessions, events, users and days of
each configuration, computed by
amplitude_tools.contract.reference and reference_models, to integration_tests/seeds/expected/ (a
folder per model). tests/test_scenarios.py fails when the committed seeds differ from what the
reference gives; integration_tests/README.md lists the scenarios.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from amplitude_tools.contract import reference, reference_models
from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS

SOURCE_RELATION = "amplitude_sessions_it.amplitude"
# Where the engine has no databases (Spark), source_relation is the schema alone.
SCHEMA_ONLY_SOURCE_RELATION = "amplitude"
SCHEMA_ONLY_SUFFIX = "__schema_only"
SYNCED = "2024-03-10 00:00:00"
TODAY = date(2024, 3, 20)
SEEDS = Path(__file__).resolve().parents[2] / "integration_tests" / "seeds"

# Event type ids by name, in order of first appearance; every scenario event is in one Amplitude project.
EVENT_TYPE_IDS: dict[str, int] = {}
PROJECT = 7
# The event_type table beside the scenario events: the latest synced row of an id wins ("open" was renamed),
# a deleted row names nothing ("view"), an id without a row ("tap") has no name.
RENAMED_TYPE, DELETED_TYPE, UNNAMED_TYPE = "open", "view", "tap"
EVENT_TYPE_COLUMNS = (("id", "bigint"), ("project_name", "bigint"), ("name", "varchar"), ("display", "varchar"),
                      ("_fivetran_deleted", "boolean"), ("_fivetran_synced", "timestamp"))

CONFIGS: dict[str, reference.Config] = {
    "expected_sessions": reference.Config(conversion_event_types=("purchase",)),
    "expected_sessions_sessionize": reference.Config(out_of_session_events="sessionize"),
    "expected_sessions_no_stitch": reference.Config(stitch_anonymous_events=False),
}
# The vars that give each configuration above.
CONFIG_VARS: dict[str, dict[str, Any]] = {name: config.dbt_vars() for name, config in CONFIGS.items()}


@dataclass
class Scenario:
    name: str
    rule: str
    events: list[dict[str, Any]] = field(default_factory=list)

    def add(self, event_time: str | None, **columns: Any) -> None:
        """One raw row; client times default from event_time, ids from the running count."""
        columns.setdefault("client_event_time", event_time)
        columns.setdefault("client_upload_time", event_time)
        columns.setdefault("_fivetran_synced", SYNCED)
        columns.setdefault("event_type", self.name)
        self.events.append({"event_time": event_time, **columns})


def build_scenarios() -> list[Scenario]:
    scenarios = []

    s = Scenario("mid_session_login", "section 4: anonymous events before a login belong to the user")
    s.add("2024-03-01 08:00:00.000", amplitude_id=101, device_id="d101", session_id=1709280000000)
    s.add("2024-03-01 08:05:00.000", amplitude_id=101, device_id="d101", session_id=1709280000000)
    s.add("2024-03-01 08:10:00.000", amplitude_id=101, device_id="d101", session_id=1709280000000,
          user_id="login_user")
    s.add("2024-03-02 08:00:00.000", amplitude_id=101, device_id="d101", session_id=1709366400000)
    s.add("2024-03-02 08:20:00.500", amplitude_id=101, device_id="d101", session_id=1709366400000)
    scenarios.append(s)

    s = Scenario("first_user_id_wins",
                 "section 4: stitching takes the first user_id, then the smallest (by code point: 'Bob' < 'alice')")
    s.add("2024-03-03 10:00:00.000", amplitude_id=801, device_id="d801", session_id=1709460000000,
          user_id="first_user")
    s.add("2024-03-03 11:00:00.000", amplitude_id=801, device_id="d801", session_id=1709460000000,
          user_id="second_user")
    s.add("2024-03-03 12:00:00.000", amplitude_id=801, device_id="d801", session_id=1709467200000)
    s.add("2024-03-03 10:00:00.000", amplitude_id=802, device_id="d802", session_id=1709460000000, user_id="zed")
    s.add("2024-03-03 10:00:00.000", amplitude_id=802, device_id="d802", session_id=1709460000000, user_id="amy")
    s.add("2024-03-03 12:30:00.000", amplitude_id=802, device_id="d802", session_id=1709469000000)
    s.add("2024-03-03 10:00:00.000", amplitude_id=803, device_id="d803", session_id=1709460000000, user_id="alice")
    s.add("2024-03-03 10:00:00.000", amplitude_id=803, device_id="d803", session_id=1709460000000, user_id="Bob")
    s.add("2024-03-03 12:40:00.000", amplitude_id=803, device_id="d803", session_id=1709469600000)
    scenarios.append(s)

    s = Scenario("shared_session_id", "section 5: two anonymous users with one session_id have two sessions")
    s.add("2024-03-01 10:46:40.000", amplitude_id=201, device_id="d201", session_id=1709290000000)
    s.add("2024-03-01 10:50:00.000", amplitude_id=201, device_id="d201", session_id=1709290000000)
    s.add("2024-03-01 10:47:00.000", amplitude_id=202, device_id="d202", session_id=1709290000000)
    scenarios.append(s)

    s = Scenario("out_of_session", "section 5: session_id -1, 0 and null are out of session")
    s.add("2024-03-01 11:00:00.000", amplitude_id=301, device_id="d301", session_id=1709290800000, user_id="oos_user")
    s.add("2024-03-01 11:01:00.000", amplitude_id=301, device_id="d301", session_id=1709290800000, user_id="oos_user")
    s.add("2024-03-01 12:00:00.000", amplitude_id=301, device_id="d301", session_id=-1, user_id="oos_user")
    s.add("2024-03-01 12:10:00.000", amplitude_id=301, device_id="d301", session_id=-1, user_id="oos_user")
    s.add("2024-03-01 12:20:00.000", amplitude_id=301, device_id="d301", session_id=0, user_id="oos_user")
    s.add("2024-03-01 12:25:00.000", amplitude_id=301, device_id="d301", session_id=None, user_id="oos_user")
    s.add("2024-03-01 13:00:00.000", amplitude_id=301, device_id="d301", session_id=-1, user_id="oos_user")
    s.add("2024-03-01 13:30:00.000", amplitude_id=301, device_id="d301", session_id=-1, user_id="oos_user")
    s.add("2024-03-01 14:00:00.001", amplitude_id=301, device_id="d301", session_id=-5, user_id="oos_user")
    scenarios.append(s)

    s = Scenario("duplicates_insert_id", "section 3: same device_id and _insert_id is one event; latest upload wins")
    s.add("2024-03-01 14:00:00.000", amplitude_id=401, device_id="d401", session_id=1709301600000,
          user_id="dup_user", _insert_id="ins-a", client_upload_time="2024-03-01 14:00:05.000")
    s.add("2024-03-01 14:00:02.000", amplitude_id=401, device_id="d401", session_id=1709301600000,
          user_id="dup_user", _insert_id="ins-a", client_event_time="2024-03-01 14:00:00.000",
          client_upload_time="2024-03-01 14:01:00.000", _fivetran_synced="2024-03-09 00:00:00")
    s.add("2024-03-01 14:05:00.000", amplitude_id=401, device_id="d401", session_id=1709301600000,
          user_id="dup_user", _insert_id="ins-b")
    s.add("2024-03-01 14:05:00.000", amplitude_id=401, device_id="d401", session_id=1709301600000,
          user_id="dup_user", _insert_id="ins-b", _fivetran_synced="2024-03-11 00:00:00")
    s.add("2024-03-01 14:06:00.000", amplitude_id=401, device_id="d401b", session_id=1709301600000,
          user_id="dup_user", _insert_id="ins-a")
    scenarios.append(s)

    s = Scenario("duplicates_no_insert_id", "section 3: without _insert_id, same id, device, client time and user")
    s.add("2024-03-01 15:00:00.000", id=5001, amplitude_id=501, device_id="d501", session_id=1709305200000,
          user_id="noins_user", client_upload_time="2024-03-01 15:00:10.000")
    s.add("2024-03-01 15:00:01.000", id=5001, amplitude_id=501, device_id="d501", session_id=1709305200000,
          user_id="noins_user", client_event_time="2024-03-01 15:00:00.000",
          client_upload_time="2024-03-01 15:00:20.000")
    s.add("2024-03-01 15:00:03.000", id=5001, amplitude_id=501, device_id="d501", session_id=1709305200000,
          user_id="noins_user", client_event_time="2024-03-01 15:00:03.000")
    s.add("2024-03-01 15:02:00.000", id=5002, amplitude_id=501, device_id="d501", session_id=1709305200000,
          user_id="noins_user", _fivetran_synced="2024-03-10 00:00:00")
    s.add("2024-03-01 15:02:30.000", id=5002, amplitude_id=501, device_id="d501", session_id=1709305200000,
          user_id="noins_user", client_event_time="2024-03-01 15:02:00.000",
          client_upload_time="2024-03-01 15:02:00.000", _fivetran_synced="2024-03-12 00:00:00")
    scenarios.append(s)

    s = Scenario("midnight_subsecond", "section 6: a session across midnight, millisecond-exact")
    s.add("2024-03-01 23:59:59.875", amplitude_id=601, device_id="d601", session_id=1709337599875,
          user_id="midnight_user")
    s.add("2024-03-02 00:00:00.125", amplitude_id=601, device_id="d601", session_id=1709337599875,
          user_id="midnight_user")
    scenarios.append(s)

    s = Scenario("overlapping_devices", "section 6: overlapping sessions on two devices give a negative gap")
    s.add("2024-03-01 16:00:00.000", amplitude_id=701, device_id="d701a", session_id=1709308800000,
          user_id="two_device_user")
    s.add("2024-03-01 16:30:00.000", amplitude_id=701, device_id="d701a", session_id=1709308800000,
          user_id="two_device_user")
    s.add("2024-03-01 16:10:00.000", amplitude_id=701, device_id="d701b", session_id=1709309400000,
          user_id="two_device_user")
    s.add("2024-03-01 16:20:00.000", amplitude_id=701, device_id="d701b", session_id=1709309400000,
          user_id="two_device_user")
    scenarios.append(s)

    s = Scenario("awkward_user_ids", "section 4: user ids are kept exactly as sent")
    s.add("2024-03-04 09:00:00.000", amplitude_id=901, device_id="d901", session_id=1709542800000,
          user_id="O'Brien; drop table \"x\"")
    s.add("2024-03-04 09:00:00.000", amplitude_id=902, device_id="d902", session_id=1709542800000,
          user_id="  José 🚀 ünïcødé  ")
    s.add("2024-03-04 09:01:00.000", amplitude_id=902, device_id="d902", session_id=1709542800000, user_id="")
    scenarios.append(s)

    s = Scenario("date_range", "section 2: only event dates within the range count")
    s.add("2019-12-31 23:59:59.999", amplitude_id=1001, device_id="d1001", session_id=1577836799999,
          user_id="range_user")
    s.add("2020-01-01 00:00:00.000", amplitude_id=1001, device_id="d1001", session_id=1577836799999,
          user_id="range_user")
    s.add("2099-01-01 00:00:00.000", amplitude_id=1001, device_id="d1001", session_id=4070908800000,
          user_id="range_user")
    scenarios.append(s)

    s = Scenario("unusable_rows", "section 2 and 4: no event_time, or neither user_id nor amplitude_id")
    s.add(None, amplitude_id=1101, device_id="d1101", session_id=1709550000000, user_id="null_time_user",
          client_event_time="2024-03-04 11:00:00.000", client_upload_time="2024-03-04 11:00:00.000")
    s.add("2024-03-04 11:00:01.000", amplitude_id=1101, device_id="d1101", session_id=1709550000000,
          user_id="null_time_user")
    s.add("2024-03-04 11:00:02.000", device_id="d1102", session_id=1709550000000)
    scenarios.append(s)

    s = Scenario("out_of_session_login",
                 "section 4: a login sent outside a session stitches its amplitude_id, even when such events are "
                 "excluded")
    s.add("2024-03-05 09:00:00.000", amplitude_id=1201, device_id="d1201", session_id=1709629200000)
    s.add("2024-03-05 09:04:00.000", amplitude_id=1201, device_id="d1201", session_id=1709629200000)
    s.add("2024-03-05 09:30:00.000", amplitude_id=1201, device_id="d1201", session_id=-1, user_id="server_login")
    s.add("2024-03-06 09:00:00.000", amplitude_id=1201, device_id="d1201", session_id=1709715600000)
    scenarios.append(s)

    s = Scenario("session_context",
                 "section 8: event order with ties on event_time (id, then uuid, nulls last), first non-null context "
                 "values (an empty string is null), conversions, the engagement threshold met exactly and missed")
    s.add("2024-03-07 09:00:00.000", amplitude_id=1301, device_id="d1301", session_id=1709802000000,
          user_id="context_user", id=5, event_type="open", country="")
    s.add("2024-03-07 09:00:00.000", amplitude_id=1301, device_id="d1301", session_id=1709802000000,
          user_id="context_user", id=3, event_type="tap")
    s.add("2024-03-07 09:00:00.000", amplitude_id=1301, device_id="d1301", session_id=1709802000000,
          user_id="context_user", id=None, uuid="a", _insert_id="ctx-a", event_type="view", platform="iOS",
          os_name="ios", version_name="2.1.0")
    s.add("2024-03-07 09:00:05.000", amplitude_id=1301, device_id="d1301", session_id=1709802000000,
          user_id="context_user", id=9, event_type="purchase", platform="Android", country="US", city="Austin")
    s.add("2024-03-07 09:00:05.000", amplitude_id=1301, device_id="d1301", session_id=1709802000000,
          user_id="context_user", id=None, uuid="z", _insert_id="ctx-z", event_type=None, language="en")
    s.add("2024-03-07 10:00:00.000", amplitude_id=1301, device_id="d1301", session_id=1709805600000,
          user_id="context_user", event_type="open", device_type="iPhone 15")
    s.add("2024-03-07 10:00:10.000", amplitude_id=1301, device_id="d1301", session_id=1709805600000,
          user_id="context_user", event_type="close", region="Texas")
    s.add("2024-03-07 11:00:00.000", amplitude_id=1301, device_id="d1301", session_id=1709809200000,
          user_id="context_user", event_type="open")
    s.add("2024-03-07 11:00:09.999", amplitude_id=1301, device_id="d1301", session_id=1709809200000,
          user_id="context_user", event_type="close", library="amplitude-ios/8.0")
    scenarios.append(s)

    s = Scenario("resent_copy_changes_event_type",
                 "section 3 and 8: the kept row of a re-sent event carries its event_type; equal upload and load "
                 "times keep the largest uuid")
    s.add("2024-03-08 09:00:00.000", amplitude_id=1401, device_id="d1401", session_id=1709888400000,
          user_id="resent_user", _insert_id="resent-1", event_type="old_name", platform="Web")
    s.add("2024-03-08 09:00:00.000", amplitude_id=1401, device_id="d1401", session_id=1709888400000,
          user_id="resent_user", _insert_id="resent-1", event_type="new_name", platform="iOS",
          client_upload_time="2024-03-08 09:05:00.000")
    s.add("2024-03-08 09:01:00.000", amplitude_id=1401, device_id="d1401", session_id=1709888400000,
          user_id="resent_user", _insert_id="resent-2", uuid="uuid-b", event_type="smaller_uuid")
    s.add("2024-03-08 09:01:00.000", amplitude_id=1401, device_id="d1401", session_id=1709888400000,
          user_id="resent_user", _insert_id="resent-2", uuid="uuid-c", event_type="larger_uuid")
    scenarios.append(s)

    next_id = 1
    for scenario in scenarios:
        for event in scenario.events:
            event.setdefault("event_type_id", EVENT_TYPE_IDS.setdefault(event["event_type"], 900 + len(EVENT_TYPE_IDS))
                             if event["event_type"] is not None else None)
            event.setdefault("project_name", PROJECT)
            event.setdefault("id", 100_000 + next_id)
            event.setdefault("uuid", f"uuid-{next_id}")
            event.setdefault("_insert_id", f"insert-{next_id}" if (event["id"] or 0) > 100_000 else None)
            next_id += 1
    return scenarios


def _parse(value: Any, sql_type: str) -> Any:
    if value is None or sql_type != "timestamp":
        return value
    return datetime.fromisoformat(value)


def raw_rows() -> list[dict[str, Any]]:
    """Every scenario row with every Fivetran column (absent ones null)."""
    rows = []
    for scenario in build_scenarios():
        for event in scenario.events:
            rows.append({name: event.get(name) for name, _ in RAW_EVENT_COLUMNS})
    return rows


def typed_rows(source_relation: str = SOURCE_RELATION) -> list[dict[str, Any]]:
    """raw_rows() with timestamps parsed and the single connection's source_relation."""
    types = dict(RAW_EVENT_COLUMNS)
    return [
        {**{name: _parse(value, types[name]) for name, value in row.items()}, "source_relation": source_relation}
        for row in raw_rows()
    ]


def event_type_rows() -> list[dict[str, Any]]:
    """The scenario event_type table (build_scenarios() must have run: it numbers the event types)."""
    rows = []
    for name, type_id in EVENT_TYPE_IDS.items():
        if name == UNNAMED_TYPE:
            continue
        row = {"id": type_id, "project_name": PROJECT, "name": name, "display": name.replace("_", " ").title(),
               "_fivetran_deleted": name == DELETED_TYPE, "_fivetran_synced": datetime(2024, 3, 10)}
        rows.append(row)
        if name == RENAMED_TYPE:
            rows.append({**row, "name": f"{name}_before", "display": "Before",
                         "_fivetran_synced": datetime(2024, 3, 9)})
    return rows


def event_types(source_relation: str) -> reference_models.EventTypes:
    """What the event_type table names, for the reference: the latest synced row of each id, deleted rows ignored."""
    latest: dict[tuple[str, int, int], dict[str, Any]] = {}
    for row in event_type_rows():
        key = (source_relation, row["id"], row["project_name"])
        if row["_fivetran_deleted"]:
            continue
        if key not in latest or row["_fivetran_synced"] > latest[key]["_fivetran_synced"]:
            latest[key] = row
    return {key: (row["name"], row["display"]) for key, row in latest.items()}


EXPECTED_COLUMNS = (
    "unique_session_id", "source_relation", "session_id", "amplitude_user_id", "user_id",
    "events_per_session", "session_started_at", "session_ended_at", "session_length_in_minutes",
    "session_started_at_day", "session_ended_at_day", "user_session_number", "last_session_ended_at",
    "last_session_ended_at_day", "is_first_user_session", "minutes_in_between_sessions",
    "first_event_type", "last_event_type", "distinct_event_types", *reference.CONTEXT_COLUMNS,
    "conversion_events", "is_engaged_session",
)


USER_COLUMNS = (
    "unique_user_id", "source_relation", "amplitude_user_id", "user_id", "first_session_at", "last_session_at",
    "last_session_ended_at", "total_sessions", "total_events_in_sessions", "total_session_minutes",
    "average_session_length_in_minutes", "average_minutes_in_between_sessions", "active_days", "engaged_sessions",
    "conversion_events", "first_platform", "first_country", "first_version_name",
)
DAILY_COLUMNS = (
    "daily_unique_key", "source_relation", "session_started_at_day", "number_sessions", "number_users",
    "number_new_users", "total_session_minutes", "average_session_length_in_minutes", "average_events_per_session",
    "engaged_sessions", "conversion_events",
)


EVENT_COLUMNS = (
    "unique_event_id", "source_relation", "event_id", "event_type", "event_time", "event_day", "amplitude_id",
    "user_id", "device_id", "amplitude_user_id", "resolved_user_id", "session_id", "unique_session_id",
    "session_event_number", "user_event_number", "event_type_id", "event_type_name", "event_type_display",
)
PERFORMANCE_COLUMNS = (
    "daily_unique_key", "source_relation", "event_day", "event_type", "number_events", "number_sessions",
    "number_users", "number_new_users",
)


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="milliseconds")
    return str(value)


def write_seeds(seeds: Path = SEEDS) -> None:
    with (seeds / "amplitude_event.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in RAW_EVENT_COLUMNS])
        for row in raw_rows():
            writer.writerow([csv_value(row[name]) for name, _ in RAW_EVENT_COLUMNS])
    with (seeds / "amplitude_event_type.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([name for name, _ in EVENT_TYPE_COLUMNS])
        for row in event_type_rows():
            writer.writerow([csv_value(row[name]) for name, _ in EVENT_TYPE_COLUMNS])
    for seed_name, config in CONFIGS.items():
        for suffix, source_relation in (("", SOURCE_RELATION), (SCHEMA_ONLY_SUFFIX, SCHEMA_ONLY_SOURCE_RELATION)):
            rows = typed_rows(source_relation)
            expected = reference.sessions(rows, config, today=TODAY)
            write_expected(seeds / "expected" / "sessions" / f"{seed_name}{suffix}.csv", expected)
            model_seed = seed_name.replace("expected_sessions", "expected_{}") + suffix
            events = reference_models.event_enhanced(rows, config, TODAY, event_types(source_relation))
            write_rows(seeds / "expected" / "event_enhanced" / f"{model_seed.format('event_enhanced')}.csv",
                       events, EVENT_COLUMNS, "unique_event_id")
            write_rows(seeds / "expected" / "daily_performance" / f"{model_seed.format('daily_performance')}.csv",
                       reference_models.daily_performance(events, expected), PERFORMANCE_COLUMNS, "daily_unique_key")
            write_rows(seeds / "expected" / "user_enhanced" / f"{model_seed.format('user_enhanced')}.csv",
                       reference_models.user_enhanced(expected), USER_COLUMNS, "unique_user_id")
            write_rows(seeds / "expected" / "daily_sessions" / f"{model_seed.format('daily_sessions')}.csv",
                       reference_models.daily_sessions(expected), DAILY_COLUMNS, "daily_unique_key")


def write_expected(path: Path, sessions: list[dict[str, Any]]) -> None:
    """An expected-output seed: the contract's columns, one row per session, by user and number."""
    ordered = sorted(sessions, key=lambda session: (session["amplitude_user_id"], session["user_session_number"]))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPECTED_COLUMNS)
        for session in ordered:
            writer.writerow([csv_value(session[column]) for column in EXPECTED_COLUMNS])


def write_rows(path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...], key: str) -> None:
    """An expected-output seed of a model built on the sessions: its columns, one row per key, in key order."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in sorted(rows, key=lambda row: row[key]):
            writer.writerow([csv_value(row[column]) for column in columns])


if __name__ == "__main__":
    write_seeds()
