"""Starting a tracked background task and reporting its progress from inside it.

The progress row is shared through the database, so the web process that shows it and the worker
that runs the task can be on different machines.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.tasks import Task
from django.utils import timezone

from tinhso.core.models import TaskProgress


def start_tracked_task(
    *, actor: Any, label: str, task: Task[Any, Any], **kwargs: Any
) -> TaskProgress:
    """Record a queued progress row and enqueue ``task`` with its id once the row is committed."""
    progress = TaskProgress.objects.create(label=label, owner=actor)
    transaction.on_commit(lambda: task.enqueue(progress_id=str(progress.id), **kwargs))
    return progress


class ProgressReporter:
    """Handed to a running task: ``step(done, total, message)`` saves how far it has got."""

    def __init__(self, progress_id: str) -> None:
        self.progress_id = progress_id

    def step(self, done: int, total: int, message: str = "") -> None:
        TaskProgress.objects.filter(id=self.progress_id).update(
            done=done, total=total, message=message, updated_at=timezone.now()
        )

    def finish(self, message: str, result_url: str = "") -> None:
        TaskProgress.objects.filter(id=self.progress_id).update(
            status=TaskProgress.Status.SUCCEEDED,
            message=message,
            result_url=result_url,
            updated_at=timezone.now(),
        )


@contextmanager
def tracked(progress_id: str) -> Iterator[ProgressReporter]:
    """Mark the task running, and failed with the error's text if the body raises."""
    TaskProgress.objects.filter(id=progress_id).update(
        status=TaskProgress.Status.RUNNING, updated_at=timezone.now()
    )
    try:
        yield ProgressReporter(progress_id)
    except Exception as exc:
        TaskProgress.objects.filter(id=progress_id).update(
            status=TaskProgress.Status.FAILED, message=str(exc), updated_at=timezone.now()
        )
        raise
