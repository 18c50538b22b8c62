"""The dashboard's panels as tables of typed values — whole numbers, Decimal percentages (their
exponent says how many decimals to show), whole-đồng amounts as int, dates, text — so that the
workbook stores numbers as numbers and dates as dates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tinhso.monitoring.dashboard import Panel
from tinhso.steering.dashboard import STATUS_ORDER, BudgetLine, SteeringDashboard, Tally


def dashboard_panels(board: SteeringDashboard) -> dict[str, Panel]:
    """Every panel of ``board`` by its key, in the page's order."""
    return {
        panel.key: panel
        for panel in (
            summary_panel(board),
            units_panel(board),
            heatmap_panel(board),
            overdue_panel(board),
            directives_panel(board),
            budget_panel(board),
        )
    }


def status_columns() -> list[str]:
    return [str(status.label) for status in STATUS_ORDER]


def _counts(tally: Tally) -> list[int]:
    return [count for _status, count in tally.by_status()]


def summary_panel(board: SteeringDashboard) -> Panel:
    totals = board.totals
    rows: list[list[Any]] = [[_("Tasks due in the year"), totals.total]]
    rows += [[str(status.label), count] for status, count in totals.by_status()]
    rows += [
        [_("Done or past the deadline"), totals.judged],
        [_("On-time rate (%)"), totals.on_time_rate],
        [_("Open tasks"), totals.open],
        [_("Open tasks with a progress report in the last 30 days"), board.monitored],
        [_("Open tasks followed up electronically (%)"), board.monitored_percent],
        [_("Tasks due in earlier years, still overdue"), board.overdue_before],
    ]
    return Panel("summary", _("Key figures"), [_("Figure"), _("Value")], rows)


def units_panel(board: SteeringDashboard) -> Panel:
    columns = [
        _("Rank"), _("Code"), _("Lead unit"), _("Tasks"), *status_columns(),
        _("Done or past the deadline"), _("On-time rate (%)"),
    ]  # fmt: skip
    rows = [
        [line.rank, line.unit.code, line.unit.name, line.tally.total, *_counts(line.tally),
         line.tally.judged, line.tally.on_time_rate]
        for line in board.units
    ]  # fmt: skip
    return Panel("units", _("On-time rate by lead unit"), columns, rows)


def heatmap_panel(board: SteeringDashboard) -> Panel:
    """One row per unit and month with a task due: the heatmap's cells, long form."""
    columns = [
        _("Code"), _("Lead unit"), _("Month"), _("Tasks due"), _("Done on time"),
        _("Done late"), _("Overdue"), _("Done or past the deadline"), _("On-time rate (%)"),
    ]  # fmt: skip
    rows = [
        [row.unit.code, row.unit.name, month, cell.total, cell.on_time,
         cell.late, cell.overdue, cell.judged, cell.on_time_rate]
        for row in board.heatmap
        for month, cell in enumerate(row.months, 1)
        if cell.total
    ]  # fmt: skip
    title = _("Tasks by lead unit and month due, %(year)s") % {"year": board.year}
    return Panel("heatmap", title, columns, rows)


def overdue_panel(board: SteeringDashboard) -> Panel:
    columns = [
        _("Task ID"), _("Task"), _("Directive"), _("Lead unit"), _("Due date"),
        _("Days overdue"), _("Working days overdue"), _("Last reported (%)"),
        _("Last report on"),
    ]  # fmt: skip
    rows = [
        [line.task.pk, line.task.title, line.task.directive.number, line.task.lead_unit.name,
         line.due, line.days_overdue, line.working_days_overdue, line.facts.percent,
         line.last_reported]
        for line in board.overdue
    ]  # fmt: skip
    return Panel("overdue", _("Overdue tasks"), columns, rows)


def directives_panel(board: SteeringDashboard) -> Panel:
    columns = [
        _("Directive"), _("Date"), _("Tasks"), *status_columns(), _("On-time rate (%)"),
    ]  # fmt: skip
    rows = [
        [line.directive.number, line.directive.date, line.tally.total, *_counts(line.tally),
         line.tally.on_time_rate]
        for line in board.per_directive
    ]  # fmt: skip
    return Panel("directives", _("Tasks per directive"), columns, rows)


def budget_panel(board: SteeringDashboard) -> Panel:
    columns = [
        _("Programme"), _("Allocated (VND)"), _("Disbursed (VND)"), _("Remaining (VND)"),
        _("Disbursed (%)"),
    ]  # fmt: skip
    lines = list(board.budget)
    if (total := board.budget_total) is not None:
        lines.append(total)
    rows = [_budget_row(line) for line in lines]
    title = _("Budget disbursement, %(year)s") % {"year": board.year}
    return Panel("budget", title, columns, rows)


def _budget_row(line: BudgetLine) -> list[Any]:
    return [
        line.name,
        int(line.allocated),
        int(line.disbursed),
        int(line.remaining),
        line.percent,
    ]
