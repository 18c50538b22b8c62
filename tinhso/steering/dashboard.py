"""The steering dashboard's figures for one year, scoped to the tasks the user may read, in a
fixed number of queries whatever the number of tasks: the filter lists, the tasks, their progress
reports, the holidays, and the money (allocations, disbursements).

Statuses are derived with tinhso.steering.status from the reports and the date, never stored.
The definitions below are the ones the page, the workbook and the report state:

- A task belongs to the year of its due date: a one-off task's deadline; a recurring task's open
  occurrence (its last, once it has ended).
- On-time rate: tasks done on time ÷ tasks done (on time or late) or overdue — the tasks that are
  done or whose deadline has passed; cancelled tasks and those not yet due are left out.
- Days overdue: counted from the deadline, moved to the next working day when it falls on a
  weekend or a holiday (as status.py does), in calendar days and in working days.
- Followed up electronically: the share of open tasks (neither done nor cancelled) with a
  progress report in the last MONITORED_DAYS days.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from tinhso.core.dates import PROVINCE_ZONE, local_date
from tinhso.core.policies import VIEW, Scope
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import money
from tinhso.steering.choices import OPEN_STATUSES, TaskStatus
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    Programme,
    ProgressReport,
    Task,
)
from tinhso.steering.permissions import (
    AllocationPolicy,
    DirectivePolicy,
    DisbursementPolicy,
    ProgrammePolicy,
    TaskPolicy,
)
from tinhso.steering.selectors import work_calendar
from tinhso.steering.status import (
    ReportFact,
    RiskRule,
    TaskFacts,
    WorkCalendar,
    facts_of,
    task_status,
)

MONITORED_DAYS = 30
MONTHS = tuple(range(1, 13))
ONE_DECIMAL = Decimal("0.1")
# The order statuses are shown in: the finished first, then the open by urgency.
STATUS_ORDER = (
    TaskStatus.DONE_ON_TIME,
    TaskStatus.DONE_LATE,
    TaskStatus.OVERDUE,
    TaskStatus.AT_RISK,
    TaskStatus.IN_PROGRESS,
    TaskStatus.NOT_STARTED,
    TaskStatus.CANCELLED,
)
TASK_FIELDS = (
    "pk", "title", "deadline", "recurrence", "first_due", "last_due", "cancelled_on",
    "directive__number", "directive__date", "lead_unit__code", "lead_unit__name",
    "lead_unit__kind", "lead_unit__path",
)  # fmt: skip


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, one decimal, half up; None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    """How many tasks are in each status."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, status: str) -> None:
        self.counts[status] += 1

    def of(self, status: str) -> int:
        """How many tasks are in ``status`` (not ``__getitem__``: templates would take that
        for every attribute they look up)."""
        return self.counts[status]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time(self) -> int:
        return self.counts[TaskStatus.DONE_ON_TIME]

    @property
    def late(self) -> int:
        return self.counts[TaskStatus.DONE_LATE]

    @property
    def cancelled(self) -> int:
        return self.counts[TaskStatus.CANCELLED]

    @property
    def overdue(self) -> int:
        return self.counts[TaskStatus.OVERDUE]

    @property
    def late_or_overdue(self) -> int:
        return self.late + self.overdue

    @property
    def judged(self) -> int:
        """Tasks done or past their deadline: the base of the on-time rate."""
        return self.on_time + self.late_or_overdue

    @property
    def open(self) -> int:
        return sum(self.counts[status] for status in OPEN_STATUSES)

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.on_time, self.judged)

    def by_status(self) -> list[tuple[TaskStatus, int]]:
        return [(status, self.counts[status]) for status in STATUS_ORDER]


@dataclass(frozen=True)
class TaskLine:
    """One task with its derived facts and status on the board's date."""

    task: Task
    facts: TaskFacts
    status: TaskStatus
    last_reported: dt.date | None
    days_overdue: int = 0  # calendar days past the deadline (moved to a working day)
    working_days_overdue: int = 0

    @property
    def due(self) -> dt.date:
        assert self.facts.due is not None
        return self.facts.due


@dataclass(frozen=True)
class UnitLine:
    unit: OrgUnit
    tally: Tally
    rank: int | None  # None: nothing due or done yet, so no rate


@dataclass(frozen=True)
class HeatRow:
    unit: OrgUnit
    months: list[Tally]  # January to December, by the month of the due date


@dataclass(frozen=True)
class DirectiveLine:
    directive: Directive
    tally: Tally


