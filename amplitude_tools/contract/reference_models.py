"""Contract sections 9 to 11 in plain Python: the event, user and day models around the sessions.

Built on amplitude_tools.contract.reference; tests compare every column of amplitude__event_enhanced,
amplitude__user_enhanced, amplitude__daily_performance and amplitude__daily_sessions with what these functions
give for the same raw rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from amplitude_tools.contract.reference import (
    MINUTE_PLACES,
    Config,
    Row,
    Session,
    assigned_events,
    deduplicated,
    epoch_ms,
    event_order,
    staged,
    surrogate_key,
    utc_today,
)

# Event type names: (source_relation, event_type_id, project_name) -> (name, display), as the event_type table gives.
EventTypes = Mapping[tuple[str, int, int], tuple[str | None, str | None]]
# Columns of the kept row that amplitude__event_enhanced carries under another name or computes.
DERIVED_EVENT_COLUMNS = ("id", "session_id", "event_time")


def rounded_ratio(total: Decimal | int, count: int) -> Decimal:
    """total / count to six places, halves away from zero (the package's average_to_six_places)."""
    return (Decimal(total) / count).quantize(MINUTE_PLACES, ROUND_HALF_UP)


def user_enhanced(session_rows: list[Session]) -> list[dict[str, Any]]:
    """Section 10: one dict per (source_relation, amplitude_user_id) with a session."""
    by_user: dict[tuple[str, str], list[Session]] = defaultdict(list)
    for session in session_rows:
        by_user[(session["source_relation"], session["amplitude_user_id"])].append(session)
    built = []
    for (source_relation, user), members in by_user.items():
        first = min(members, key=lambda session: session["user_session_number"])
        user_ids = [session["user_id"] for session in members if session["user_id"] is not None]
        gaps = [session["minutes_in_between_sessions"] for session in members
                if session["minutes_in_between_sessions"] is not None]
        total_minutes = sum((session["session_length_in_minutes"] for session in members), Decimal(0))
        built.append({
            "unique_user_id": surrogate_key(source_relation, user),
            "source_relation": source_relation,
            "amplitude_user_id": user,
            "user_id": max(user_ids) if user_ids else None,
            "first_session_at": first["session_started_at"],
            "last_session_at": max(session["session_started_at"] for session in members),
            "last_session_ended_at": max(session["session_ended_at"] for session in members),
            "total_sessions": len(members),
            "total_events_in_sessions": sum(session["events_per_session"] for session in members),
            "total_session_minutes": total_minutes,
            "average_session_length_in_minutes": rounded_ratio(total_minutes, len(members)),
            "average_minutes_in_between_sessions": (
                rounded_ratio(sum(gaps, Decimal(0)), len(gaps)) if gaps else None),
            "active_days": len({session["session_started_at_day"] for session in members}),
            "engaged_sessions": sum(1 for session in members if session["is_engaged_session"]),
            "conversion_events": sum(session["conversion_events"] for session in members),
            "first_platform": first["platform"],
            "first_country": first["country"],
            "first_version_name": first["version_name"],
        })
    return built


def daily_sessions(session_rows: list[Session]) -> list[dict[str, Any]]:
    """Section 11: one dict per (source_relation, session_started_at_day) on which a session starts."""
    by_day: dict[tuple[str, date], list[Session]] = defaultdict(list)
    for session in session_rows:
        by_day[(session["source_relation"], session["session_started_at_day"])].append(session)
    built = []
    for (source_relation, day), members in by_day.items():
        total_minutes = sum((session["session_length_in_minutes"] for session in members), Decimal(0))
        built.append({
            "daily_unique_key": surrogate_key(source_relation, day.isoformat()),
            "source_relation": source_relation,
            "session_started_at_day": day,
            "number_sessions": len(members),
            "number_users": len({session["amplitude_user_id"] for session in members}),
            "number_new_users": sum(1 for session in members if session["user_session_number"] == 1),
            "total_session_minutes": total_minutes,
            "average_session_length_in_minutes": rounded_ratio(total_minutes, len(members)),
            "average_events_per_session": rounded_ratio(
                sum(session["events_per_session"] for session in members), len(members)),
            "engaged_sessions": sum(1 for session in members if session["is_engaged_session"]),
            "conversion_events": sum(session["conversion_events"] for session in members),
        })
    return built


def unique_event_id(event: Row) -> str:
    """Section 9: the key of the event's duplicates (section 3), as a surrogate key."""
    if event["_insert_id"] is not None:
        return surrogate_key(event["source_relation"], event["device_id"], event["_insert_id"])
    client_ms = None if event["client_event_time"] is None else epoch_ms(event["client_event_time"])
    identity = event["user_id"] if event["user_id"] is not None else (
        None if event["amplitude_id"] is None else str(event["amplitude_id"]))
    return surrogate_key(event["source_relation"], event["id"], event["device_id"], client_ms, identity)


def _numbered(events: list[dict[str, Any]], column: str) -> None:
    events.sort(key=lambda event: (*event_order(event), event["unique_event_id"]))
    for number, event in enumerate(events, start=1):
        event[column] = number


def event_enhanced(rows: Iterable[Row], config: Config | None = None, today: date | None = None,
                   event_types: EventTypes | None = None) -> list[dict[str, Any]]:
    """Section 9: one dict per kept event, every column of amplitude__event_enhanced."""
    config = config or Config()
    events = assigned_events(deduplicated(staged(rows, config, today or utc_today())), config)
    by_session: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    by_user: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    built = []
    for event in events:
        in_session = event["session_key"] is not None
        names = (event_types or {}).get(
            (event["source_relation"], event.get("event_type_id"), event.get("project_name")), (None, None))
        enhanced = {
            **{column: value for column, value in event.items() if column not in DERIVED_EVENT_COLUMNS},
            "unique_event_id": unique_event_id(event),
            "event_id": event["id"],
            "event_time": event["event_time"],
            "event_day": event["event_time"].date(),
            "session_id": event["assigned_session_id"],
            "unique_session_id": surrogate_key(*event["session_key"]) if in_session else None,
            "session_event_number": None,
            "user_event_number": None,
            "event_type_name": names[0],
            "event_type_display": names[1],
            "id": event["id"],
            "uuid": event.get("uuid"),
        }
        for column in ("session_key", "assigned_session_id"):
            enhanced.pop(column)
        built.append(enhanced)
        if in_session:
            by_session[event["session_key"]].append(enhanced)
        if event["amplitude_user_id"] is not None:
            by_user[(event["source_relation"], event["amplitude_user_id"])].append(enhanced)
    for members in by_session.values():
        _numbered(members, "session_event_number")
    for members in by_user.values():
        _numbered(members, "user_event_number")
    for enhanced in built:
        enhanced.pop("id")
    return built


def daily_performance(event_rows: list[dict[str, Any]], session_rows: list[Session]) -> list[dict[str, Any]]:
    """Section 11: per (source_relation, event_day, event_type), zero-filled from the type's first day to the
    connection's last day; new users are those whose session number 1 started that day."""
    first_days = {(session["source_relation"], session["amplitude_user_id"]): session["session_started_at_day"]
                  for session in session_rows if session["user_session_number"] == 1}
    last_days: dict[str, date] = {}
    by_day: dict[tuple[str, date, str], list[dict[str, Any]]] = defaultdict(list)
    for event in event_rows:
        source = event["source_relation"]
        last_days[source] = max(last_days.get(source, event["event_day"]), event["event_day"])
        if event["event_type"] is not None:
            by_day[(source, event["event_day"], event["event_type"])].append(event)
    first_type_days: dict[tuple[str, str], date] = {}
    for source, day, event_type in by_day:
        key = (source, event_type)
        first_type_days[key] = min(first_type_days.get(key, day), day)
    built = []
    for (source, event_type), first_day in first_type_days.items():
        day = first_day
        while day <= last_days[source]:
            members = by_day.get((source, day, event_type), [])
            users = {event["amplitude_user_id"] for event in members if event["amplitude_user_id"] is not None}
            built.append({
                "daily_unique_key": surrogate_key(source, day.isoformat(), event_type),
                "source_relation": source,
                "event_day": day,
                "event_type": event_type,
                "number_events": len(members),
                "number_sessions": len({event["unique_session_id"] for event in members
                                        if event["unique_session_id"] is not None}),
                "number_users": len(users),
                "number_new_users": sum(1 for user in users if first_days.get((source, user)) == day),
            })
            day += timedelta(days=1)
    return built
