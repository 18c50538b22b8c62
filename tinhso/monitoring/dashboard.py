"""The IOC dashboard's figures for one org unit and year, in a fixed number of queries.

Every panel is a table first (columns and rows, which the page shows and the CSV/XLSX downloads
carry) and a chart second (a small spec the page's script hands to ECharts). Values come from
analytics.aggregate, so a value saved a second ago is already here: there is no cache to refresh.

Completeness and timeliness measure people's reporting. A computed data set (fed by another
module) is not reported by people: its cells read "filled automatically" (or "approved, frozen"
once the center froze them), it is never overdue, it has no completeness or on-time rows, and
the grid opens on a reported set rather than on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tinhso.core.dates import local_date
from tinhso.core.policies import VIEW, Scope
from tinhso.monitoring.analytics import Cell, DataItem, aggregate, as_text, resolve_items, rounded
from tinhso.monitoring.choices import Direction, SubmissionStatus
from tinhso.monitoring.models import DataSet, Indicator, Submission, Target
from tinhso.monitoring.periods import (
    Period,
    PeriodType,
    deadline,
    parse_period,
    period_for_date,
)
from tinhso.monitoring.permissions import DataValuePolicy
from tinhso.monitoring.targets import Progress, Rating, progress, target_for
from tinhso.orgunits.models import OrgUnit

GRID_PERIODS = 12
OVERDUE_SHOWN = 20
KPI_YEARS = 5

policy = DataValuePolicy()


@dataclass
class Panel:
    """A table with an optional chart of it; ``key`` names it in download links."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart: dict[str, Any] | None = None


@dataclass(frozen=True)
class Kpi:
    indicator: Indicator
    year: int | None  # of the value shown: the chosen year or, lacking data, the latest before
    progress: Progress
    shown_value: str
    shown_target: str
    target_year: int | None
    change: Decimal | None  # against the year before
    history: list[tuple[str, Decimal | None]]


@dataclass(frozen=True)
class GridCell:
    status: str  # on_time, late, waiting, open, overdue, not_due; automatic, frozen (computed)
    label: str


@dataclass
class Dashboard:
    unit: OrgUnit
    year: int
    ancestors: list[OrgUnit]
    indicators: list[Indicator]
    selected: Indicator | None
    kpis: list[Kpi] = field(default_factory=list)
    panels: dict[str, Panel] = field(default_factory=dict)
    data_sets: list[DataSet] = field(default_factory=list)
    data_set: DataSet | None = None
    grid_periods: list[Period] = field(default_factory=list)
    grid: list[tuple[OrgUnit, list[GridCell]]] = field(default_factory=list)
    overdue_count: int = 0


def reachable_root(user: Any) -> OrgUnit | None:
    """Where the user's dashboard opens: their unit for a reporter, the province otherwise."""
    if policy.scope_for(user, VIEW) is Scope.ALL:
        return OrgUnit.objects.filter(depth=0, valid_to__isnull=True).order_by("code").first()
    return getattr(user, "org_unit", None)


def may_see(user: Any, unit: OrgUnit) -> bool:
    scope = policy.scope_for(user, VIEW)
    own = getattr(user, "org_unit", None)
    if scope is Scope.ALL:
        return True
    return scope is Scope.UNIT and own is not None and unit.path.startswith(own.path)


def build(
    *,
    unit: OrgUnit,
    year: int,
    today: date,
    indicator_code: str = "",
    data_set_code: str = "",
) -> Dashboard:
    """All panels for ``unit`` and ``year``; ``today`` decides what is due and overdue."""
    indicators = _kpi_indicators(unit)
    board = Dashboard(unit, year, _ancestors(unit), indicators, None)
    children = list(
        OrgUnit.objects.filter(parent=unit, valid_to__isnull=True).order_by("kind", "name")
    )
    if indicators:
        items = resolve_items([i.code for i in indicators])
        board.kpis = _kpis(items, indicators, unit, year)
        kpi = _selected(board.kpis, indicator_code)
        board.selected = kpi.indicator
        item = items[board.kpis.index(kpi)]
        board.panels["trend"] = _trend(item, unit, year, today)
        if children:
            board.panels["ranking"] = _ranking(item, children, kpi.year or year)
    board.panels["kpis"] = _kpi_panel(board.kpis, year)
    _completeness(board, data_set_code, today)
    return board


