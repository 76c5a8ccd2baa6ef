"""Times are UTC whatever the stored column type and the warehouse session's time zone (contract sections 1, 2)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from amplitude_tools.contract import reference
from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS
from amplitude_tools.data.histories import Row, random_history, split_into_loads
from amplitude_tools.harness.compare import assert_same_sessions
from amplitude_tools.harness.warehouse import Warehouse, fetch_sessions
from tests.test_incremental import check_load_sequence, random_vars

SELECT = ("--select", "+amplitude__sessions")
LOCAL_TIME_ZONE = "America/Los_Angeles"
# Each engine's type for an instant: a timestamp with time zone (Spark's plain timestamp is one).
INSTANT_TYPES = {"duckdb": "timestamptz", "postgres": "timestamptz", "spark": "timestamp"}


def instant_columns(engine: str) -> list[tuple[str, str]]:
    """The Fivetran columns with every time column stored with a time zone."""
    return [(name, INSTANT_TYPES[engine] if sql_type == "timestamp" else sql_type)
            for name, sql_type in RAW_EVENT_COLUMNS]


def as_instants(rows: list[Row]) -> list[Row]:
    """The rows with every naive (UTC) datetime made an aware UTC instant, as they are loaded."""
    return [{name: value.replace(tzinfo=UTC) if isinstance(value, datetime) else value
             for name, value in row.items()} for row in rows]


def run_in_time_zone(warehouse: Warehouse, time_zone: str) -> None:
    """A full build whose sessions are in time_zone: the integration model session_time_zone, built in the same
    run, records the zone the models ran in."""
    warehouse.set_time_zone(time_zone)
    warehouse.project.invoke("run", *SELECT, "session_time_zone", "--full-refresh")
    assert warehouse.query("select zone from session_time_zone") == [{"zone": time_zone}]


def midnight_rows() -> list[Row]:
    """Sessions around midnight UTC: one crossing it, one wholly after it that is still the day before in Los
    Angeles, a session whose previous one ended on the other side of midnight, and a late-night user."""
    amplitude_ids = {"crosser": 1, "late_owl": 2}

    def event(at: datetime, user: str, session: datetime, number: int) -> Row:
        row: Row = dict.fromkeys(name for name, _ in RAW_EVENT_COLUMNS)
        return row | {"id": number, "uuid": f"tz-{number}", "_insert_id": f"tz-{number}", "device_id": f"d-{user}",
                      "user_id": user, "amplitude_id": amplitude_ids[user], "event_time": at,
                      "client_event_time": at, "client_upload_time": at, "_fivetran_synced": datetime(2026, 5, 3),
                      "session_id": int((session - datetime(1970, 1, 1)).total_seconds() * 1000),
                      "event_type": "open", "platform": "iOS"}

    midnight = datetime(2026, 5, 2)
    crossing = midnight - timedelta(minutes=10)
    after = midnight + timedelta(hours=6, minutes=30)
    return [
        event(crossing, "crosser", crossing, 1),
        event(midnight + timedelta(minutes=5, milliseconds=250), "crosser", crossing, 2),
        event(after, "crosser", after, 3),
        event(after + timedelta(minutes=1), "crosser", after, 4),
        event(midnight - timedelta(hours=2), "late_owl", midnight - timedelta(hours=2), 5),
        event(midnight + timedelta(seconds=1), "late_owl", midnight + timedelta(seconds=1), 6),
    ]


def test_instants_under_a_local_session_time_zone(warehouse: Warehouse) -> None:
    """Time columns stored with a time zone, read by sessions in Los Angeles time: every column equals the
    reference (UTC instants, UTC days), and the same data read in UTC gives the same table."""
    rows = midnight_rows()
    warehouse.replace_events(as_instants(rows), columns=instant_columns(warehouse.name))
    expected = reference.sessions([{**row, "source_relation": warehouse.source_relation()} for row in rows])
    assert {session["session_started_at_day"] for session in expected} == {datetime(2026, 5, 1).date(),
                                                                         datetime(2026, 5, 2).date()}
    tables = {}
    for time_zone in (LOCAL_TIME_ZONE, "UTC"):
        run_in_time_zone(warehouse, time_zone)
        tables[time_zone] = fetch_sessions(warehouse)
        assert_same_sessions(tables[time_zone], expected, f"{warehouse.name}, session time zone {time_zone}")
    assert sorted(map(repr, tables[LOCAL_TIME_ZONE])) == sorted(map(repr, tables["UTC"]))


def test_random_loads_with_instants_under_a_local_time_zone(sql_warehouse: Warehouse) -> None:
    """The _fivetran_synced watermark, stored with a time zone and read in Los Angeles time, still finds exactly
    the new rows: a random load sequence equals the reference and a full refresh after every run."""
    sql_warehouse.set_time_zone(LOCAL_TIME_ZONE)
    chance = random.Random(16)
    loads = split_into_loads(random_history(1600, events=500, days=3), 16, 4)
    dbt_vars, config = random_vars(chance)
    check_load_sequence(sql_warehouse, {"amplitude": loads}, dbt_vars, config, "instants in Los Angeles time",
                        instant_columns(sql_warehouse.name), load=as_instants)


def test_default_end_is_the_current_utc_date(warehouse: Warehouse) -> None:
    """With amplitude__date_range_end unset, the last day read is the UTC date the run started, also where the
    session's local date is another: a time zone twelve hours behind UTC before noon UTC (its local date is
    yesterday), fourteen hours ahead after noon (tomorrow)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    today = now.date()
    start_of_today = datetime(today.year, today.month, today.day)
    rows = midnight_rows()[:1]
    rows[0] |= {"event_time": start_of_today + timedelta(milliseconds=500), "user_id": "today_user"}
    tomorrow = dict(rows[0]) | {"id": 99, "uuid": "tz-99", "_insert_id": "tz-99",
                                "event_time": start_of_today + timedelta(days=1, minutes=30)}
    rows.append(tomorrow)
    warehouse.replace_events(as_instants(rows), columns=instant_columns(warehouse.name))
    run_in_time_zone(warehouse, "Etc/GMT+12" if now.hour < 12 else "Etc/GMT-14")
    if datetime.now(UTC).date() != today:
        pytest.skip("the run crossed midnight UTC, so the day it started on is not known here")
    expected = reference.sessions([{**row, "source_relation": warehouse.source_relation()} for row in rows],
                                  today=today)
    assert [session["events_per_session"] for session in expected] == [1]
    assert_same_sessions(fetch_sessions(warehouse), expected, f"{warehouse.name}, run on {now} UTC")
