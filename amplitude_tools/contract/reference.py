"""The contract (docs/contract.md) written as plain Python, independent of the SQL.

Tests compare every column the package builds with what this module computes from the
same raw rows. It favours being obviously right over being fast.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

EPOCH = datetime(1970, 1, 1)
NULL_KEY_PART = "_dbt_utils_surrogate_key_null_"
MINUTE_PLACES = Decimal("0.000001")

Row = Mapping[str, Any]
Session = dict[str, Any]
# Contract section 8: the raw columns whose first non-null value in a session's event order describes it.
CONTEXT_COLUMNS = (
    "platform", "os_name", "os_version", "device_family", "device_type", "device_carrier", "country", "region",
    "city", "dma", "language", "version_name", "start_version", "library",
)


@dataclass(frozen=True)
class Config:
    """The vars that change the result."""

    date_range_start: date = date(2020, 1, 1)
    date_range_end: date | None = None
    stitch_anonymous_events: bool = True
    out_of_session_events: str = "exclude"
    session_timeout_minutes: float = 30
    conversion_event_types: tuple[str, ...] = ()
    engaged_session_min_seconds: float = 10
    # Session passthroughs: (output column, function of a kept raw row), as amplitude__session_passthrough_columns.
    passthroughs: tuple[tuple[str, Callable[[Row], Any]], ...] = field(default=())

    def dbt_vars(self) -> dict[str, Any]:
        """The package vars that give this configuration: those that differ from the defaults (passthroughs,
        which are Python functions here, are set by the test that defines them)."""
        names = {
            "date_range_start": "amplitude__date_range_start",
            "date_range_end": "amplitude__date_range_end",
            "stitch_anonymous_events": "amplitude__stitch_anonymous_events",
            "out_of_session_events": "amplitude__out_of_session_events",
            "session_timeout_minutes": "amplitude__session_timeout_minutes",
            "conversion_event_types": "amplitude__conversion_event_types",
            "engaged_session_min_seconds": "amplitude__engaged_session_min_seconds",
        }
        defaults = Config()
        dbt_vars: dict[str, Any] = {}
        for attribute, name in names.items():
            value = getattr(self, attribute)
            if value != getattr(defaults, attribute):
                dbt_vars[name] = value.isoformat() if isinstance(value, date) else (
                    list(value) if isinstance(value, tuple) else value)
        return dbt_vars


def epoch_ms(moment: datetime) -> int:
    delta = moment - EPOCH
    return delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000


def minutes_between(start: datetime, end: datetime) -> Decimal:
    return (Decimal(epoch_ms(end) - epoch_ms(start)) / 60000).quantize(MINUTE_PLACES, ROUND_HALF_UP)


def surrogate_key(*parts: Any) -> str:
    text = "-".join(NULL_KEY_PART if part is None else str(part) for part in parts)
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def _blank_to_none(value: Any) -> Any:
    return None if value == "" else value


def _desc_nulls_last(value: Any) -> tuple[bool, Any]:
    return (value is not None, value if value is not None else 0)


def staged(rows: Iterable[Row], config: Config, today: date) -> list[dict[str, Any]]:
    """Section 2: drop rows without event_time or outside the date range; empty ids are null."""
    end = config.date_range_end or today
    kept = []
    for row in rows:
        event_time = row["event_time"]
        if event_time is None or not config.date_range_start <= event_time.date() <= end:
            continue
        event = dict(row)
        for column in ("_insert_id", "device_id", "user_id"):
            event[column] = _blank_to_none(event.get(column))
        for name, value in config.passthroughs:
            event[name] = value(row)
        kept.append(event)
    return kept


def duplicate_key(event: Row) -> tuple[Any, ...]:
    """Section 3: what makes two rows the same event."""
    if event["_insert_id"] is not None:
        return (event["source_relation"], "insert", event["device_id"], event["_insert_id"])
    identity = event["user_id"] if event["user_id"] is not None else (
        None if event["amplitude_id"] is None else str(event["amplitude_id"])
    )
    return (event["source_relation"], "row", event["id"], event["device_id"], event["client_event_time"], identity)


def preference(event: Row) -> tuple[Any, ...]:
    """Larger is preferred: latest upload, then latest load, then largest uuid (section 3), then tie-breakers
    that only make the choice deterministic (the package's order: duplicate_preference)."""
    return (
        _desc_nulls_last(event["client_upload_time"]),
        _desc_nulls_last(event["_fivetran_synced"]),
        _desc_nulls_last(event.get("uuid")),
        event["event_time"],
        _desc_nulls_last(event["session_id"]),
        _desc_nulls_last(event["user_id"]),
        _desc_nulls_last(event["amplitude_id"]),
        _desc_nulls_last(event.get("event_type")),
    )


def deduplicated(events: Iterable[Row]) -> list[Row]:
    best: dict[tuple[Any, ...], Row] = {}
    for event in events:
        key = duplicate_key(event)
        if key not in best or preference(event) > preference(best[key]):
            best[key] = event
    return list(best.values())


def stitched_user_ids(events: Iterable[Row]) -> dict[tuple[str, int], str]:
    """Section 4: per amplitude_id, the first user_id seen with it (by event_time, then smallest)."""
    first: dict[tuple[str, int], tuple[datetime, str]] = {}
    for event in events:
        if event["user_id"] is None or event["amplitude_id"] is None:
            continue
        key = (event["source_relation"], event["amplitude_id"])
        candidate = (event["event_time"], event["user_id"])
        if key not in first or candidate < first[key]:
            first[key] = candidate
    return {key: user_id for key, (_, user_id) in first.items()}


def assigned_events(events: list[Row], config: Config) -> list[dict[str, Any]]:
    """Sections 4 and 5: every kept event with its resolved_user_id, amplitude_user_id and session
    (session_key: (source_relation, amplitude_user_id, session_id) or None for an event in no session;
    assigned_session_id: the session's id, or the raw session_id for an event in no session)."""
    stitched = stitched_user_ids(events) if config.stitch_anonymous_events else {}
    assigned = []
    out_of_session: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        resolved = event["user_id"]
        if resolved is None:
            resolved = stitched.get((event["source_relation"], event["amplitude_id"]))
        user = resolved if resolved is not None else (
            None if event["amplitude_id"] is None else str(event["amplitude_id"])
        )
        tagged = {**event, "resolved_user_id": resolved, "amplitude_user_id": user,
                  "assigned_session_id": event["session_id"], "session_key": None}
        assigned.append(tagged)
        if user is None:
            continue
        session_id = event["session_id"]
        if session_id is not None and session_id > 0:
            tagged["session_key"] = (event["source_relation"], user, session_id)
        elif config.out_of_session_events == "sessionize":
            out_of_session[(event["source_relation"], user)].append(tagged)
    timeout_ms = config.session_timeout_minutes * 60000
    for (source_relation, user), user_events in out_of_session.items():
        user_events.sort(key=lambda event: event["event_time"])
        session_start: int | None = None
        previous: int | None = None
        for event in user_events:
            moment = epoch_ms(event["event_time"])
            if previous is None or moment - previous > timeout_ms:
                session_start = moment
            previous = moment
            event["assigned_session_id"] = -session_start
            event["session_key"] = (source_relation, user, -session_start)
    return assigned


def session_events(events: list[Row], config: Config) -> dict[tuple[str, str, int], list[Row]]:
    """Sections 4 and 5: the events of each (source_relation, amplitude_user_id, session_id)."""
    grouped: dict[tuple[str, str, int], list[Row]] = defaultdict(list)
    for event in assigned_events(events, config):
        if event["session_key"] is not None:
            grouped[event["session_key"]].append(event)
    return grouped


def event_order(event: Row) -> tuple[Any, ...]:
    """Section 8: by event_time, then id, then uuid, ascending, a null after every value."""
    return (event["event_time"], event["id"] is None, event["id"] or 0,
            event.get("uuid") is None, event.get("uuid") or "")


def last_event_order(event: Row) -> tuple[Any, ...]:
    """Section 8: the order that puts the last event first: each key descending, a null again after every value."""
    return (event["event_time"], event["id"] is not None, event["id"] or 0,
            event.get("uuid") is not None, event.get("uuid") or "")


def first_value(ordered: list[Row], column: str) -> Any:
    """The value of a column on the first of the events on which it is not null (an empty string is null)."""
    return next((event[column] for event in ordered if _blank_to_none(event.get(column)) is not None), None)


def context(members: list[Row], config: Config) -> dict[str, Any]:
    """Section 8: what happened in the session, where and on what."""
    ordered = sorted(members, key=event_order)
    started, ended = ordered[0]["event_time"], max(event["event_time"] for event in members)
    conversions = sum(1 for event in members if event.get("event_type") in config.conversion_event_types)
    return {
        "first_event_type": ordered[0]["event_type"],
        "last_event_type": max(members, key=last_event_order)["event_type"],
        "distinct_event_types": len({event["event_type"] for event in members if event["event_type"] is not None}),
        **{column: first_value(ordered, column) for column in CONTEXT_COLUMNS},
        **{name: first_value(ordered, name) for name, _ in config.passthroughs},
        "conversion_events": conversions,
        "is_engaged_session": (epoch_ms(ended) - epoch_ms(started) >= 1000 * config.engaged_session_min_seconds
                               or conversions > 0),
    }


def utc_today() -> date:
    return datetime.now(UTC).date()


def sessions(rows: Iterable[Row], config: Config = Config(), today: date | None = None) -> list[Session]:
    """Sections 6 and 8: one dict per session with every output column."""
    events = deduplicated(staged(rows, config, today or utc_today()))
    built: list[Session] = []
    for (source_relation, user, session_id), members in session_events(events, config).items():
        resolved = [event["resolved_user_id"] for event in members if event["resolved_user_id"] is not None]
        started = min(event["event_time"] for event in members)
        ended = max(event["event_time"] for event in members)
        built.append({
            "unique_session_id": surrogate_key(source_relation, user, session_id),
            "source_relation": source_relation,
            "session_id": session_id,
            "amplitude_user_id": user,
            "user_id": max(resolved) if resolved else None,
            "events_per_session": len(members),
            "session_started_at": started,
            "session_ended_at": ended,
            "session_length_in_minutes": minutes_between(started, ended),
            "session_started_at_day": started.date(),
            "session_ended_at_day": ended.date(),
            **context(members, config),
        })
    by_user: dict[tuple[str, str], list[Session]] = defaultdict(list)
    for session in built:
        by_user[(session["source_relation"], session["amplitude_user_id"])].append(session)
    for user_sessions in by_user.values():
        user_sessions.sort(key=lambda session: (session["session_started_at"], session["session_id"]))
        previous: Session | None = None
        for number, session in enumerate(user_sessions, start=1):
            last_ended = previous["session_ended_at"] if previous else None
            session["user_session_number"] = number
            session["last_session_ended_at"] = last_ended
            session["last_session_ended_at_day"] = last_ended.date() if last_ended else None
            session["is_first_user_session"] = 1 if number == 1 else 0
            session["minutes_in_between_sessions"] = (
                minutes_between(last_ended, session["session_started_at"]) if last_ended else None
            )
            previous = session
    return built
