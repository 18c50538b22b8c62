"""Which reports fell due in a date range, and whether they came in on time, late or not at all.

A report is one data set × reporting unit × period lying wholly inside the range. It is due once
its deadline has passed; a report handed in (submitted or approved) counts as due even before
its deadline. A report not handed in by its deadline is overdue, including a draft or a report
returned to its unit. Units that have ended (``valid_to``) are left out, as on the dashboard.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from tinhso.core.dates import local_date
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.models import DataSet, Submission
from tinhso.monitoring.periods import Period, PeriodType, period_for_date, periods_between
from tinhso.monitoring.reports import due_date
from tinhso.orgunits.models import OrgUnit

RECEIVED = frozenset({SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED})


class State(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"


@dataclass(frozen=True)
class DueReport:
    """One expected report and what became of it."""

    data_set: DataSet
    unit: OrgUnit
    period: Period
    due: date
    state: State


@dataclass
class Tally:
    """Counts of one data set's reports in the range (or of all of them, for the total)."""

    units: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_due: int = 0

    def count(self, state: State) -> None:
        setattr(self, state.value, getattr(self, state.value) + 1)

    @property
    def received(self) -> int:
        return self.on_time + self.late

    @property
    def due(self) -> int:
        return self.received + self.overdue

    @property
    def completeness(self) -> Decimal | None:
        """Reports received of the reports due, in %, to one decimal."""
        return _share(self.received, self.due)

    @property
    def timeliness(self) -> Decimal | None:
        """Reports received on time of the reports due, in %, to one decimal."""
        return _share(self.on_time, self.due)


@dataclass
class Reporting:
    """Completeness and timeliness of every data set reported under a unit in a date range."""

    tallies: list[tuple[DataSet, Tally]] = field(default_factory=list)
    overdue: list[DueReport] = field(default_factory=list)
    units: list[OrgUnit] = field(default_factory=list)

    @property
    def total(self) -> Tally:
        total = Tally(units=len(self.units))
        for _data_set, tally in self.tallies:
            for name in ("on_time", "late", "overdue", "not_due"):
                setattr(total, name, getattr(total, name) + getattr(tally, name))
        return total


def reporting_status(*, unit: OrgUnit, first_day: date, last_day: date, today: date) -> Reporting:
    """The reports due under ``unit`` (its subtree) for periods within the two days, as of
    ``today``; three queries whatever the number of units and periods."""
    reporters = OrgUnit.objects.filter(path__startswith=unit.path, valid_to__isnull=True)
    # A computed set is filled by the platform, not reported by the units: nothing to judge.
    data_sets = list(
        DataSet.objects.filter(org_units__in=reporters, computed=False)
        .distinct()
        .order_by("code")
        .prefetch_related(
            Prefetch("org_units", reporters.order_by("kind", "name"), to_attr="reporters")
        )
    )
    periods = {
        d.pk: periods_within(PeriodType(d.period_type), first_day, last_day) for d in data_sets
    }
    submissions = _submissions(data_sets, periods, unit)
    reporting = Reporting()
    units: dict[int, OrgUnit] = {}
    for data_set in data_sets:
        tally = Tally(units=len(data_set.reporters))  # type: ignore[attr-defined]
        for reporter in data_set.reporters:  # type: ignore[attr-defined]
            units[reporter.pk] = reporter
            for period in periods[data_set.pk]:
                found = submissions.get((data_set.pk, reporter.pk, period.code))
                report = _report(data_set, reporter, period, found, today)
                tally.count(report.state)
                if report.state is State.OVERDUE:
                    reporting.overdue.append(report)
        reporting.tallies.append((data_set, tally))
    reporting.units = sorted(units.values(), key=lambda u: (u.kind, u.name))
    return reporting


def periods_within(period_type: PeriodType, first_day: date, last_day: date) -> list[Period]:
    """The periods of a type lying wholly between the two days (both included)."""
    first = period_for_date(first_day, period_type)
    if first.start < first_day:
        first = first.next()
    last = period_for_date(last_day, period_type)
    if last.end > last_day:
        last = last.previous()
    return periods_between(first, last) if first <= last else []


def _submissions(
    data_sets: Sequence[DataSet], periods: dict[int, list[Period]], unit: OrgUnit
) -> dict[tuple[int, int, str], Submission]:
    codes = {p.code for group in periods.values() for p in group}
    if not codes:
        return {}
    found = Submission.objects.filter(
        data_set__in=data_sets, period__in=codes, org_unit__path__startswith=unit.path
    ).only("data_set_id", "org_unit_id", "period", "status", "submitted_at")
    return {(s.data_set_id, s.org_unit_id, s.period): s for s in found}


def _report(
    data_set: DataSet, unit: OrgUnit, period: Period, found: Submission | None, today: date
) -> DueReport:
    due = due_date(data_set, period)
    if found is not None and found.status in RECEIVED and found.submitted_at is not None:
        on_time = local_date(found.submitted_at) <= due
        return DueReport(data_set, unit, period, due, State.ON_TIME if on_time else State.LATE)
    state = State.OVERDUE if today > due else State.NOT_DUE
    return DueReport(data_set, unit, period, due, state)


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
