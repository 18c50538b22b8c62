"""Captured events made into rows to write: eventID (the CBV 2.0 event hash when the event has
none), the columns the queries filter on in canonical form, the identifiers it names, and the
JSON to keep, which carries the document's namespaces so that the event stands on its own when
it is queried, and the repository's recordTime.

Rows are made one by one as the writer asks for them, so that on PostgreSQL the database
stores one event while the next is hashed: the two run on different cores.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from tinhso.epcis import errors
from tinhso.epcis.bulk import EventRow
from tinhso.epcis.indexing import (
    BIZ_STEP,
    DISPOSITION,
    MAX_INDEXED_LENGTH,
    ROLE_FIELDS,
    canonical_term,
    event_identifiers,
    location_id,
)
from tinhso.epcis.validation import (
    HashNamespaces,
    Problem,
    context_prefixes,
    event_hash_id,
    validate_event,
)

STANDARD_CONTEXT_END = "/epcis-context.jsonld"


class Preparation:
    """The rows of a capture's events, made once, in order, as they are iterated.

    With ``validate``, each event of the document is checked (``validate_event`` with the
    document's prefixes, as ``validate_document`` checks it) just before its row is made;
    otherwise the caller has checked them. An eventID met again in the same capture is kept
    once (its first event); a value too long to index is a problem too. After the first
    problem no row is handed out, but the events are still checked, so every problem is found.
    ``kept`` (event index and eventID of each row) and ``problems`` hold what has been found so
    far; :meth:`finish` goes through the rest. Rows are not kept once handed out (a capture of
    10,000 events would hold them all in memory for nothing): :meth:`remake` makes some again.
    """

    def __init__(
        self,
        events: Sequence[Any],
        *,
        namespaces: HashNamespaces | None,
        prefixes: dict[str, str],
        context: Any,
        in_document: bool,
        record_time: datetime,
        validate: bool = False,
    ) -> None:
        self.events = events
        self.namespaces = namespaces
        self.prefixes = prefixes
        self.inherited = inherited_context(context)
        self.in_document = in_document
        self.validate = validate
        self.record_time = record_time
        self.stamp = record_time.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.kept: list[tuple[int, str]] = []
        self.problems: list[Problem] = []
        self._pending = self._make()

    @property
    def count(self) -> int:
        """How many events the capture has."""
        return len(self.events)

    def __iter__(self) -> Iterator[EventRow]:
        return self._pending

    def finish(self) -> None:
        """Go through the events no one has asked a row for yet."""
        for _row in self._pending:
            pass

    def remake(self, kept: Sequence[tuple[int, str]]) -> Iterator[EventRow]:
        """The rows of some kept events (index and eventID), made again."""
        for index, event_id in kept:
            yield self._row(self.events[index], event_id)

    def _make(self) -> Iterator[EventRow]:
        seen: set[str] = set()
        for index, event in enumerate(self.events):
            if self.validate:
                problems = validate_event(
                    event, prefixes=self.prefixes, index=index, path=f"epcisBody.eventList[{index}]"
                )
                if problems:
                    self.problems += problems
                    continue
            if self.problems:
                continue  # nothing will be stored: only look for further problems
            event_id = event.get("eventID") or event_hash_id(event, self.namespaces)
            if event_id in seen:
                continue
            seen.add(event_id)
            row = self._row(event, event_id)
            too_long = self._too_long(row, index)
            if too_long:
                self.problems += too_long
                continue
            self.kept.append((index, event_id))
            yield row

    def _row(self, event: Mapping[str, Any], event_id: str) -> EventRow:
        document = dict(event)
        own = event.get("@context")
        if self.inherited:
            extra = own if isinstance(own, list) else [own] if own is not None else []
            document = {"@context": [*self.inherited, *extra], **document}
            document["@context"] = [*self.inherited, *extra]  # the key first, merged
        document["eventID"] = event_id
        document["recordTime"] = self.stamp
        biz_step, disposition = event.get("bizStep"), event.get("disposition")
        # An event's own @context may declare prefixes of its own (for a CURIE bizStep).
        prefixes = self.prefixes if own is None else context_prefixes(own, self.prefixes)
        return EventRow(
            event_id=event_id,
            event_type=event["type"],
            event_time=datetime.fromisoformat(event["eventTime"]).astimezone(UTC),
            event_time_zone_offset=event["eventTimeZoneOffset"],
            action=event.get("action", ""),
            biz_step=canonical_term(biz_step, BIZ_STEP, prefixes) if biz_step else "",
            disposition=canonical_term(disposition, DISPOSITION, prefixes) if disposition else "",
            read_point=location_id(event.get("readPoint")),
            biz_location=location_id(event.get("bizLocation")),
            document=document,
            identifiers=event_identifiers(event),
        )

    def _too_long(self, row: EventRow, index: int) -> list[Problem]:
        limit = MAX_INDEXED_LENGTH
        texts = (row.event_id, row.biz_step, row.disposition, row.read_point, row.biz_location)
        if max(map(len, texts)) <= limit and all(len(i) <= limit for i, _r in row.identifiers):
            return []  # the usual case, checked without building anything
        values = [
            ("eventID", row.event_id), ("bizStep", row.biz_step),
            ("disposition", row.disposition), ("readPoint.id", row.read_point),
            ("bizLocation.id", row.biz_location),
            *((ROLE_FIELDS[role], identifier) for identifier, role in row.identifiers),
        ]  # fmt: skip
        pre = f"epcisBody.eventList[{index}]." if self.in_document else ""
        return [
            Problem(
                pre + field,
                "too_long",
                errors.TOO_LONG,
                {"limit": limit},
                index if self.in_document else None,
                row.event_id,
            )
            for field, value in values
            if len(value) > limit
        ]


def inherited_context(context: Any) -> list[Any]:
    """What of a document's @context its events need to stand alone: every entry but the
    standard EPCIS context, which the query document itself names."""
    if context is None:
        return []
    entries = context if isinstance(context, list) else [context]
    return [
        entry
        for entry in entries
        if not (isinstance(entry, str) and entry.endswith(STANDARD_CONTEXT_END))
    ]
