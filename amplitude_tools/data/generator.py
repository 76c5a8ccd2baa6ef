"""Synthetic Amplitude events in the Fivetran layout, generated in SQL inside DuckDB.

Shape: about 25 events per session, sessions spread over the date range, one in four
users never identified, one in five identified only part-way (a login), one in ten on
two devices, 2 % out-of-session events (session_id -1, 0 or null), 5 % without
_insert_id, and about 1 % re-sent duplicates (a later upload, some with a corrected time, some
with another event_type). Context columns vary per user and event, with nulls and empty strings,
so that "the first non-null value in the session" is exercised; one event in fifty shares its
event_time with the event before it.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from amplitude_tools.data.event_columns import RAW_EVENT_COLUMNS

EVENTS_PER_SESSION = 25
SESSIONS_PER_USER = 6
DUPLICATE_RATE = 0.01
# The columns every generated row sets; raw_select_sql fills in the others.
GENERATED_COLUMNS = (
    "id",
    "uuid",
    "_insert_id",
    "device_id",
    "user_id",
    "amplitude_id",
    "session_id",
    "event_time",
    "client_event_time",
    "client_upload_time",
    "event_type",
    "_fivetran_synced",
    "platform",
    "country",
    "city",
    "version_name",
)


@dataclass(frozen=True)
class Shape:
    """What to generate: how many events, from which seed, over which days."""

    events: int
    seed: int = 1
    start_day: date = date(2026, 1, 1)
    days: int = 60


def _random(key: str, salt: int, seed: int) -> str:
    """SQL for a deterministic uniform number in [0, 1) from a row key."""
    return f"(hash({key}, {seed}, {salt}) % 1000003) / 1000003.0"


def user_kind_sql(rnd: Callable[[str, int], str]) -> str:
    """SQL for a user's kind from its row key `u`: 'anonymous' (25 %), 'logs_in' (20 %) or 'identified'."""
    return f"""case
            when {rnd("u", 4)} < 0.25 then 'anonymous'
            when {rnd("u", 4)} < 0.45 then 'logs_in'
            else 'identified'
        end"""


def event_offset_sql(rnd: Callable[[str, int], str], position: str) -> str:
    """SQL for an event's offset from its session start: 40 s per position, plus up to 30 s (0 for one in fifty).

    The row key is `e`; one event in fifty shares its event_time with the event before it.
    """
    return f"""to_milliseconds(({position}) * 40000
                + case when {rnd("e", 14)} < 0.02 then 0 else cast(floor({rnd("e", 7)} * 30000) as bigint) end)"""


def rows_from_base_events_sql(seed: int) -> str:
    """The CTEs `events` and `all_rows` (with a trailing newline), read from a CTE `base_events`.

    `base_events` has one row per event: e (a bigint unique per event, from 0), user_index, kind ('anonymous',
    'logs_in' or 'identified'), login_at, session_start, device_id, event_time and out_of_session_draw (in [0, 1)).
    They give the ids (id e + 1, uuid 'uuid_' || id, _insert_id 'insert_' || e for 95 %), user_id 'user_' ||
    user_index (from login_at for 'logs_in', never for 'anonymous'), amplitude_id 100000000 + user_index,
    session_id the session start's epoch milliseconds (2 % out of session: -1, null or 0), the client times,
    event_type, the context columns, and about 1 % re-sent copies. `all_rows` has the columns of GENERATED_COLUMNS.
    """

    def rnd(key: str, salt: int) -> str:
        return _random(key, salt, seed)

    return f"""events as (
    select
        e + 1 as id,
        case when {rnd("e", 9)} < 0.95 then 'insert_' || e end as _insert_id,
        device_id,
        case
            when kind = 'identified' then 'user_' || user_index
            when kind = 'logs_in' and event_time >= login_at then 'user_' || user_index
        end as user_id,
        100000000 + user_index as amplitude_id,
        case
            when out_of_session_draw < 0.010 then -1
            when out_of_session_draw < 0.015 then null
            when out_of_session_draw < 0.020 then 0
            else epoch_ms(session_start)
        end as session_id,
        event_time,
        event_time - to_milliseconds(cast(floor({rnd("e", 10)} * 2000) as bigint)) as client_event_time,
        event_time + to_milliseconds(5000) as client_upload_time,
        case when {rnd("e", 11)} < 0.3 then 'page_view' when {rnd("e", 11)} < 0.6 then 'click' else 'scroll' end
            as event_type,
        {rnd("e", 12)} < {DUPLICATE_RATE} as is_resent,
        {rnd("e", 13)} < 0.3 as has_corrected_time,
        case when {rnd("e", 15)} < 0.1 then null
            else ['iOS', 'Android', 'Web'][user_index % 3 + 1] end as platform,
        case when {rnd("e", 16)} < 0.1 then null when {rnd("e", 16)} < 0.15 then ''
            else ['US', 'DE', 'BR', 'IN', 'JP'][user_index % 5 + 1] end as country,
        case when {rnd("e", 17)} < 0.6 then null else 'city_' || (user_index % 11) end as city,
        '1.' || (epoch_ms(event_time) // 864000000 % 7) || '.0' as version_name
    from base_events
),
all_rows as (
    select
        id, 'uuid_' || id as uuid, _insert_id, device_id, user_id, amplitude_id, session_id,
        event_time, client_event_time, client_upload_time, event_type,
        event_time + to_milliseconds(3600000) as _fivetran_synced,
        platform, country, city, version_name
    from events
    union all
    select
        id, 'uuid_' || id || '_resent' as uuid, _insert_id, device_id, user_id, amplitude_id, session_id,
        case when has_corrected_time and _insert_id is not null
            then event_time + to_milliseconds(1000) else event_time end as event_time,
        client_event_time,
        client_upload_time + to_milliseconds(60000) as client_upload_time,
        case when has_corrected_time then event_type || '_renamed' else event_type end as event_type,
        event_time + to_milliseconds(7200000) as _fivetran_synced,
        platform, country, city, version_name
    from events
    where is_resent
)
"""


