"""The review's tables, built once and written twice: into the DOCX (formatted the Vietnamese
way) and into the XLSX (numbers as numbers). Cells keep their type: a ``Number`` carries the
decimal places it is shown with, counts are ints, missing values None."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from tinhso.monitoring.models import DataSet
from tinhso.monitoring.review.completeness import DueReport, Tally
from tinhso.monitoring.review.figures import IndicatorLine, Review
from tinhso.monitoring.review.wording import in_prose, range_phrase
from tinhso.monitoring.targets import Rating
from tinhso.orgunits.models import OrgUnit

PERCENT_PLACES = 1
# How many overdue periods of one data set a unit's row names before it only counts them.
NAMED_PERIODS = 4


@dataclass(frozen=True)
class Number:
    value: Decimal
    places: int


Value = str | int | Number | date | None


@dataclass(frozen=True)
class Table:
    """``key`` names the table in both files; a ``total`` table's last row is its total."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Value]]
    total: bool = False


def review_tables(review: Review) -> dict[str, Table]:
    """Every table of the review by key: reporting, indicators, units, overdue, trend."""
    tables = [
        reporting_table(review),
        indicators_table(review),
        units_table(review),
        overdue_table(review),
        trend_table(review),
    ]
    return {table.key: table for table in tables if table is not None}


def _number(value: Decimal | None, places: int) -> Number | None:
    """The value rounded half up to ``places``, as shown (Django's number_format would cut
    the digits off rather than round them)."""
    if value is None:
        return None
    return Number(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places)


def _percent(value: Decimal | None) -> Number | None:
    return _number(value, PERCENT_PLACES)


def _count(value: int) -> Number:
    """A count, grouped in thousands like any number (a row number or a year is a plain int)."""
    return Number(Decimal(value), 0)


def reporting_table(review: Review) -> Table:
    columns = [
        _("Data set"),
        _("Period type"),
        _("Reporting units"),
        _("Reports due"),
        _("Received"),
        _("On time"),
        _("Late"),
        _("Overdue"),
        _("Completeness (%)"),
        _("On time (%)"),
    ]
    rows: list[list[Value]] = [
        [data_set.name, data_set.get_period_type_display(), *_tally_cells(tally)]
        for data_set, tally in review.reporting.tallies
    ]
    rows.append([_("Total"), "", *_tally_cells(review.reporting.total)])
    title = _("Reports received by data set")
    return Table("reporting", title, columns, rows, total=True)


def _tally_cells(tally: Tally) -> list[Value]:
    counts = (tally.units, tally.due, tally.received, tally.on_time, tally.late, tally.overdue)
    return [*map(_count, counts), _percent(tally.completeness), _percent(tally.timeliness)]


def indicators_table(review: Review) -> Table:
    columns = [
        _("No."),
        _("Indicator"),
        _("Unit of measure"),
        _("Result"),
        _("Same period a year before"),
        _("Target"),
        _("Target year"),
        _("Progress (%)"),
        _("Rating"),
    ]
    rows = [_indicator_row(n, line) for n, line in enumerate(review.indicators, 1)]
    title = _("Indicators in %(range)s") % {"range": range_phrase(review.periods)}
    return Table("indicators", title, columns, rows)


def _indicator_row(number: int, line: IndicatorLine) -> list[Value]:
    places = line.indicator.decimals
    return [
        number,
        line.indicator.name,
        line.indicator.unit,
        _number(line.value, places),
        _number(line.previous, places),
        _number(line.target_value, places),
        line.target.year if line.target else None,
        _percent(line.percent),
        line.progress.rating.label if line.progress.rating is not Rating.NONE else None,
    ]


def units_table(review: Review) -> Table | None:
    comparison = review.units
    if comparison is None:
        return None
    columns = [_("No."), _("Unit"), *(_heading(line) for line in comparison.lines)]
    rows: list[list[Value]] = [
        [
            n,
            row.unit.name,
            *(
                _number(v, line.indicator.decimals)
                for v, line in zip(row.values, comparison.lines, strict=True)
            ),
        ]
        for n, row in enumerate(comparison.rows, 1)
    ]
    title = _("Main indicators by unit under %(unit)s") % {"unit": in_prose(review.unit)}
    return Table("units", title, columns, rows)


def _heading(line: IndicatorLine) -> str:
    unit = line.indicator.unit
    return f"{line.indicator.name} ({unit})" if unit else line.indicator.name


def overdue_table(review: Review) -> Table:
    """One row per unit and data set with reports overdue, naming the periods."""
    grouped: dict[tuple[OrgUnit, DataSet], list[DueReport]] = defaultdict(list)
    for report in review.reporting.overdue:
        grouped[report.unit, report.data_set].append(report)
    ordered = sorted(grouped.items(), key=lambda pair: (pair[0][0].name, pair[0][1].name))
    columns = [_("No."), _("Unit"), _("Data set"), _("Overdue periods"), _("Reports")]
    rows: list[list[Value]] = [
        [n, unit.name, data_set.name, _periods_text(reports), _count(len(reports))]
        for n, ((unit, data_set), reports) in enumerate(ordered, 1)
    ]
    return Table("overdue", _("Overdue reports by unit"), columns, rows)


def _periods_text(reports: list[DueReport]) -> str:
    periods = sorted(r.period for r in reports)
    if len(periods) <= NAMED_PERIODS:
        return ", ".join(p.name for p in periods)
    return _("%(count)s periods, %(first)s to %(last)s") % {
        "count": len(periods),
        "first": periods[0].name,
        "last": periods[-1].name,
    }


def trend_table(review: Review) -> Table | None:
    trend = review.trend
    if trend is None:
        return None
    places = trend.line.indicator.decimals
    columns = [_("Period"), _("Result"), _("Same period a year before")]
    rows: list[list[Value]] = [
        [period.name, _number(value, places), _number(before, places)]
        for period, value, before in zip(trend.periods, trend.values, trend.previous, strict=True)
    ]
    return Table("trend", _heading(trend.line), columns, rows)
