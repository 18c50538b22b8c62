"""What the workflow pages share: a task's row with its derived state, the order of urgency,
the status chips, and file downloads."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tinhso.steering.choices import TaskStatus
from tinhso.steering.models import Task
from tinhso.steering.permissions import TaskPolicy, TaskRecordPolicy
from tinhso.steering.selectors import TaskState, task_states

task_policy = TaskPolicy()
record_policy = TaskRecordPolicy()

# The chips' order, and what "most urgent first" means: late, then at risk, then the rest.
STATUS_ORDER = [
    TaskStatus.OVERDUE,
    TaskStatus.AT_RISK,
    TaskStatus.IN_PROGRESS,
    TaskStatus.NOT_STARTED,
    TaskStatus.DONE_LATE,
    TaskStatus.DONE_ON_TIME,
    TaskStatus.CANCELLED,
]
URGENCY = {
    TaskStatus.OVERDUE: 0,
    TaskStatus.AT_RISK: 1,
    TaskStatus.IN_PROGRESS: 2,
    TaskStatus.NOT_STARTED: 2,
    TaskStatus.DONE_LATE: 3,
    TaskStatus.DONE_ON_TIME: 3,
    TaskStatus.CANCELLED: 4,
}
NO_DATE = dt.date.max


@dataclass(frozen=True)
class TaskRow:
    """A task with its state on today's date, as the lists show it."""

    task: Task
    state: TaskState

    @property
    def status(self) -> TaskStatus:
        return self.state.status

    @property
    def due(self) -> dt.date | None:
        """The open deadline: a recurring task's open occurrence, or its last one when done."""
        return self.state.facts.due

    @property
    def percent(self) -> int:
        return self.state.facts.percent

    @property
    def sort_title(self) -> str:
        """The title as Vietnamese readers sort it: Đ with D, accents after the letters."""
        return f"{folded(self.task.title)}\0{self.task.title.casefold()}"

    @property
    def rank(self) -> tuple[int, dt.date, str]:
        """Most urgent first, then the nearest due date, then the title."""
        return URGENCY[self.status], self.due or NO_DATE, self.sort_title


def folded(text: str) -> str:
    """Lower case without Vietnamese diacritics: "Số hóa Đất đai" → "so hoa dat dai"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def rows_of(tasks: Iterable[Task], today: dt.date | None = None) -> list[TaskRow]:
    """Each task with its state, most urgent first, in two queries besides the tasks'."""
    tasks = list(tasks)
    states = task_states(tasks, today)
    return sorted((TaskRow(task, states[task.pk]) for task in tasks), key=lambda row: row.rank)


def status_counts(rows: Iterable[TaskRow]) -> dict[TaskStatus, int]:
    """How many rows have each status, in the chips' order (zero included)."""
    counts = Counter(row.status for row in rows)
    return {status: counts[status] for status in STATUS_ORDER}


def download(file: FieldFile) -> FileResponse:
    """The stored file as a download under its own name; 404 if it is gone from storage."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(file.name or ""))


def status_badge(status: TaskStatus) -> SafeString:
    """The status as a badge coloured by status (tinhso/css/steering.css)."""
    return format_html(
        '<span class="badge status-badge status-{}" data-status="{}">{}</span>',
        status.value,
        status.value,
        status.label,
    )


def percent_bar(percent: int) -> SafeString:
    """The percent done as a small bar and its number."""
    return format_html(
        '<progress class="percent-bar" value="{}" max="100" aria-hidden="true"></progress>'
        ' <span class="percent-value">{}%</span>',
        percent,
        percent,
    )
