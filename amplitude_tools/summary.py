"""Prints a short summary of the sessions and events the package built in a DuckDB file."""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

SUMMARY_SQL = """
select
    count(*) as sessions,
    count(distinct source_relation || '/' || amplitude_user_id) as users,
    sum(events_per_session) as events,
    median(session_length_in_minutes) as median_minutes,
    avg(is_first_user_session) as first_session_share,
    avg(events_per_session) as mean_events,
    median(events_per_session) as median_events,
    min(session_started_at_day) as first_day,
    max(session_started_at_day) as last_day
from {relation}
"""


EVENTS_SQL = """
select
    count(*) as events,
    count(unique_session_id) as in_sessions,
    (select count(*) from main.amplitude__daily_performance) as event_type_days
from main.amplitude__event_enhanced
"""


def summarize(database: Path, relation: str = "main.amplitude__sessions") -> str:
    with duckdb.connect(str(database), read_only=True) as con:
        row = con.execute(SUMMARY_SQL.format(relation=relation)).fetchone()
        kept, in_sessions, event_type_days = con.execute(EVENTS_SQL).fetchone()
    sessions, users, events, median_minutes, first_share, mean_events, median_events, first_day, last_day = row
    return "\n".join([
        f"amplitude__sessions in {database}:",
        f"  sessions               {sessions:,} of {users:,} users, {first_day} to {last_day}",
        f"  events in sessions     {events:,}",
        f"  median session length  {float(median_minutes):.2f} minutes",
        f"  first sessions         {float(first_share):.1%} of sessions",
        f"  events per session     {float(mean_events):.1f} on average, median {float(median_events):.0f}",
        f"amplitude__event_enhanced: {kept:,} kept events, {in_sessions:,} in sessions",
        f"amplitude__daily_performance: {event_type_days:,} rows (day and event type)",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("database", type=Path)
    print(summarize(parser.parse_args().database))


if __name__ == "__main__":
    main()