def _selected(kpis: list[Kpi], code: str) -> Kpi:
    """The indicator the charts follow: the one asked for, else the first with a value this
    year (reported during the year, so its units can be compared), else any with a value."""
    chosen = next((k for k in kpis if k.indicator.code == code), None)
    this_year = max((k.year for k in kpis if k.year is not None), default=None)
    return (
        chosen
        or next((k for k in kpis if k.year is not None and k.year == this_year), None)
        or kpis[0]
    )


def _kpi_indicators(unit: OrgUnit) -> list[Indicator]:
    """Indicators with a target for this unit or, failing that, for any unit above it."""
    paths = unit.lineage_paths
    targets = Target.objects.filter(org_unit__path__in=paths).select_related("org_unit")
    return list(
        Indicator.objects.filter(targets__org_unit__path__in=paths)
        .distinct()
        .order_by("code")
        .prefetch_related(Prefetch("targets", targets, to_attr="kpi_targets"))
    )


def _ancestors(unit: OrgUnit) -> list[OrgUnit]:
    paths = unit.lineage_paths[:-1]
    return list(OrgUnit.objects.filter(path__in=paths).order_by("depth")) if paths else []


# KPI cards ---------------------------------------------------------------------------------------


def _kpis(
    items: list[DataItem], indicators: list[Indicator], unit: OrgUnit, year: int
) -> list[Kpi]:
    years = [Period(PeriodType.YEARLY, y) for y in range(year - KPI_YEARS + 1, year + 1)]
    values = aggregate(items, [[p] for p in years], [[unit]])
    kpis = []
    for i, (item, indicator) in enumerate(zip(items, indicators, strict=True)):
        series = [values.get(Cell(i, p, 0)) for p in range(len(years))]
        # The latest year with a value: yearly figures for this year arrive only next year.
        latest = max((k for k, v in enumerate(series) if v is not None), default=None)
        current = series[latest] if latest is not None else None
        before = series[latest - 1] if latest else None
        value_year = years[latest].year if latest is not None else None
        target = _own_target(indicator, unit, value_year or year)
        shown = rounded(item, current) if current is not None else None
        kpis.append(
            Kpi(
                indicator=indicator,
                year=value_year,
                progress=progress(
                    indicator,
                    shown,
                    target.value if target else None,
                    target.baseline if target else None,
                ),
                shown_value=as_text(item, current) if current is not None else "—",
                shown_target=as_text(item, target.value) if target else "—",
                target_year=target.year if target else None,
                change=(current - before) if current is not None and before is not None else None,
                history=[
                    (p.code, rounded(item, v) if v is not None else None)
                    for p, v in zip(years, series, strict=True)
                ],
            )
        )
    return kpis


def _own_target(indicator: Indicator, unit: OrgUnit, year: int) -> Target | None:
    """The unit's own target for the year (or the next target year); the province's targets
    stand for the province only, not for each commune."""
    own = [t for t in indicator.kpi_targets if t.org_unit_id == unit.pk]  # type: ignore[attr-defined]
    return target_for(own, year)


def _kpi_panel(kpis: Sequence[Kpi], year: int) -> Panel:
    rows = [
        [k.indicator.code, k.indicator.name, k.year or "", k.shown_value, k.indicator.unit,
         k.shown_target, k.target_year or "", _percent(k.progress.percent),
         k.progress.rating.label]
        for k in kpis
    ]  # fmt: skip
    columns = [
        _("Code"), _("Indicator"), _("Year"), _("Value"), _("Unit of measure"),
        _("Target"), _("Target year"), _("Progress (%)"), _("Rating"),
    ]  # fmt: skip
    return Panel("kpis", _("Key indicators"), columns, rows)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value.quantize(Decimal('0.1')):f}"


# Trend and ranking -------------------------------------------------------------------------------


TREND_LENGTH = {
    PeriodType.MONTHLY: 24,
    PeriodType.QUARTERLY: 12,
    PeriodType.SIX_MONTHLY: 8,
    PeriodType.YEARLY: 8,
}


def _trend(item: DataItem, unit: OrgUnit, year: int, today: date) -> Panel:
    """The item over its recent periods up to the year's end (or today, for the current year),
    by the finest period type its elements are reported in."""
    period_type = _reporting_period_type(item)
    end = period_for_date(min(today, date(year, 12, 31)), period_type)
    periods = [end.shift(-i) for i in reversed(range(TREND_LENGTH[period_type]))]
    values = aggregate([item], [[p] for p in periods], [[unit]])
    shown = [values.get(Cell(0, i, 0)) for i in range(len(periods))]
    rows = [
        [p.code, p.name, as_text(item, v) if v is not None else ""]
        for p, v in zip(periods, shown, strict=True)
    ]
    chart = {
        "type": "line",
        "categories": [p.name for p in periods],
        "series": [{"name": item.name, "data": [_number(item, v) for v in shown]}],
    }
    title = _("%(name)s over time") % {"name": item.name}
    return Panel("trend", title, [_("Period code"), _("Period"), _("Value")], rows, chart)


