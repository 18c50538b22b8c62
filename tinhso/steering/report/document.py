"""The task progress report as a DOCX in the layout of Decree 30/2020/NĐ-CP, in the frame of
tinhso.core.decree30 (letterhead with the national motto, Times New Roman 14, A4 margins, page
numbers from page 2, numbered sections, tables and charts, signature and "Nơi nhận").

Sections: I. the general situation (the figures), II. results by lead unit (table and chart),
III. overdue tasks, IV. tasks per directive, V. budget disbursement, VI. proposals (from the
form; a highlighted placeholder when left empty). The text is in the active language; the
decree's fixed formulae are Vietnamese in any language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tinhso.core.decree30.report import (
    Letter,
    SectionWriter,
    begin,
    count_text,
    finish,
    number_text,
    percent_text,
)
from tinhso.core.policies import VIEW
from tinhso.steering.dashboard import MONITORED_DAYS, SteeringDashboard, Tally, build, percent
from tinhso.steering.permissions import TaskPolicy
from tinhso.steering.report import charts
from tinhso.steering.report.wording import on_time_rule, overdue_rule

# A report lists the most overdue tasks; a longer table is for the workbook, not for reading.
OVERDUE_LISTED = 100
# Column widths in mm of each table in the 165 mm text block.
WIDTHS = {
    "status": [12, 93, 30, 30],
    "units": [10, 43, 14, 16, 16, 16, 16, 14, 20],
    "overdue": [10, 62, 35, 22, 18, 18],
    "directives": [10, 43, 14, 16, 16, 16, 16, 14, 20],
    "budget": [10, 55, 35, 35, 30],
}


@dataclass(frozen=True, kw_only=True)
class ReportDetails(Letter):
    """The progress report's letter: the Decree 30 details chosen on the form."""

    def summary(self, board: SteeringDashboard) -> str:
        """The line under "BÁO CÁO" (the trích yếu)."""
        return _("Progress of the tasks carrying out %(subject)s in %(year)s") % {
            "subject": self.subject,
            "year": board.year,
        }


def progress_report(
    *,
    actor: Any,
    year: int,
    details: ReportDetails,
    today: dt.date | None = None,
    directive_id: int | None = None,
    programme_id: int | None = None,
) -> bytes:
    """The DOCX progress report of the tasks ``actor`` may read, as the dashboard shows them;
    anyone who may read tasks may have it (PermissionDenied otherwise)."""
    if not TaskPolicy().can(actor, VIEW):
        raise PermissionDenied
    board = build(
        user=actor, year=year, today=today, directive_id=directive_id, programme_id=programme_id
    )
    return build_docx(board, details)


def build_docx(board: SteeringDashboard, details: ReportDetails) -> bytes:
    """The report as DOCX bytes."""
    summary = details.summary(board)
    document = begin(details, summary)
    writer = _Writer(document, board)
    writer.opening()
    writer.general()
    writer.units()
    writer.overdue()
    writer.directives()
    writer.budget()
    writer.proposals(details.proposals)
    return finish(document, details, summary)


