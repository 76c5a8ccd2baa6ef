"""A long history of app usage (a year by default) in the Fivetran layout, generated in SQL inside DuckDB.

Shape: users arrive on days spread uniformly over the history (and the day after it), stay for a
heavy-tailed lifetime (Pareto from 3 days: half leave within about 8 days, one in five stays more
than a month, a few percent the whole year) and, after their first day, open the app on each day
of their lifetime with a heavy-tailed chance of their own (Pareto from 0.1, at most 0.95: most
users come a handful of times, a few almost every day). An active day has one session or more
(geometric), a session a geometric number of events (mean about 20, at most 150), about 40 s apart.
Everything per event comes from the project's generator (amplitude_tools.data.generator): the
same raw columns, types and value conventions, user kinds (a quarter never identified, a fifth
identified from a login in their lifetime), second devices, ids, uuids, session_id = the session
start's epoch milliseconds, 2 % out-of-session events, 5 % without _insert_id, 1 % re-sent
duplicates and the context columns.

`long_history_sql` yields the history and the day after it (which the benchmark holds back);
`hold_back_statements` marks and adds what the benchmark appends before its incremental run.
Everything is deterministic from the seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import duckdb

from amplitude_tools.data.generator import (
    DUPLICATE_RATE,
    _random,
    event_offset_sql,
    raw_select_sql,
    rows_from_base_events_sql,
    user_kind_sql,
)

DAY_MS = 86_400_000
LIFETIME_MIN_DAYS = 3
LIFETIME_TAIL = 0.7
ACTIVITY_MIN = 0.1
ACTIVITY_TAIL = 1.2
ACTIVITY_MAX = 0.95
MORE_SESSIONS_CHANCE = 0.3
MAX_SESSIONS_PER_DAY = 6
MEAN_EXTRA_EVENTS_PER_SESSION = 19
MAX_EVENTS_PER_SESSION = 150
PILOT_USERS = 20_000

LATE_EVENTS = 200
LATE_SESSIONS = 5
RESENT_OLD_EVENTS = 300
FIRST_LOGINS = 20


@dataclass(frozen=True)
class LongHistory:
    """What to generate: about `events` rows dated on the `days` days from `start_day`, and one more day after."""

    events: int
    seed: int = 1
    start_day: date = date(2025, 1, 1)
    days: int = 365

    @property
    def next_day(self) -> date:
        """The day after the history (generated too; the benchmark holds it back)."""
        return self.start_day + timedelta(days=self.days)


def _sessions_ctes(history: LongHistory, users: int) -> str:
    """CTEs (from `with`) giving `users` and `sessions` (one row per session, with its number of events)."""
    total_days = history.days + 1
    start = f"timestamp '{history.start_day.isoformat()}'"

    def rnd(key: str, salt: int) -> str:
        return _random(key, salt, history.seed)

    return f"""
