"""The words the dashboard, the workbook and the report share: what the figures cover and how
each figure is defined (one wording, so that the three say the same)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tinhso.steering.dashboard import MONITORED_DAYS, SteeringDashboard


def scope_lines(board: SteeringDashboard) -> list[tuple[str, str]]:
    """What the figures cover: whose tasks, which directive, which programme."""
    unit = board.scope_unit
    whose = (
        _("Tasks of %(unit)s and the units under it (lead or co-operating unit)")
        % {"unit": unit.name}
        if unit is not None
        else _("All tasks of the province")
    )
    return [
        (_("Tasks"), whose),
        (_("Directive"), board.directive.number if board.directive else _("All")),
        (_("Programme"), board.programme.name if board.programme else _("All")),
    ]


def year_rule() -> str:
    return _(
        "A task counts in the year of its due date: a one-off task's deadline, a recurring "
        "task's open occurrence (or its last one, once it has ended)."
    )


def on_time_rule() -> str:
    return _(
        "Tasks done on time divided by the tasks that are done (on time or late) or overdue, "
        "i.e. done or past their deadline. Cancelled tasks and tasks not yet due are left out. "
        "A deadline on a weekend or holiday moves to the next working day."
    )


def overdue_rule() -> str:
    return _(
        "Days overdue are counted from the deadline (moved to the next working day when it "
        "falls on a weekend or holiday) up to today, in calendar days and in working days "
        "(Monday to Friday, less the holidays of the calendar)."
    )


def monitored_rule() -> str:
    return _(
        "Every task here is assigned and tracked in the system; this figure measures whether "
        "the tracking is live: the share of open tasks (neither done nor cancelled) with a "
        "progress report in the last %(days)s days. The national target is 100%%."
    ) % {"days": MONITORED_DAYS}


def definitions() -> list[tuple[str, str]]:
    return [
        (_("Year"), year_rule()),
        (_("On-time rate"), on_time_rule()),
        (_("Days overdue"), overdue_rule()),
        (_("Followed up electronically"), monitored_rule()),
        (
            _("Budget"),
            _(
                "Allocations for the year and what has been disbursed from them, by programme; "
                "a unit reporter sees the money of their own units only."
            ),
        ),
    ]