@dataclass
class _Writer(SectionWriter):
    """Writes the progress report's sections in order."""

    board: SteeringDashboard

    def table(
        self,
        key: str,
        title: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        total: bool = False,
    ) -> None:
        numeric = [False, False, *([True] * (len(columns) - 2))]
        self.numbered_table(
            title, columns, rows, widths_mm=WIDTHS[key], numeric=numeric, total=total
        )

    # The sections ---------------------------------------------------------------------------

    def opening(self) -> None:
        board = self.board
        self.say(
            _(
                "Based on the progress the units have reported in the task-tracking system up "
                "to %(date)s, the results of carrying out the tasks due in %(year)s are as "
                "follows:"
            )
            % {"date": date_format(board.today, "SHORT_DATE_FORMAT"), "year": board.year}
        )
        if board.scope_unit is not None:
            self.say(
                _("The report covers the tasks of %(unit)s and the units under it only.")
                % {"unit": board.scope_unit.name}
            )
        if board.directive is not None:
            self.say(
                _("The report covers the tasks assigned by %(directive)s only.")
                % {"directive": board.directive.number}
            )
        if board.programme is not None:
            self.say(
                _("The report covers the tasks and the money of %(programme)s only.")
                % {"programme": board.programme.name}
            )

    def general(self) -> None:
        self.section(_("General situation"))
        board, totals = self.board, self.board.totals
        if not totals.total:
            self.say(_("No task falls due in %(year)s.") % {"year": board.year})
            return
        self.say(_status_sentence(board))
        rate = totals.on_time_rate
        if rate is None:
            self.say(_("No task is done or past its deadline yet, so there is no on-time rate."))
        else:
            self.say(
                _(
                    "The on-time rate is %(rate)s: %(on_time)s of the %(judged)s tasks done or "
                    "past their deadline were done on time."
                )
                % {"rate": percent_text(rate), "on_time": count_text(totals.on_time),
                   "judged": count_text(totals.judged)}
            )  # fmt: skip
            self.say(on_time_rule())
        self.say(_monitored_sentence(board))
        if board.overdue_before:
            self.say(
                ngettext(
                    "In addition, %(count)s task due before %(year)s is still overdue.",
                    "In addition, %(count)s tasks due before %(year)s are still overdue.",
                    board.overdue_before,
                )
                % {"count": count_text(board.overdue_before), "year": board.year}
            )
        self._status_table(totals)

    def _status_table(self, totals: Tally) -> None:
        rows = [
            [str(i), str(status.label), count_text(n), percent_text(_share(n, totals.total))]
            for i, (status, n) in enumerate(totals.by_status(), 1)
        ]
        rows.append(["", _("Total"), count_text(totals.total), percent_text(Decimal(100))])
        columns = [_("No."), _("Status"), _("Tasks"), _("Share (%)")]
        self.table("status", _("Tasks by status"), columns, rows, total=True)

    def units(self) -> None:
        self.section(_("Results by unit"))
        lines = self.board.units
        if not lines:
            self.say(_("No unit leads a task due in %(year)s.") % {"year": self.board.year})
            return
        self.say(
            ngettext(
                "The lead unit and its on-time rate:",
                "The %(count)s lead units, by their on-time rate (best first):",
                len(lines),
            )
            % {"count": len(lines)}
        )
        columns = [
            _("No."), _("Lead unit"), _("Tasks"), _("Done on time"), _("Done late"),
            _("Overdue"), _("Open, not yet due"), _("Cancelled"), _("On-time rate (%)"),
        ]  # fmt: skip
        rows = [
            [str(i), line.unit.name, *_unit_counts(line.tally), rate_text(line.tally)]
            for i, line in enumerate(lines, 1)
        ]
        self.table("units", _("Results by lead unit"), columns, rows)
        png = charts.on_time_chart(lines, self.board.totals.on_time_rate)
        self.chart(png, _("On-time rate by lead unit"))

    def overdue(self) -> None:
        self.section(_("Overdue tasks"))
        lines = self.board.overdue
        if not lines:
            self.say(_("No task due in %(year)s is overdue.") % {"year": self.board.year})
            return
        self.say(
            ngettext("%(count)s task is overdue.", "%(count)s tasks are overdue.", len(lines))
            % {"count": count_text(len(lines))}
        )
        self.say(overdue_rule())
        if len(lines) > OVERDUE_LISTED:
            self.say(
                _(
                    "The table lists the %(listed)s most overdue; the dashboard's XLSX download "
                    "lists them all."
                )
                % {"listed": OVERDUE_LISTED}
            )
        columns = [
            _("No."), _("Task"), _("Lead unit"), _("Due date"), _("Working days overdue"),
            _("Last reported (%)"),
        ]  # fmt: skip
        rows = [
            [str(i), f"{line.task.title} ({line.task.directive.number})",
             line.task.lead_unit.name, date_format(line.due, "SHORT_DATE_FORMAT"),
             count_text(line.working_days_overdue), count_text(line.facts.percent)]
            for i, line in enumerate(lines[:OVERDUE_LISTED], 1)
        ]  # fmt: skip
        self.table("overdue", _("Overdue tasks"), columns, rows)

    def directives(self) -> None:
        self.section(_("Tasks per directive"))
        lines = self.board.per_directive
        if not lines:
            self.say(_("No directive has a task due in %(year)s.") % {"year": self.board.year})
            return
        columns = [
            _("No."), _("Directive"), _("Tasks"), _("Done on time"), _("Done late"),
            _("Overdue"), _("Open, not yet due"), _("Cancelled"), _("On-time rate (%)"),
        ]  # fmt: skip
        rows = [
            [str(i), _directive_name(line.directive.number, line.directive.date),
             *_unit_counts(line.tally), rate_text(line.tally)]
            for i, line in enumerate(lines, 1)
        ]  # fmt: skip
        self.table("directives", _("Tasks per directive"), columns, rows)

    def budget(self) -> None:
        self.section(_("Budget disbursement"))
        board = self.board
        total = board.budget_total
        if total is None:
            self.say(_("No allocation is recorded for %(year)s.") % {"year": board.year})
            return
        self.say(
            _(
                "In %(year)s, %(allocated)s VND were allocated and %(disbursed)s VND disbursed "
                "(%(percent)s)."
            )
            % {"year": board.year, "allocated": money_text(total.allocated),
               "disbursed": money_text(total.disbursed),
               "percent": percent_text(total.percent, 2)}
        )  # fmt: skip
        columns = [
            _("No."), _("Programme"), _("Allocated (VND)"), _("Disbursed (VND)"),
            _("Disbursed (%)"),
        ]  # fmt: skip
        rows = [
            [str(i), line.name, money_text(line.allocated), money_text(line.disbursed),
             number_text(line.percent, 2)]
            for i, line in enumerate([*board.budget, total], 1)
        ]  # fmt: skip
        rows[-1][0] = ""
        title = _("Budget disbursement by programme")
        self.table("budget", title, columns, rows, total=True)