def _reporting_period_type(item: DataItem) -> PeriodType:
    types = DataSet.objects.filter(elements__in=item.needs()).values_list("period_type", flat=True)
    found = [PeriodType(t) for t in set(types)]
    return min(found, key=lambda t: t.rank) if found else PeriodType.YEARLY


def _ranking(item: DataItem, children: list[OrgUnit], year: int) -> Panel:
    values = aggregate([item], [[Period(PeriodType.YEARLY, year)]], [[c] for c in children])
    # Best first: the highest value, or the lowest where lower is better; no value last.
    best_first = -1 if _direction(item) == Direction.HIGHER_IS_BETTER else 1
    ranked = sorted(
        ((child, values.get(Cell(0, 0, i))) for i, child in enumerate(children)),
        key=lambda pair: (pair[1] is None, best_first * (pair[1] or 0), pair[0].name),
    )
    rows = [
        [position, child.code, child.name, as_text(item, v) if v is not None else ""]
        for position, (child, v) in enumerate(ranked, 1)
    ]
    reported = [(c, v) for c, v in ranked if v is not None]
    chart = {
        "type": "bar",
        "categories": [c.name for c, _v in reported],
        "series": [{"name": item.name, "data": [_number(item, v) for _c, v in reported]}],
        "drill": [c.code for c, _v in reported],
    }
    title = _("Units compared, %(year)s") % {"year": year}
    return Panel("ranking", title, [_("Rank"), _("Code"), _("Unit"), _("Value")], rows, chart)


def _direction(item: DataItem) -> str:
    source = item.indicator or item.element
    return source.direction if source is not None else Direction.HIGHER_IS_BETTER


def _number(item: DataItem, value: Decimal | None) -> float | None:
    return None if value is None else float(rounded(item, value))


# Completeness and timeliness ---------------------------------------------------------------------


def _completeness(board: Dashboard, data_set_code: str, today: date) -> None:
    unit = board.unit
    in_subtree = Q(path__startswith=unit.path, valid_to__isnull=True)
    units = OrgUnit.objects.filter(in_subtree).order_by("kind", "name")
    # The first report of each set by index (the unique data set, unit, period key), not by
    # joining every report to every reporting unit.
    first_report = Submission.objects.filter(data_set=OuterRef("pk")).order_by("period")
    data_sets = (
        DataSet.objects.filter(
            pk__in=DataSet.org_units.through.objects.filter(
                orgunit__path__startswith=unit.path
            ).values("dataset_id")
        )
        .annotate(first_period=Subquery(first_report.values("period")[:1]))
        .prefetch_related(Prefetch("org_units", units, to_attr="reporting_units"))
    )
    # The liveliest first: monthly sets before quarterly and yearly ones.
    board.data_sets = sorted(data_sets, key=lambda d: (PeriodType(d.period_type).rank, d.code))
    if not board.data_sets:
        board.panels["completeness"] = Panel("completeness", _("Reporting completeness"), [], [])
        return
    reported_first = sorted(board.data_sets, key=lambda d: d.computed)  # stable
    board.data_set = next(
        (d for d in board.data_sets if d.code == data_set_code), reported_first[0]
    )
    recent = {d.pk: _recent_periods(d, today) for d in board.data_sets}
    submissions = _submissions(board.data_sets, recent, unit)
    # Every set's grid, worked out once: the overdue list reads them all, the page shows one.
    grids = {
        data_set.pk: [
            (
                reporter,
                [
                    _status(data_set, p, submissions.get((data_set.pk, reporter.pk, p.code)), today)
                    for p in recent[data_set.pk]
                ],
            )
            for reporter in data_set.reporting_units  # type: ignore[attr-defined]
        ]
        for data_set in board.data_sets
    }
    overdue = [
        (data_set, reporter, period)
        for data_set in board.data_sets
        for reporter, cells in grids[data_set.pk]
        for period, cell in zip(recent[data_set.pk], cells, strict=True)
        if cell.status == "overdue"
    ]
    board.overdue_count = len(overdue)
    board.panels["overdue"] = _overdue_panel(overdue, today)
    board.grid_periods = recent[board.data_set.pk]
    board.grid = grids[board.data_set.pk]
    board.panels["completeness"] = _grid_panel(board)