with drawn_users as (
    select
        u as user_index,
        {user_kind_sql(rnd)} as kind,
        {rnd("u", 5)} < 0.1 as has_two_devices,
        cast(floor({rnd("u", 21)} * {total_days}) as bigint) as arrival_day,
        cast(floor({LIFETIME_MIN_DAYS} * pow(1 - {rnd("u", 22)}, -1 / {LIFETIME_TAIL})) as bigint) as lifetime_days,
        least({ACTIVITY_MAX}, {ACTIVITY_MIN} * pow(1 - {rnd("u", 23)}, -1 / {ACTIVITY_TAIL})) as activity,
        {rnd("u", 6)} as login_draw
    from range({users}) as t(u)
),
users as (
    select
        user_index,
        kind,
        has_two_devices,
        arrival_day,
        least({total_days}, arrival_day + lifetime_days) as end_day,
        activity,
        {start} + to_milliseconds(cast(floor(
            (arrival_day + login_draw * (least({total_days}, arrival_day + lifetime_days) - arrival_day)) * {DAY_MS}
        ) as bigint)) as login_at
    from drawn_users
),
lifetime_days as (
    select user_index, activity, arrival_day, unnest(range(arrival_day, end_day)) as day
    from users
),
active_days as (
    select
        user_index,
        day,
        least({MAX_SESSIONS_PER_DAY},
            1 + cast(floor(ln(1 - {rnd("user_index, day", 24)}) / ln({MORE_SESSIONS_CHANCE})) as bigint))
            as sessions_that_day
    from lifetime_days
    where day = arrival_day or {rnd("user_index, day", 25)} < activity
),
day_sessions as (
    select user_index, day, unnest(range(sessions_that_day)) as k
    from active_days
),
sessions as (
    select
        user_index,
        day,
        k,
        {start} + to_milliseconds(day * {DAY_MS}
            + cast(floor({rnd("user_index, day, k", 26)} * {DAY_MS}) as bigint)) as session_start,
        {rnd("user_index, day, k", 27)} < 0.5 as on_second_device,
        least({MAX_EVENTS_PER_SESSION},
            1 + cast(floor(-ln(1 - {rnd("user_index, day, k", 28)}) * {MEAN_EXTRA_EVENTS_PER_SESSION}) as bigint))
            as session_events
    from day_sessions
)"""


def _events_per_user(history: LongHistory) -> float:
    """Mean rows per user dated on the history's days, from a pilot of PILOT_USERS users (duplicates included)."""
    with duckdb.connect() as con:
        total = con.execute(f"""{_sessions_ctes(history, PILOT_USERS)}
            select sum(session_events) from sessions where day < {history.days}""").fetchone()[0]
    return max(1.0, (total or 0) * (1 + DUPLICATE_RATE) / PILOT_USERS)


def long_history_sql(history: LongHistory) -> str:
    """A SELECT that yields the generated events of the history and the day after it, with every Fivetran column.

    Users are drawn in order of user_index until their rows dated on the history's days reach about
    `history.events`; their rows on the day after are included too.
    """
    base_target = max(1, round(history.events / (1 + DUPLICATE_RATE)))
    users = math.ceil(1.3 * history.events / _events_per_user(history)) + 200

    def rnd(key: str, salt: int) -> str:
        return _random(key, salt, history.seed)

    return f"""{_sessions_ctes(history, users)},
user_events as (
    select
        user_index,
        coalesce(sum(session_events) filter (where day < {history.days}), 0) as history_events
    from users
    left join sessions using (user_index)
    group by user_index
),
chosen_users as (
    select user_index
    from (
        select
            user_index,
            sum(history_events) over (order by user_index rows unbounded preceding) - history_events as events_before
        from user_events
    )
    where events_before < {base_target}
),
numbered_sessions as (
    select
        sessions.*,
        cast(sum(session_events) over (order by user_index, day, k rows unbounded preceding) - session_events
            as bigint) as first_event
    from sessions
    where user_index in (select user_index from chosen_users)
),
session_positions as (
    select
        numbered_sessions.*,
        unnest(range(session_events)) as position
    from numbered_sessions
),
session_events as (
    select
        *,
        first_event + position as e
    from session_positions
),
base_events as (
    select
        e,
        session_events.user_index,
        users.kind,
        users.login_at,
        session_events.session_start,
        'device_' || session_events.user_index
            || case when users.has_two_devices and session_events.on_second_device then '_b' else '' end
            as device_id,
        session_events.session_start
            + {event_offset_sql(rnd, "position")}
            as event_time,
        {rnd("e", 8)} as out_of_session_draw
    from session_events
    inner join users on users.user_index = session_events.user_index
),
{rows_from_base_events_sql(history.seed)}{raw_select_sql("all_rows")}"""


