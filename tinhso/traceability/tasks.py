"""Background work of the traceability module: the daily count of the registry into monitoring.

Center staff read these figures on the monitoring dashboard next to the reported ones, so they
must not wait for someone to run a command. The registry changes through many writes (a batch,
a GTIN added to a product, an enterprise moving commune; from pages, the API and EPCIS capture),
mostly by enterprises, who may not write monitoring values; one count a day, by the system,
keeps the yearly stock figures fresh to the day with one audited import at most, instead of one
per batch.

The job keeps itself going (tinhso.core.daily), as the steering reminders do: each run counts
the current year and the one before (tinhso.traceability.indicators.sync_recent) and enqueues the
next run for RUN_HOUR province time. ``manage.py schedule_traceability_indicators``, which
scripts/serve and the worker service run before the worker starts, starts the chain when none is
waiting.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.tasks import task

from tinhso.core import daily
from tinhso.core.daily import Scheduled
from tinhso.core.policies import SYSTEM
from tinhso.traceability.indicators import sync_recent

__all__ = [
    "Scheduled",
    "next_run_at",
    "schedule_traceability_indicators",
    "sync_traceability_indicators_task",
]

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


def next_run_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next RUN_HOUR o'clock in the province strictly after ``now``."""
    return daily.next_run_at(RUN_HOUR, now)


def schedule_traceability_indicators(*, at: dt.datetime | None = None) -> Scheduled | None:
    """Enqueue the daily job to run at ``at`` (as soon as possible when None) unless a run is
    already waiting (see tinhso.core.daily)."""
    return daily.schedule_once(sync_traceability_indicators_task, at=at)
