"""Reads of the steering module: task statuses for a set of tasks, filtering by the derived
status, the export for national systems, and money totals of programmes and allocations."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from tinhso.core.dates import local_date
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.choices import TaskStatus
from tinhso.steering.models import MONEY, Allocation, Disbursement, Holiday, Programme, Task
from tinhso.steering.models import ProgressReport as ProgressReportModel
from tinhso.steering.status import (
    ReportFact,
    RiskRule,
    TaskFacts,
    WorkCalendar,
    facts_of,
    task_status,
)


@dataclass(frozen=True)
class TaskState:
    """A task's derived state on a date: its facts and its status."""

    facts: TaskFacts
    status: TaskStatus


def work_calendar() -> WorkCalendar:
    """Weekends and every day of the Holiday table (one query; a few dozen days a year)."""
    return WorkCalendar(frozenset(Holiday.objects.values_list("date", flat=True)))


def task_states(
    tasks: Iterable[Task], today: dt.date | None = None, calendar: WorkCalendar | None = None
) -> dict[int, TaskState]:
    """The state of each task, by id, in two queries (reports and holidays) whatever the count."""
    tasks = list(tasks)
    today = today or local_date()
    calendar = calendar or work_calendar()
    rule = RiskRule.from_settings()
    reports = _report_facts([task.pk for task in tasks])
    states = {}
    for task in tasks:
        facts = facts_of(
            deadline=task.deadline, recurrence=task.recurrence, first_due=task.first_due,
            last_due=task.last_due, cancelled_on=task.cancelled_on,
            reports=reports.get(task.pk, []),
        )  # fmt: skip
        status = task_status(facts, today, calendar=calendar, rule=rule)
        states[task.pk] = TaskState(facts, status)
    return states


def _report_facts(task_ids: Collection[int]) -> dict[int, list[ReportFact]]:
    rows = (
        ProgressReportModel.objects.filter(task_id__in=task_ids)
        .order_by("reported_at", "pk")
        .values_list("task_id", "percent", "marks_done", "review", "reported_at")
    )
    facts: dict[int, list[ReportFact]] = defaultdict(list)
    for task_id, percent, marks_done, review, reported_at in rows:
        facts[task_id].append(ReportFact(percent, marks_done, review, local_date(reported_at)))
    return facts


def with_status(
    tasks: QuerySet[Task], statuses: Collection[str], today: dt.date | None = None
) -> QuerySet[Task]:
    """Narrow ``tasks`` to those whose derived status is one of ``statuses``."""
    fields = ("pk", "deadline", "recurrence", "first_due", "last_due", "cancelled_on")
    plain = tasks.select_related(None).prefetch_related(None).only(*fields)
    states = task_states(plain, today)
    return tasks.filter(pk__in=[pk for pk, state in states.items() if state.status in statuses])


# Money -----------------------------------------------------------------------------------------

_MONEY_FIELD = DecimalField(**MONEY)
_ZERO = Value(Decimal(0), output_field=_MONEY_FIELD)


def _sum_of(queryset: QuerySet[Any], outer: str) -> Coalesce:
    total = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=_MONEY_FIELD), _ZERO)


def allocations_with_totals(allocations: QuerySet[Allocation]) -> QuerySet[Allocation]:
    """Allocations annotated with ``disbursed`` (the exact sum of their disbursements)."""
    return allocations.annotate(disbursed=_sum_of(Disbursement.objects.all(), "allocation"))


def programmes_with_totals(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Programmes annotated with ``allocated`` and ``disbursed`` over all their allocations."""
    return programmes.annotate(
        allocated=_sum_of(Allocation.objects.all(), "programme"),
        disbursed=_sum_of(Disbursement.objects.all(), "allocation__programme"),
    )


# The export for national systems ----------------------------------------------------------------

EXPORT_SCHEMA = "tinhso.steering.tasks/1"


def export_tasks(tasks: QuerySet[Task], today: dt.date | None = None) -> dict[str, Any]:
    """Every task of ``tasks`` with its derived status and its progress reports, as the
    documented export (api.serializers.TaskExportSerializer) in a fixed number of queries."""
    today = today or local_date()
    tasks = tasks.select_related("directive", "lead_unit").prefetch_related(
        "co_units", "indicators", "progress_reports__reported_by"
    )
    states = task_states(tasks, today)
    return {
        "schema": EXPORT_SCHEMA,
        "generated_at": timezone.now(),
        "as_of": today,
        "province": _root_code(),
        "tasks": [_exported(task, states[task.pk]) for task in tasks],
    }


def _exported(task: Task, state: TaskState) -> dict[str, Any]:
    directive = task.directive
    return {
        "id": task.pk, "parent_id": task.parent_id,
        "directive": {
            "number": directive.number, "date": directive.date,
            "issuing_body": directive.issuing_body, "type": directive.type,
        },
        "level": task.level, "title": task.title, "lead_unit": task.lead_unit.code,
        "co_units": sorted(unit.code for unit in task.co_units.all()),
        "deadline": task.deadline, "recurrence": task.recurrence, "first_due": task.first_due,
        "last_due": task.last_due, "due": state.facts.due,
        "expected_product": task.expected_product,
        "indicators": sorted(indicator.code for indicator in task.indicators.all()),
        "status": state.status.value, "percent": state.facts.percent,
        "done_on": state.facts.done_on, "cancelled_on": task.cancelled_on,
        "progress": [
            {
                "reported_at": report.reported_at, "reported_by": report.reported_by.username,
                "percent": report.percent, "narrative": report.narrative,
                "marks_done": report.marks_done, "review": report.review,
            }
            for report in sorted(task.progress_reports.all(), key=lambda r: (r.reported_at, r.pk))
        ],
    }  # fmt: skip


def _root_code() -> str | None:
    root = OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()
    return root.code if root else None
