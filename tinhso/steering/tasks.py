"""Background work of the steering module: the daily deadline reminders.

The job keeps itself going: each run sends the day's reminders and enqueues the next run for
STEERING_REMINDER_HOUR (07:00 by default) province time. ``schedule_reminders`` (the
``schedule_reminders`` command, which scripts/serve runs before the worker starts) starts the
chain when none is waiting, so it runs once per deployment however often the site restarts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.tasks import TaskResultStatus, task, task_backends
from django.utils import timezone

from tinhso.core.dates import PROVINCE_ZONE
from tinhso.steering.reminders import send_reminders


@task
def send_reminders_task() -> dict[str, Any]:
    """Send today's deadline reminders (idempotent), then schedule tomorrow's run, even when
    this one failed: a bad day must not end the chain."""
    try:
        run = send_reminders()
    finally:
        schedule_reminders(at=next_run_at())
    return run.as_dict()


@dataclass(frozen=True)
class Scheduled:
    """The run of the daily job that is waiting: when it runs (None: as soon as a worker is
    free, or unknown) and whether this call enqueued it."""

    run_after: dt.datetime | None
    created: bool


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next STEERING_REMINDER_HOUR o'clock in the province strictly after ``now``."""
    now = (now or timezone.now()).astimezone(PROVINCE_ZONE)
    at = dt.time(getattr(settings, "STEERING_REMINDER_HOUR", 7), tzinfo=PROVINCE_ZONE)
    today = dt.datetime.combine(now.date(), at)
    return today if today > now else dt.datetime.combine(now.date() + dt.timedelta(days=1), at)


def schedule_reminders(*, at: dt.datetime | None = None) -> Scheduled | None:
    """Enqueue the daily job to run at ``at`` (as soon as possible when None) unless a run is
    already waiting in the queue. None when the backend cannot run a task later (the immediate
    backend of the tests): a job it ran at once must not enqueue itself again and again."""
    backend = task_backends[send_reminders_task.backend]
    if not backend.supports_defer:
        return None
    waiting = _waiting_run(backend)
    if waiting is not None:
        return waiting
    job = send_reminders_task if at is None else send_reminders_task.using(run_after=at)
    result = job.enqueue()
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
            task_path=send_reminders_task.module_path,
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
