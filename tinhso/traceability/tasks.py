"""Background work of the traceability module: the daily count of the registry into monitoring.

Center staff read these figures on the monitoring dashboard next to the reported ones, so they
must not wait for someone to run a command. The registry changes through many writes (a batch,
a GTIN added to a product, an enterprise moving commune; from pages, the API and EPCIS capture),
mostly by enterprises, who may not write monitoring values; one count a day, by the system,
keeps the yearly stock figures fresh to the day with one audited import at most, instead of one
per batch.

The job keeps itself going, as the steering reminders do: each run counts the current year and
the one before (tinhso.traceability.indicators.sync_recent) and enqueues the next run for RUN_HOUR
province time. ``manage.py schedule_traceability_indicators``, which scripts/serve and the worker
service run before the worker starts, starts the chain when none is waiting.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.tasks import TaskResultStatus, task, task_backends
from django.utils import timezone

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.core.policies import SYSTEM
from tinhso.traceability.indicators import sync_recent

# After midnight, so that a run counts the whole of the day before; before the working day.
RUN_HOUR = 1


@task
def sync_traceability_indicators_task() -> dict[str, Any]:
    """Count the registry into monitoring (idempotent), then schedule tomorrow's run, even when
    this one failed: a bad day must not end the chain."""
    try:
        with transaction.atomic():
            summaries = sync_recent(actor=SYSTEM)
    finally:
        schedule_traceability_indicators(at=next_run_at())
    return {
        "lines": [line for summary in summaries for line in summary.lines()],
        "written": sum(len(summary.result.written) for summary in summaries),
    }


@dataclass(frozen=True)
class Scheduled:
    """The run of the daily job that is waiting: when it runs (None: as soon as a worker is
    free, or unknown) and whether this call enqueued it."""

    run_after: dt.datetime | None
    created: bool


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next RUN_HOUR o'clock in the province strictly after ``now``."""
    now = (now or timezone.now()).astimezone(PROVINCE_ZONE)
    at = dt.time(RUN_HOUR, tzinfo=PROVINCE_ZONE)
    today = dt.datetime.combine(now.date(), at)
    return today if today > now else dt.datetime.combine(now.date() + dt.timedelta(days=1), at)


def schedule_traceability_indicators(*, at: dt.datetime | None = None) -> Scheduled | None:
    """Enqueue the daily job to run at ``at`` (as soon as possible when None) unless a run is
    already waiting. None when the backend cannot run a task later (the immediate backend of
    the tests): a job it ran at once must not enqueue itself again and again."""
    backend = task_backends[sync_traceability_indicators_task.backend]
    if not backend.supports_defer:
        return None
    waiting = _waiting_run(backend)
    if waiting is not None:
        return waiting
    job = sync_traceability_indicators_task
    result = (job if at is None else job.using(run_after=at)).enqueue()
    return Scheduled(run_after=result.task.run_after, created=True)


def _waiting_run(backend: Any) -> Scheduled | None:
    """The run waiting in the database queue, if any. A run being executed does not count:
    it is the one scheduling its successor. Only the database backend can be asked."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not isinstance(backend, DatabaseBackend):
        return None
    row = (
        DBTaskResult.objects.filter(
            task_path=sync_traceability_indicators_task.module_path,
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
