"""Daily background jobs that keep themselves going, with no cron: each run does its work, then
enqueues its successor for the next given hour, province time (``run_after``). A command run at
start-up (scripts/serve, the worker's service) starts the chain only when no run is waiting, so
however often the site restarts, one run a day is queued. Used by the steering reminders and the
traceability counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.tasks import TaskResultStatus, task_backends
from django.utils import timezone

from tinhso.core.dates import PROVINCE_ZONE


@dataclass(frozen=True)
class Scheduled:
    """The run of a daily job that is waiting: when it runs (None: as soon as a worker is free,
    or unknown) and whether this call enqueued it."""

    run_after: dt.datetime | None
    created: bool


def next_run_at(hour: int, now: dt.datetime | None = None) -> dt.datetime:
    """The next ``hour`` o'clock in the province strictly after ``now``."""
    now = (now or timezone.now()).astimezone(PROVINCE_ZONE)
    at = dt.time(hour, tzinfo=PROVINCE_ZONE)
    today = dt.datetime.combine(now.date(), at)
    return today if today > now else dt.datetime.combine(now.date() + dt.timedelta(days=1), at)


def schedule_once(job: Any, *, at: dt.datetime | None = None) -> Scheduled | None:
    """Enqueue ``job`` (a task) to run at ``at`` (as soon as possible when None) unless a run of
    it is already waiting in the queue. None when the backend cannot run a task later (the
    immediate backend of the tests): a job it ran at once must not enqueue itself again and
    again."""
    backend = task_backends[job.backend]
    if not backend.supports_defer:
        return None
    waiting = _waiting_run(job, backend)
    if waiting is not None:
        return waiting
    result = (job if at is None else job.using(run_after=at)).enqueue()
    return Scheduled(run_after=result.task.run_after, created=True)


def _waiting_run(job: Any, backend: Any) -> Scheduled | None:
    """The run of ``job`` waiting in the database queue, if any. A run being executed does not
    count: it is the one scheduling its successor. Only the database backend can be asked."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not isinstance(backend, DatabaseBackend):
        return None
    row = (
        DBTaskResult.objects.filter(
            task_path=job.module_path,
            backend_name=backend.alias,
            status=TaskResultStatus.READY,
        )
        .order_by("run_after")
        .first()
    )
    if row is None:
        return None
    return Scheduled(
        run_after=None if row.run_after == get_date_max() else row.run_after, created=False
    )


def describe(job_name: str, scheduled: Scheduled | None) -> str:
    """What a schedule command prints: "<job>: queued to run at …", "already queued …", or
    that the backend cannot schedule."""
    if scheduled is None:
        return f"{job_name}: this task backend cannot schedule; not queued."
    when = (
        f"at {timezone.localtime(scheduled.run_after, PROVINCE_ZONE):%Y-%m-%d %H:%M}"
        if scheduled.run_after
        else "as soon as the worker is free"
    )
    state = "queued to run" if scheduled.created else "already queued to run"
    return f"{job_name}: {state} {when}."