def _status_sentence(board: SteeringDashboard) -> str:
    counts = {status.value: count_text(n) for status, n in board.totals.by_status()}
    return ngettext(
        "%(total)s task falls due in %(year)s: %(done_on_time)s done on time, %(done_late)s "
        "done late, %(overdue)s overdue, %(at_risk)s at risk, %(in_progress)s in progress, "
        "%(not_started)s not started and %(cancelled)s cancelled.",
        "%(total)s tasks fall due in %(year)s: %(done_on_time)s done on time, %(done_late)s "
        "done late, %(overdue)s overdue, %(at_risk)s at risk, %(in_progress)s in progress, "
        "%(not_started)s not started and %(cancelled)s cancelled.",
        board.totals.total,
    ) % {"total": count_text(board.totals.total), "year": board.year, **counts}


def _monitored_sentence(board: SteeringDashboard) -> str:
    share = board.monitored_percent
    if share is None:
        return _("No task is open, so none needs following up.")
    return _(
        "%(monitored)s of the %(open)s open tasks (%(share)s) had a progress report in the "
        "system in the last %(days)s days; the national target is that 100%% of assigned tasks "
        "are monitored electronically."
    ) % {
        "monitored": count_text(board.monitored),
        "open": count_text(board.totals.open),
        "share": percent_text(share),
        "days": MONITORED_DAYS,
    }


def _unit_counts(tally: Tally) -> list[str]:
    not_yet_due = tally.open - tally.overdue
    return [
        count_text(tally.total), count_text(tally.on_time), count_text(tally.late),
        count_text(tally.overdue), count_text(not_yet_due), count_text(tally.cancelled),
    ]  # fmt: skip


def _directive_name(number: str, day: dt.date) -> str:
    return f"{number} ({date_format(day, 'SHORT_DATE_FORMAT')})"


def _share(part: int, whole: int) -> Decimal:
    return percent(part, whole) or Decimal(0)


def rate_text(tally: Tally) -> str:
    rate = tally.on_time_rate
    return "-" if rate is None else number_text(rate)


def money_text(value: Decimal) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)
