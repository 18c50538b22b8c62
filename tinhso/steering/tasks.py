"""Background work of the steering module: the daily deadline reminders.

The job keeps itself going (tinhso.core.daily): each run sends the day's reminders and enqueues
the next run for STEERING_REMINDER_HOUR (07:00 by default) province time. The
``schedule_reminders`` command, which scripts/serve runs before the worker starts, starts the
chain when none is waiting, so it runs once per deployment however often the site restarts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.tasks import task

from tinhso.core import daily
from tinhso.core.daily import Scheduled
from tinhso.steering.reminders import send_reminders

__all__ = ["Scheduled", "next_run_at", "schedule_reminders", "send_reminders_task"]


@task
def send_reminders_task() -> dict[str, Any]:
    """Send today's deadline reminders (idempotent), then schedule tomorrow's run, even when
    this one failed: a bad day must not end the chain."""
    try:
        run = send_reminders()
    finally:
        schedule_reminders(at=next_run_at())
    return run.as_dict()


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next STEERING_REMINDER_HOUR o'clock in the province strictly after ``now``."""
    return daily.next_run_at(getattr(settings, "STEERING_REMINDER_HOUR", 7), now)


def schedule_reminders(*, at: dt.datetime | None = None) -> Scheduled | None:
    """Enqueue the daily job to run at ``at`` (as soon as possible when None) unless a run is
    already waiting (see tinhso.core.daily)."""
    return daily.schedule_once(send_reminders_task, at=at)
