"""Small random Amplitude histories for property tests, and their split into loads."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

import duckdb

from amplitude_tools.data.generator import Shape, events_sql

Row = dict[str, Any]
LOADS_START = datetime(2026, 6, 1)


def random_history(seed: int, events: int = 1500, days: int = 4) -> list[Row]:
    """Generated events (the project's generator, small and dense) as dicts of raw columns."""
    shape = Shape(events=events, seed=seed, start_day=date(2026, 3, 1), days=days)
    with duckdb.connect() as con:
        cursor = con.execute(events_sql(shape))
        columns = [description[0] for description in cursor.description]
        return [dict(zip(columns, values, strict=True)) for values in cursor.fetchall()]


def split_into_loads(rows: list[Row], seed: int, loads: int) -> list[list[Row]]:
    """Split a history into loads in event_time order, then disturb it the way real loads do.

    Each later load also brings late events of any age, re-sent copies of events already
    loaded (a later upload, sometimes a corrected time, session_id or amplitude_id: with an
    _insert_id the copy is still the same event, which moves; without one, a changed
    amplitude_id makes it another event), and copies that identify an
    anonymous event, one in a session and one out of session (the re-sent copy carries a
    user_id: the duplicate moves users).
    Every row gets _fivetran_synced inside its load's hour.
    """
    chance = random.Random(seed)
    ordered = sorted(rows, key=lambda row: (row["event_time"], row["uuid"]))
    cuts = sorted(chance.sample(range(1, len(ordered)), loads - 1))
    bounds = [0, *cuts, len(ordered)]
    batches: list[list[Row]] = [list(ordered[bounds[i]:bounds[i + 1]]) for i in range(loads)]
    for number in range(1, loads):
        for row in list(batches[number - 1]):
            draw = chance.random()
            if draw < 0.06:
                batches[number - 1].remove(row)
                batches[chance.randrange(number, loads)].append(row)
    for number in range(1, loads):
        earlier = [row for batch in batches[:number] for row in batch]
        for row in chance.sample(earlier, min(len(earlier), 4)):
            copy = dict(row, uuid=f"{row['uuid']}_again{number}")
            copy["client_upload_time"] = (row["client_upload_time"] or row["event_time"]) + timedelta(minutes=5)
            if chance.random() < 0.5:
                copy["event_time"] = row["event_time"] - timedelta(milliseconds=chance.randrange(1, 90_000_000))
            change = chance.random()
            if change < 0.15:
                copy["session_id"] = chance.choice(earlier)["session_id"]
            elif change < 0.25:
                copy["amplitude_id"] = chance.choice(earlier)["amplitude_id"]
            batches[number].append(copy)
        anonymous = [row for row in earlier if row["user_id"] is None and row["_insert_id"] is not None]
        in_session = [row for row in anonymous if (row["session_id"] or 0) > 0]
        out_of_session = [row for row in anonymous if (row["session_id"] or 0) <= 0]
        # One login inside a session and one sent outside any (it stitches all the same).
        for row in chance.sample(in_session, min(len(in_session), 1)) + chance.sample(
            out_of_session, min(len(out_of_session), 1)
        ):
            copy = dict(row, uuid=f"{row['uuid']}_identified{number}", user_id=f"late_login_{seed}_{number}")
            copy["client_upload_time"] = (row["client_upload_time"] or row["event_time"]) + timedelta(minutes=9)
            batches[number].append(copy)
    for number, batch in enumerate(batches):
        for row in batch:
            row["_fivetran_synced"] = LOADS_START + timedelta(hours=number, seconds=chance.randrange(0, 3600))
    return batches
