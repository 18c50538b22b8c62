"""Reading the EPCIS repository: events by query, by eventID, and capture jobs, each scoped to
what the reader may see (EventPolicy). Events come back as their stored JSON text, ready to be
put into a query document without being parsed again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from tinhso.core.policies import VIEW
from tinhso.epcis.models import CaptureJob, Event, EventIdentifier
from tinhso.epcis.permissions import EventPolicy
from tinhso.epcis.query import EventQuery, Match

POLICY = EventPolicy()


@dataclass(frozen=True)
class EventKey:
    """Where a page of events ends: results are in (event_time, id) order."""

    event_time: datetime
    id: int


@dataclass(frozen=True)
class JobKey:
    """Where a page of capture jobs ends: newest first, by (created_at, id)."""

    created_at: datetime
    id: str


@dataclass(frozen=True)
class StoredEvent:
    """One event of a result: its key and its JSON text as stored."""

    key: EventKey
    json: str


def query_events(
    *, user: Any, query: EventQuery, after: EventKey | None = None, limit: int
) -> list[StoredEvent]:
    """Up to ``limit`` events ``user`` may read that match ``query``, after ``after``."""
    events = filtered_events(user=user, query=query)
    if after is not None:
        events = events.filter(
            Q(event_time__gte=after.event_time)
            & (Q(event_time__gt=after.event_time) | Q(id__gt=after.id))
        )
    rows = (
        events.order_by("event_time", "id")
        .annotate(text=Cast("document", TextField()))
        .values_list("event_time", "id", "text")[:limit]
    )
    return [StoredEvent(EventKey(time, pk), text) for time, pk, text in rows]


def filtered_events(*, user: Any, query: EventQuery) -> QuerySet[Event]:
    """The events ``user`` may read that match ``query`` (unordered, unpaged)."""
    events = POLICY.scope(Event.objects.all(), user, VIEW)
    if query.event_types:
        events = events.filter(event_type__in=query.event_types)
    for (column, lookup), moment in query.times.items():
        events = events.filter(**{f"{column}__{lookup}": moment})
    for column, values in query.equals.items():
        events = events.filter(**{f"{column}__in": values})
    for match in query.matches:
        events = events.filter(id__in=_identified(match))
    return events


def _identified(match: Match) -> QuerySet[EventIdentifier, Any]:
    condition = Q(identifier__in=match.exact)
    for prefix in match.prefixes:
        condition |= Q(identifier__startswith=prefix)
    return EventIdentifier.objects.filter(condition, role__in=match.roles).values("event_id")


def event_by_id(*, user: Any, event_id: str) -> StoredEvent | None:
    """The event with this eventID if ``user`` may read it, else None."""
    rows = (
        POLICY.scope(Event.objects.all(), user, VIEW)
        .filter(event_id=event_id)
        .annotate(text=Cast("document", TextField()))
        .values_list("event_time", "id", "text")[:1]
    )
    return next((StoredEvent(EventKey(time, pk), text) for time, pk, text in rows), None)


def capture_jobs(*, user: Any, after: JobKey | None = None, limit: int) -> list[CaptureJob]:
    """Up to ``limit`` capture jobs ``user`` may see, newest first, after ``after``."""
    jobs = POLICY.scope(CaptureJob.objects.all(), user, VIEW)
    if after is not None:
        jobs = jobs.filter(
            Q(created_at__lte=after.created_at)
            & (Q(created_at__lt=after.created_at) | Q(id__lt=after.id))
        )
    return list(jobs.order_by("-created_at", "-id")[:limit])


def capture_job(*, user: Any, job_id: str) -> CaptureJob | None:
    """The capture job if ``user`` may see it, else None."""
    return POLICY.scope(CaptureJob.objects.all(), user, VIEW).filter(pk=job_id).first()
