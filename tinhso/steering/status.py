"""A task's status, derived from facts and a date — never typed, never stored.

Dates are local dates in Asia/Ho_Chi_Minh. Two rules count working days (Monday to Friday, less
the Holiday table):

- a deadline that falls on a weekend or a holiday moves to the next working day, as the Civil
  Code (2015, art. 148) does for the last day of a time limit;
- "at risk" means the deadline is at most N working days away (STEERING_AT_RISK_WORKING_DAYS,
  7 by default) while progress is below a threshold (STEERING_AT_RISK_PERCENT, 50 by default).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings

from tinhso.steering.choices import Recurrence, Review, TaskStatus

SATURDAY = 5
MONTHS_PER_STEP = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.YEARLY: 12}


@dataclass(frozen=True)
class WorkCalendar:
    """Weekends and the given holidays are days off; every other day is a working day."""

    holidays: frozenset[dt.date] = frozenset()
    # The holidays that fall on weekdays, sorted: what counting subtracts from whole weeks.
    _weekday_holidays: tuple[dt.date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = tuple(sorted(day for day in self.holidays if day.weekday() < SATURDAY))
        object.__setattr__(self, "_weekday_holidays", days)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < SATURDAY and day not in self.holidays

    def roll_forward(self, day: dt.date) -> dt.date:
        """``day`` if it is a working day, else the next working day."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``; negative when end < start.
        Counted on whole weeks less the weekday holidays, not day by day: boards judge
        thousands of tasks due or overdue months away."""
        if end < start:
            return -self.working_days_between(end, start)
        weeks, rest = divmod((end - start).days, 7)
        count = 5 * weeks
        for offset in range(1, rest + 1):
            if (start + dt.timedelta(days=7 * weeks + offset)).weekday() < SATURDAY:
                count += 1
        holidays = self._weekday_holidays
        return count - (bisect_right(holidays, end) - bisect_right(holidays, start))


@dataclass(frozen=True)
class RiskRule:
    """When a task still open counts as at risk."""

    working_days: int = 7
    below_percent: int = 50

    @classmethod
    def from_settings(cls) -> RiskRule:
        return cls(
            working_days=getattr(settings, "STEERING_AT_RISK_WORKING_DAYS", 7),
            below_percent=getattr(settings, "STEERING_AT_RISK_PERCENT", 50),
        )


@dataclass(frozen=True)
class TaskFacts:
    """What a status is derived from: the due date of the open deadline (None if no deadline),
    the latest percent reported for it, the local date it was reported done, the cancellation."""

    due: dt.date | None
    percent: int = 0
    done_on: dt.date | None = None
    cancelled_on: dt.date | None = None


def task_status(
    facts: TaskFacts,
    today: dt.date,
    *,
    calendar: WorkCalendar | None = None,
    rule: RiskRule | None = None,
) -> TaskStatus:
    """The status of a task with ``facts`` on the local date ``today``."""
    calendar = calendar or WorkCalendar()
    rule = rule or RiskRule()
    if facts.cancelled_on is not None and facts.cancelled_on <= today:
        return TaskStatus.CANCELLED
    due = calendar.roll_forward(facts.due) if facts.due else None
    if facts.done_on is not None:
        late = due is not None and facts.done_on > due
        return TaskStatus.DONE_LATE if late else TaskStatus.DONE_ON_TIME
    if due is not None and today > due:
        return TaskStatus.OVERDUE
    near = due is not None and calendar.working_days_between(today, due) <= rule.working_days
    if near and facts.percent < rule.below_percent:
        return TaskStatus.AT_RISK
    return TaskStatus.IN_PROGRESS if facts.percent > 0 else TaskStatus.NOT_STARTED


@dataclass(frozen=True)
class ReportFact:
    """One progress report as the status needs it."""

    percent: int
    marks_done: bool
    review: str
    reported_on: dt.date

    @property
    def completes(self) -> bool:
        """A reported completion counts until the center returns it."""
        return self.marks_done and self.review != Review.RETURNED


def occurrence_due(first_due: dt.date, recurrence: str, index: int) -> dt.date:
    """The due date of the ``index``-th occurrence (0 is the first) of a recurring task; a day
    past the month's end becomes its last day (31/01 monthly → 28/02 or 29/02)."""
    months = first_due.month - 1 + MONTHS_PER_STEP[Recurrence(recurrence)] * index
    year, month = first_due.year + months // 12, months % 12 + 1
    last_day = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(first_due.day, last_day))


def occurrence_count(first_due: dt.date, recurrence: str, last_due: dt.date) -> int:
    """How many occurrences fall due on or before ``last_due``."""
    count = 0
    while occurrence_due(first_due, recurrence, count) <= last_due:
        count += 1
    return count


def facts_of(
    *,
    deadline: dt.date | None,
    recurrence: str,
    first_due: dt.date | None,
    cancelled_on: dt.date | None,
    reports: Sequence[ReportFact],
    last_due: dt.date | None = None,
) -> TaskFacts:
    """Facts of a task from its reports in the order they were made. A recurring task is judged
    on its open occurrence: each completion closes one, and progress counts from the last. One
    that ends (``last_due``) is done when its last occurrence is, and judged on that one's due
    date."""
    if recurrence == Recurrence.NONE or first_due is None:
        done = next((report.reported_on for report in reports if report.completes), None)
        return TaskFacts(deadline, _latest_percent(reports), done, cancelled_on)
    completions = [i for i, report in enumerate(reports) if report.completes]
    total = occurrence_count(first_due, recurrence, last_due) if last_due else None
    if total is not None and len(completions) >= total > 0:
        last = reports[completions[total - 1]]
        due = occurrence_due(first_due, recurrence, total - 1)
        return TaskFacts(due, 100, last.reported_on, cancelled_on)
    since = reports[completions[-1] + 1 :] if completions else reports
    due = occurrence_due(first_due, recurrence, len(completions))
    return TaskFacts(due, _latest_percent(since), None, cancelled_on)


def _latest_percent(reports: Sequence[ReportFact]) -> int:
    """The last percent reported, leaving out completions the center returned."""
    standing = [r for r in reports if not (r.marks_done and r.review == Review.RETURNED)]
    return standing[-1].percent if standing else 0


def calendar_of(days: Iterable[dt.date]) -> WorkCalendar:
    return WorkCalendar(frozenset(days))
