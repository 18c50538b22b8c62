"""Writing captured events at database speed.

On PostgreSQL the events and their identifiers go in by COPY, the event ids drawn from the
table's sequence first so the identifier rows can name them. Elsewhere (SQLite) through
``bulk_create``, which hands the new ids back. Either way one caller transaction holds it all:
a row someone else inserted meanwhile (the same eventID) fails the whole capture, never half.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from django.db import connection

from tinhso.epcis.models import Event, EventIdentifier

EVENT_COLUMNS = (
    "id", "event_id", "event_type", "event_time", "event_time_zone_offset", "record_time",
    "action", "biz_step", "disposition", "read_point", "biz_location", "owner_id",
    "capture_job_id", "document",
)  # fmt: skip
IDENTIFIER_COLUMNS = ("event_id", "identifier", "role")
BATCH = 1000


@dataclass(slots=True)
class EventRow:
    """One event ready to be written: its columns, its JSON and its identifiers."""

    event_id: str
    event_type: str
    event_time: datetime
    event_time_zone_offset: str
    action: str
    biz_step: str
    disposition: str
    read_point: str
    biz_location: str
    document: dict[str, Any]
    identifiers: list[tuple[str, int]]


def insert_events(
    rows: Iterable[EventRow], *, count: int, record_time: datetime, owner_id: int | None,
    job_id: Any,
) -> int:  # fmt: skip
    """Insert new events, with their identifiers, inside the caller's transaction; ``rows``
    (at most ``count``) are taken one by one as they are written. Returns how many there were."""
    if not count:
        return 0
    if connection.vendor == "postgresql":
        return _copy(rows, count, record_time, owner_id, job_id)
    return _bulk_create(list(rows), record_time, owner_id, job_id)


def next_event_ids(count: int) -> list[int]:
    """``count`` new ids from the events table's sequence (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [_sequence(), count]
        )
        return [row[0] for row in cursor.fetchall()]


@cache
def _sequence() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [Event._meta.db_table])
        name: str = cursor.fetchone()[0]
    return name


def copy_rows(
    event_rows: Sequence[Sequence[Any]], identifier_rows: Sequence[Sequence[Any]]
) -> None:
    """COPY ready rows (EVENT_COLUMNS, the document as JSON text; IDENTIFIER_COLUMNS) into the
    two tables (PostgreSQL). The capture's own path, and the benchmark's raw limit."""
    events = Event._meta.db_table
    # psycopg's own cursor, its errors made Django's (IntegrityError for a stored eventID).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        with raw.copy(f"COPY {events} ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
            for row in event_rows:
                copy.write_row(row)
        _copy_identifiers(raw, identifier_rows)


def _copy(
    rows: Iterable[EventRow], count: int, record_time: datetime, owner_id: int | None, job: Any
) -> int:
    # Ids first, so identifier rows can name their events; those of skipped events stay unused.
    ids = next_event_ids(count)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
    identifier_rows: list[tuple[int, str, int]] = []
    written = 0
    events = Event._meta.db_table
    with connection.cursor() as cursor, connection.wrap_database_errors:
        raw = cursor.cursor
        with raw.copy(f"COPY {events} ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
            for pk, r in zip(ids, rows, strict=False):
                copy.write_row(
                    (
                        pk, r.event_id, r.event_type, r.event_time, r.event_time_zone_offset,
                        record_time, r.action, r.biz_step, r.disposition, r.read_point,
                        r.biz_location, owner_id, job, dumps(r.document),
                    )
                )  # fmt: skip
                identifier_rows += [(pk, identifier, role) for identifier, role in r.identifiers]
                written += 1
        _copy_identifiers(raw, identifier_rows)
    return written


def _copy_identifiers(raw: Any, rows: Sequence[Sequence[Any]]) -> None:
    columns = ", ".join(IDENTIFIER_COLUMNS)
    with raw.copy(f"COPY {EventIdentifier._meta.db_table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _bulk_create(
    rows: Sequence[EventRow], record_time: datetime, owner_id: int | None, job_id: Any
) -> int:
    events = Event.objects.bulk_create(
        [
            Event(
                event_id=r.event_id, event_type=r.event_type, event_time=r.event_time,
                event_time_zone_offset=r.event_time_zone_offset, record_time=record_time,
                action=r.action, biz_step=r.biz_step, disposition=r.disposition,
                read_point=r.read_point, biz_location=r.biz_location, owner_id=owner_id,
                capture_job_id=job_id, document=r.document,
            )
            for r in rows
        ],
        batch_size=BATCH,
    )  # fmt: skip
    EventIdentifier.objects.bulk_create(
        [
            EventIdentifier(event_id=event.pk, identifier=identifier, role=role)
            for event, r in zip(events, rows, strict=True)
            for identifier, role in r.identifiers
        ],
        batch_size=BATCH,
    )
    return len(rows)
