"""Contract sections 10 and 11 in plain Python: the user and day models built from the sessions.

Built on the session rows of amplitude_tools.contract.reference; tests compare every column of
amplitude__user_enhanced and amplitude__daily_sessions with what these functions give for the same raw rows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from amplitude_tools.contract.reference import MINUTE_PLACES, Session, surrogate_key


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