def raw_select_sql(source: str) -> str:
    """A SELECT of every raw column (RAW_EVENT_COLUMNS, in order) from a relation with GENERATED_COLUMNS.

    The server and processed times are the client upload time, library is 'amplitude-js/8.0.0', every other
    column is null, each cast to its type.
    """
    defaults = {
        "server_received_time": "client_upload_time",
        "server_upload_time": "client_upload_time",
        "processed_time": "client_upload_time",
        "library": "'amplitude-js/8.0.0'",
    }
    selected = []
    for name, sql_type in RAW_EVENT_COLUMNS:
        if name in GENERATED_COLUMNS:
            selected.append(name)
        else:
            selected.append(f"cast({defaults.get(name, 'null')} as {sql_type}) as {name}")
    columns = ",\n    ".join(selected)
    return f"select\n    {columns}\nfrom {source}"


def events_sql(shape: Shape) -> str:
    """A SELECT that yields the generated events with every Fivetran column."""
    base_events = max(1, round(shape.events / (1 + DUPLICATE_RATE)))
    sessions = max(1, -(-base_events // EVENTS_PER_SESSION))
    users = max(1, sessions // SESSIONS_PER_USER)
    span_ms = shape.days * 86_400_000
    seed = shape.seed

    def rnd(key: str, salt: int) -> str:
        return _random(key, salt, seed)

    generated = f"""
with sessions as (
    select
        s as session_index,
        cast(floor({rnd("s", 1)} * {users}) as bigint) as user_index,
        timestamp '{shape.start_day.isoformat()}'
            + to_milliseconds(cast(floor({rnd("s", 2)} * {span_ms}) as bigint)) as session_start,
        {rnd("s", 3)} < 0.5 as on_second_device
    from range({sessions}) as t(s)
),
users as (
    select
        u as user_index,
        {user_kind_sql(rnd)} as kind,
        {rnd("u", 5)} < 0.1 as has_two_devices,
        timestamp '{shape.start_day.isoformat()}'
            + to_milliseconds(cast(floor({rnd("u", 6)} * {span_ms}) as bigint)) as login_at
    from range({users}) as t(u)
),
base_events as (
    select
        e,
        sessions.user_index,
        users.kind,
        users.login_at,
        sessions.session_start,
        'device_' || sessions.user_index
            || case when users.has_two_devices and sessions.on_second_device then '_b' else '' end as device_id,
        sessions.session_start
            + {event_offset_sql(rnd, f"e % {EVENTS_PER_SESSION}")}
            as event_time,
        {rnd("e", 8)} as out_of_session_draw
    from range({base_events}) as t(e)
    inner join sessions on sessions.session_index = e // {EVENTS_PER_SESSION}
    inner join users on users.user_index = sessions.user_index
),
{rows_from_base_events_sql(seed)}"""
    return f"{generated}{raw_select_sql('all_rows')}"


def write_events(database: Path, shape: Shape, schema: str = "amplitude", table: str = "event") -> int:
    """Replace schema.table in a DuckDB file with generated events; returns the row count."""
    with duckdb.connect(str(database)) as con:
        con.execute(f"create schema if not exists {schema}")
        con.execute(f"create or replace table {schema}.{table} as {events_sql(shape)}")
        return con.execute(f"select count(*) from {schema}.{table}").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description="Write synthetic Amplitude events into a DuckDB file.")
    parser.add_argument("--database", type=Path, required=True, help="DuckDB file to write")
    parser.add_argument("--events", type=int, default=100_000, help="number of events (about)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--start-day", type=date.fromisoformat, default=date(2026, 1, 1))
    parser.add_argument("--schema", default="amplitude")
    args = parser.parse_args()
    started = time.perf_counter()
    shape = Shape(events=args.events, seed=args.seed, start_day=args.start_day, days=args.days)
    rows = write_events(args.database, shape, schema=args.schema)
    print(f"wrote {rows:,} events to {args.database} ({args.schema}.event) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