@dataclass(frozen=True)
class BudgetLine:
    name: str
    allocated: Decimal
    disbursed: Decimal
    programme: Programme | None = None  # None on the total line

    @property
    def remaining(self) -> Decimal:
        return money.remaining(self.allocated, self.disbursed)

    @property
    def percent(self) -> Decimal:
        return money.percent_disbursed(self.disbursed, self.allocated)


@dataclass
class SteeringDashboard:
    """Every figure of the dashboard for one year, as the user may see it."""

    year: int
    today: dt.date
    scope_unit: OrgUnit | None  # a reporter's unit; None for those who see everything
    directives: list[Directive]
    programmes: list[Programme]
    directive: Directive | None = None
    programme: Programme | None = None
    lines: list[TaskLine] = field(default_factory=list)
    totals: Tally = field(default_factory=Tally)
    monitored: int = 0
    units: list[UnitLine] = field(default_factory=list)
    heatmap: list[HeatRow] = field(default_factory=list)
    overdue: list[TaskLine] = field(default_factory=list)
    overdue_before: int = 0  # tasks due in earlier years and still overdue
    per_directive: list[DirectiveLine] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)

    @property
    def monitored_percent(self) -> Decimal | None:
        return percent(self.monitored, self.totals.open)

    @property
    def budget_total(self) -> BudgetLine | None:
        if not self.budget:
            return None
        return BudgetLine(
            _("Total"),
            money.total(line.allocated for line in self.budget),
            money.total(line.disbursed for line in self.budget),
        )


def build(
    *,
    user: Any,
    year: int,
    today: dt.date | None = None,
    directive_id: int | None = None,
    programme_id: int | None = None,
) -> SteeringDashboard:
    """The dashboard of ``year`` on ``today`` (the province's date by default) for ``user``,
    narrowed to one directive or programme when asked; an unknown id is ignored."""
    today = today or local_date()
    directives = list(
        DirectivePolicy().scope(Directive.objects.all(), user, VIEW).order_by("-date", "number")
    )
    programmes = list(
        ProgrammePolicy().scope(Programme.objects.all(), user, VIEW).order_by("-first_year", "name")
    )
    board = SteeringDashboard(
        year=year, today=today, scope_unit=_scope_unit(user), directives=directives,
        programmes=programmes,
        directive=next((d for d in directives if d.pk == directive_id), None),
        programme=next((p for p in programmes if p.pk == programme_id), None),
    )  # fmt: skip
    lines = _task_lines(user, board)
    board.lines = [line for line in lines if line.due.year == year]
    board.overdue_before = sum(
        1 for line in lines if line.due.year < year and line.status == TaskStatus.OVERDUE
    )
    _tally(board)
    board.budget = _budget(user, board)
    return board


def _scope_unit(user: Any) -> OrgUnit | None:
    if TaskPolicy().scope_for(user, VIEW) is Scope.ALL:
        return None
    unit: OrgUnit | None = getattr(user, "org_unit", None)
    return unit


# Tasks and their states ------------------------------------------------------------------------


def scoped_tasks(user: Any, board: SteeringDashboard) -> QuerySet[Task]:
    """The tasks the user may read that can fall due by the end of the year, filtered."""
    end = dt.date(board.year, 12, 31)
    tasks = TaskPolicy().scope(Task.objects.all(), user, VIEW)
    tasks = tasks.filter(Q(deadline__lte=end) | Q(first_due__lte=end))
    if board.directive is not None:
        tasks = tasks.filter(directive=board.directive)
    if board.programme is not None:
        tasks = tasks.filter(programme=board.programme)
    return tasks


def _task_lines(user: Any, board: SteeringDashboard) -> list[TaskLine]:
    """Every task up to the year's end with its status: three queries (tasks, reports,
    holidays)."""
    scoped = scoped_tasks(user, board)
    tasks = list(scoped.select_related("directive", "lead_unit").only(*TASK_FIELDS).order_by("pk"))
    reports = _reports(scoped)
    calendar = work_calendar()
    rule = RiskRule.from_settings()
    lines = []
    for task in tasks:
        facts_list = reports.get(task.pk, [])
        facts = facts_of(
            deadline=task.deadline, recurrence=task.recurrence, first_due=task.first_due,
            last_due=task.last_due, cancelled_on=task.cancelled_on, reports=facts_list,
        )  # fmt: skip
        if facts.due is None:
            continue
        status = task_status(facts, board.today, calendar=calendar, rule=rule)
        last = facts_list[-1].reported_on if facts_list else None
        lines.append(_line(task, facts, status, last, board.today, calendar))
    return lines