def _recent_periods(data_set: DataSet, today: date) -> list[Period]:
    """The last GRID_PERIODS periods up to today's, none before the set's first report (or,
    with none yet, its creation): a report is not overdue for a time before the set existed."""
    period_type = PeriodType(data_set.period_type)
    current = period_for_date(today, period_type)
    first_code = data_set.first_period  # type: ignore[attr-defined]
    first = (
        parse_period(first_code)
        if first_code
        else period_for_date(timezone.localtime(data_set.created_at).date(), period_type)
    )
    recent = [current.shift(-i) for i in reversed(range(GRID_PERIODS))]
    return [p for p in recent if p.start >= first.start]


def _submissions(
    data_sets: Sequence[DataSet], recent: dict[int, list[Period]], unit: OrgUnit
) -> dict[tuple[int, int, str], Submission]:
    codes = {p.code for periods in recent.values() for p in periods}
    found = Submission.objects.filter(
        data_set__in=data_sets, period__in=codes, org_unit__path__startswith=unit.path
    ).only("data_set_id", "org_unit_id", "period", "status", "submitted_at")
    return {(s.data_set_id, s.org_unit_id, s.period): s for s in found}


GRID_LABELS = {
    "on_time": gettext_lazy("On time"),
    "late": gettext_lazy("Late"),
    "waiting": gettext_lazy("Submitted, awaiting approval"),
    "open": gettext_lazy("Being filled in"),
    "overdue": gettext_lazy("Overdue"),
    "not_due": gettext_lazy("Not yet due"),
    "automatic": gettext_lazy("Filled automatically"),
    "frozen": gettext_lazy("Approved, figures frozen"),
}


@cache
def _grid_cell(status: str, language: str | None) -> GridCell:
    """One shared cell per status and language: a grid has hundreds of cells, eight kinds."""
    return GridCell(status, str(GRID_LABELS[status]))


def _status(
    data_set: DataSet, period: Period, submission: Submission | None, today: date
) -> GridCell:
    due = deadline(period, data_set.deadline_days)
    status = submission.status if submission else None
    if data_set.computed:
        frozen = status == SubmissionStatus.APPROVED
        return _grid_cell("frozen" if frozen else "automatic", get_language())
    if status == SubmissionStatus.SUBMITTED:
        return _grid_cell("waiting", get_language())
    if status == SubmissionStatus.APPROVED:
        assert submission is not None and submission.submitted_at is not None
        on_time = local_date(submission.submitted_at) <= due
        return _grid_cell("on_time" if on_time else "late", get_language())
    if today > due:
        return _grid_cell("overdue", get_language())
    return _grid_cell("not_due" if status is None else "open", get_language())


def _grid_panel(board: Dashboard) -> Panel:
    columns = [_("Unit"), *(p.code for p in board.grid_periods)]
    rows: list[list[Any]] = [[u.name, *(c.label for c in cells)] for u, cells in board.grid]
    complete = [
        sum(1 for _u, cells in board.grid if cells[i].status in ("on_time", "late", "waiting"))
        for i in range(len(board.grid_periods))
    ]
    timely = [
        sum(1 for _u, cells in board.grid if cells[i].status == "on_time")
        for i in range(len(board.grid_periods))
    ]
    expected = len(board.grid) or 1
    assert board.data_set is not None
    if not board.data_set.computed:  # nobody reports it: no rate of people's reporting
        rows.append([_("Completeness (%)"), *(round(100 * c / expected) for c in complete)])
        rows.append([_("On time (%)"), *(round(100 * t / expected) for t in timely)])
    title = _("Reporting completeness: %(name)s") % {"name": board.data_set.name}
    return Panel("completeness", title, columns, rows)


def _overdue_panel(overdue: list[tuple[DataSet, OrgUnit, Period]], today: date) -> Panel:
    overdue.sort(key=lambda row: (row[2].start, row[1].name))
    rows = [
        [unit.name, data_set.name, period.name, due.isoformat(), (today - due).days]
        for data_set, unit, period in overdue
        for due in [deadline(period, data_set.deadline_days)]
    ]
    columns = [_("Unit"), _("Data set"), _("Period"), _("Deadline"), _("Days overdue")]
    return Panel("overdue", _("Overdue reports"), columns, rows)


def rating_class(rating: Rating) -> str:
    return {"green": "success", "amber": "warning", "red": "danger"}.get(rating.value, "secondary")