def hold_back_statements(history: LongHistory, table: str) -> dict[str, str]:
    """Statements, in order, that mark in `table` (the generated rows) what the benchmark appends later.

    The first adds a boolean column is_held_back (false); each statement's row count is the size of its part:
    - every row dated on the day after the history;
    - LATE_EVENTS single events dated on earlier days (in users' old sessions, or out of session);
    - LATE_SESSIONS whole sessions dated on earlier days, of users with other sessions (new sessions in the past);
    - RESENT_OLD_EVENTS re-sent copies of loaded events (same id, device_id, _insert_id and event; a uuid of their
      own and a client_upload_time on the day after), added;
    - FIRST_LOGINS first logins of amplitude_ids that have only anonymous events, all of them loaded and in the
      past: an event with the user_id 'user_' || user_index in a new session on the day after, on the
      amplitude_id's last device (and, as every generated event, a 1 % chance of a re-sent copy), added.
    Added rows carry is_held_back = true; the benchmark sets every held-back row's _fivetran_synced when it
    appends them.
    """
    seed = history.seed
    next_day = f"timestamp '{history.next_day.isoformat()}'"
    loaded = f"select * from {table} where not is_held_back"

    def rnd(key: str, salt: int) -> str:
        return _random(key, salt, seed)

    resent = f"""
        insert into {table}
        with copies as (
            select
                * replace (
                    uuid || '_resent_late' as uuid,
                    {next_day} + to_milliseconds(cast(floor({rnd("uuid", 31)} * {DAY_MS}) as bigint))
                        as client_upload_time
                )
            from ({loaded})
            order by hash(uuid, {seed}, 32), uuid
            limit {RESENT_OLD_EVENTS}
        ),
        all_rows as (
            select * replace (client_upload_time + to_milliseconds(3600000) as _fivetran_synced)
            from copies
        )
        select *, true as is_held_back from ({raw_select_sql("all_rows")})
    """
    first_logins = f"""
        insert into {table}
        with anonymous_ids as (
            select
                amplitude_id,
                arg_max(device_id, (event_time, uuid)) as device_id
            from {table}
            group by amplitude_id
            having
                count(user_id) = 0
                and count(*) filter (where is_held_back) = 0
                and count(*) filter (where session_id > 0) > 0
            order by hash(amplitude_id, {seed}, 33), amplitude_id
            limit {FIRST_LOGINS}
        ),
        base_events as (
            select
                e,
                amplitude_id - 100000000 as user_index,
                'identified' as kind,
                cast(null as timestamp) as login_at,
                session_start,
                device_id,
                session_start + {event_offset_sql(rnd, "0")} as event_time,
                1.0 as out_of_session_draw
            from (
                select
                    *,
                    (select max(id) from {table}) + row_number() over (order by amplitude_id) - 1 as e,
                    {next_day} + to_milliseconds(cast(floor({rnd("amplitude_id", 34)} * 0.9 * {DAY_MS}) as bigint))
                        as session_start
                from anonymous_ids
            )
        ),
        {rows_from_base_events_sql(seed)}
        select *, true as is_held_back from ({raw_select_sql("all_rows")})
    """
    return {
        "add column": f"alter table {table} add column is_held_back boolean default false",
        f"day {history.days + 1}": f"update {table} set is_held_back = true where event_time >= {next_day}",
        "late events": f"""
            update {table} set is_held_back = true
            where uuid in (select uuid from ({loaded}) order by hash(uuid, {seed}, 29), uuid limit {LATE_EVENTS})
        """,
        "late sessions": f"""
            update {table} set is_held_back = true
            from (
                select amplitude_id, session_id
                from (
                    select
                        amplitude_id,
                        session_id,
                        count(*) over (partition by amplitude_id) as user_sessions
                    from ({loaded})
                    where session_id > 0
                    group by amplitude_id, session_id
                )
                where user_sessions > 2
                order by hash(amplitude_id, session_id, {seed}, 30), amplitude_id, session_id
                limit {LATE_SESSIONS}
            ) as late
            where {table}.amplitude_id = late.amplitude_id and {table}.session_id = late.session_id
        """,
        "re-sent old events": resent,
        "first logins": first_logins,
    }