def _line(
    task: Task,
    facts: TaskFacts,
    status: TaskStatus,
    last: dt.date | None,
    today: dt.date,
    calendar: WorkCalendar,
) -> TaskLine:
    if status != TaskStatus.OVERDUE:
        return TaskLine(task, facts, status, last)
    assert facts.due is not None
    due = calendar.roll_forward(facts.due)
    working = calendar.working_days_between(due, today)
    return TaskLine(task, facts, status, last, (today - due).days, working)


def _reports(tasks: QuerySet[Task]) -> dict[int, list[ReportFact]]:
    """The reports of ``tasks`` in the order they were made (one query, the tasks as a
    subquery rather than a list of ids, which SQLite caps)."""
    rows = (
        ProgressReport.objects.filter(task__in=tasks.values("pk"))
        .order_by("reported_at", "pk")
        # The province's date, worked out by the database: converting 10,000 moments one by
        # one in Python took a third of the page's time.
        .annotate(reported_on=TruncDate("reported_at", tzinfo=PROVINCE_ZONE))
        .values_list("task_id", "percent", "marks_done", "review", "reported_on")
    )
    facts: dict[int, list[ReportFact]] = defaultdict(list)
    for task_id, percent_done, marks_done, review, reported_on in rows:
        facts[task_id].append(ReportFact(percent_done, marks_done, review, reported_on))
    return facts


# The panels' figures ----------------------------------------------------------------------------


def _tally(board: SteeringDashboard) -> None:
    since = board.today - dt.timedelta(days=MONITORED_DAYS)
    units: dict[int, Tally] = defaultdict(Tally)
    unit_of: dict[int, OrgUnit] = {}
    months: dict[int, list[Tally]] = defaultdict(lambda: [Tally() for _month in MONTHS])
    directives: dict[int, Tally] = defaultdict(Tally)
    for line in board.lines:
        task, status = line.task, line.status
        board.totals.add(status)
        units[task.lead_unit_id].add(status)
        unit_of[task.lead_unit_id] = task.lead_unit
        months[task.lead_unit_id][line.due.month - 1].add(status)
        directives[task.directive_id].add(status)
        reported = line.last_reported
        if status in OPEN_STATUSES and reported is not None and reported >= since:
            board.monitored += 1
    board.units = _ranked(unit_of, units)
    board.heatmap = [
        HeatRow(unit, months[unit.pk]) for unit in sorted(unit_of.values(), key=_unit_order)
    ]
    board.overdue = sorted(
        (line for line in board.lines if line.status == TaskStatus.OVERDUE),
        key=lambda line: (-line.days_overdue, line.task.lead_unit.name, line.task.pk),
    )
    board.per_directive = [
        DirectiveLine(directive, directives[directive.pk])
        for directive in board.directives
        if directive.pk in directives
    ]


def _unit_order(unit: OrgUnit) -> tuple[str, str]:
    return (unit.kind, unit.name)


def _ranked(unit_of: dict[int, OrgUnit], tallies: dict[int, Tally]) -> list[UnitLine]:
    """Best on-time rate first; ties by more tasks judged, then by name; units with nothing
    judged yet last, unranked."""
    order = sorted(
        unit_of,
        key=lambda pk: (
            tallies[pk].on_time_rate is None,
            -(tallies[pk].on_time_rate or 0),
            -tallies[pk].judged,
            unit_of[pk].name,
        ),
    )
    lines, rank = [], 0
    for pk in order:
        ranked = tallies[pk].on_time_rate is not None
        rank += ranked
        lines.append(UnitLine(unit_of[pk], tallies[pk], rank if ranked else None))
    return lines


def _budget(user: Any, board: SteeringDashboard) -> list[BudgetLine]:
    """Allocated for the year and disbursed from those allocations, by programme (two
    queries); a reporter sees the money of the units in their subtree only."""
    allocations = AllocationPolicy().scope(Allocation.objects.filter(year=board.year), user, VIEW)
    disbursements = DisbursementPolicy().scope(
        Disbursement.objects.filter(allocation__year=board.year), user, VIEW
    )
    if board.programme is not None:
        allocations = allocations.filter(programme=board.programme)
        disbursements = disbursements.filter(allocation__programme=board.programme)
    allocated = dict(
        allocations.order_by().values_list("programme_id").annotate(total=Sum("amount"))
    )
    disbursed = dict(
        disbursements.order_by()
        .values_list("allocation__programme_id")
        .annotate(total=Sum("amount"))
    )
    return [
        BudgetLine(
            programme.name,
            allocated[programme.pk],
            disbursed.get(programme.pk, money.ZERO),
            programme,
        )
        for programme in board.programmes
        if programme.pk in allocated
    ]
