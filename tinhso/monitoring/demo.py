"""The monitoring demo for Lai Châu: the built-in catalogue and the province's real 2025 facts,
then generated history so that a newcomer opens a living dashboard. For demonstrations only.

The generated history is labelled: every value's comment is the translatable "Demo data", one
DataImport row with source "load_demo" records the load (``has_demo_data`` asks for it), and it
never touches an element that carries a real fact. It covers every month from January 2022 to the
last full month (communes and wards), every quarter (agencies) and every year (the province),
with reports in realistic states: most approved, some awaiting approval, a few returned with a
reason, a few recent ones not reported (overdue). Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.accounts.models import User
from tinhso.audit.models import AuditAction
from tinhso.audit.services import record_change
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring import expressions
from tinhso.monitoring.bulk import Row, insert_values
from tinhso.monitoring.catalogue.demo_profiles import (
    FIRST_YEAR,
    Values,
    agency_series,
    commune_series,
    province_series,
    stream,
)
from tinhso.monitoring.catalogue.loader import (
    CatalogueSummary,
    load_catalogue,
    load_targets,
    province_unit,
)
from tinhso.monitoring.catalogue.spec import TargetSpec
from tinhso.monitoring.choices import Aggregation, Direction, SubmissionStatus
from tinhso.monitoring.models import (
    DEFAULT_CODE,
    CategoryOption,
    DataElement,
    DataImport,
    DataSet,
    DataValue,
    Indicator,
    Submission,
    Target,
)
from tinhso.monitoring.periods import Period, PeriodType, deadline, period_for_date, periods_between
from tinhso.monitoring.permissions import APPROVE, IMPORT, DataValuePolicy, SubmissionPolicy
from tinhso.orgunits.models import OrgUnit

DEMO_SOURCE = "load_demo"
DEMO_LABEL = gettext_lazy("Demo data")
LAI_CHAU = "12"
BASELINE_YEAR = 2024
TARGET_YEARS = (2025, 2026)
NATIONAL_TARGET_YEAR = 2030

Series = Callable[[OrgUnit, Sequence[Period]], Iterator[tuple[Period, Values]]]
SERIES: dict[str, Series] = {
    "COMMUNE_MONTHLY": commune_series,
    "AGENCY_QUARTERLY": agency_series,
    "PROVINCE_YEARLY": province_series,
}
_NOT_REPORTED = "not_reported"
S = SubmissionStatus
# How likely each state is, by the report's age in periods (0: the last full period). Older
# reports are all approved; the province's yearly reports always are.
STATE_WEIGHTS: dict[int, tuple[tuple[str, int], ...]] = {
    0: ((_NOT_REPORTED, 15), (S.DRAFT, 8), (S.SUBMITTED, 40), (S.RETURNED, 7), (S.APPROVED, 30)),
    1: ((_NOT_REPORTED, 6), (S.SUBMITTED, 14), (S.RETURNED, 5), (S.APPROVED, 75)),
    2: ((_NOT_REPORTED, 3), (S.SUBMITTED, 4), (S.RETURNED, 3), (S.APPROVED, 90)),
}
# The last period's state for the units of the demo accounts, so each has something to do:
# the ward's reporter a returned report to correct, Home Affairs' an overdue one to fill in.
FORCED_LATEST = {("COMMUNE_MONTHLY", "03388"): S.RETURNED, ("AGENCY_QUARTERLY", "12.SNV"): None}
# Demo content, in the province's language like the demo accounts' names.
RETURN_REASONS = (
    "Số hồ sơ trực tuyến chưa khớp với Cổng dịch vụ công; đề nghị rà soát lại.",
    "Đề nghị bổ sung số liệu người được hướng dẫn kỹ năng số theo giới tính.",
    "Số người có chữ ký số giảm so với tháng trước; đề nghị kiểm tra.",
    "Đề nghị đính kèm văn bản minh chứng cho số liệu báo cáo.",
)


def load(today: dt.date | None = None) -> Iterator[str]:
    """Load the catalogue, the facts and the demo history; yields lines to print."""
    yield from load_catalogue(actor=SYSTEM, province_code=LAI_CHAU).lines()
    yield from load_history(actor=SYSTEM, today=today or timezone.localdate()).lines()


def has_demo_data() -> bool:
    """Whether generated demo data has been loaded, so pages can say their figures are not real."""
    return DataImport.objects.filter(source=DEMO_SOURCE, dry_run=False).exists()


def demo_label() -> str:
    """The comment on every generated value, in the site's language whoever runs the load."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(DEMO_LABEL)


@dataclass(frozen=True)
class Report:
    """One generated report: its data set, unit and period, its state (None: not reported)
    and its values."""

    data_set: DataSet
    unit: OrgUnit
    period: Period
    status: SubmissionStatus | None
    values: Values

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.data_set.pk, self.unit.pk, self.period.code)


@dataclass
class HistorySummary:
    """What the demo history load did."""

    first: str
    last: str
    values: int = 0
    values_unchanged: int = 0
    reports: Counter[str] = field(default_factory=Counter)
    reports_unchanged: int = 0
    overdue: int = 0
    targets: CatalogueSummary = field(default_factory=CatalogueSummary)

    def lines(self) -> list[str]:
        states = ", ".join(f"{count} {state}" for state, count in sorted(self.reports.items()))
        targets = self.targets
        return [
            f"Demo history {self.first}–{self.last} (comment “{demo_label()}”): "
            f"{self.values} values created, {self.values_unchanged} unchanged",
            f"Demo reports: {self.reports.total()} created ({states or 'none'}), "
            f"{self.reports_unchanged} unchanged; {self.overdue} overdue, not reported",
            f"Demo targets {TARGET_YEARS[0]}–{TARGET_YEARS[-1]}: {targets.created} created, "
            f"{targets.updated} updated, {targets.unchanged} unchanged",
        ]


def load_history(*, actor: Any, today: dt.date) -> HistorySummary:
    """Write the generated history up to the last full period before ``today``: values,
    reports, and the 2025–2026 targets. Adds only what is missing; audited once per load."""
    DataValuePolicy().require(actor, IMPORT)
    SubmissionPolicy().require(actor, APPROVE)
    province = province_unit(LAI_CHAU)
    sets = {
        s.code: s for s in DataSet.objects.filter(code__in=SERIES).prefetch_related("org_units")
    }
    if len(sets) != len(SERIES):
        raise ValidationError(_("Load the monitoring catalogue first (manage.py load_catalogue)."))
    reports = [report for code in SERIES for report in _reports(sets[code], today)]
    months = _periods(PeriodType.MONTHLY, today)
    summary = HistorySummary(first=months[0].code, last=months[-1].code)
    with transaction.atomic():
        new = _untouched(reports, summary)
        rows = _rows(new)
        insert_values(rows)
        Submission.objects.bulk_create(_submissions(new, today), batch_size=500)
        summary.values = len(rows)
        summary.reports = Counter(str(r.status) for r in new if r.status is not None)
        summary.overdue = sum(1 for r in new if r.status is None and _overdue(r, today))
        if rows or summary.reports:
            _log(actor, summary)
        summary.targets = load_targets(
            actor=actor, province=province, targets=_demo_targets(reports, province)
        )
    return summary


# Planning -------------------------------------------------------------------------------------


def _periods(period_type: PeriodType, today: dt.date) -> list[Period]:
    """From the first period of FIRST_YEAR to the last full period before ``today``."""
    last = period_for_date(today, period_type).previous()
    return periods_between(Period(period_type, FIRST_YEAR, 1), last)


def _reports(data_set: DataSet, today: dt.date) -> Iterator[Report]:
    periods = _periods(PeriodType(data_set.period_type), today)
    for unit in sorted(data_set.org_units.all(), key=lambda u: u.path):
        for index, (period, values) in enumerate(SERIES[data_set.code](unit, periods)):
            age = len(periods) - 1 - index
            status = _status(data_set, unit, period, age)
            yield Report(data_set, unit, period, status, values)


def _status(data_set: DataSet, unit: OrgUnit, period: Period, age: int) -> SubmissionStatus | None:
    if age == 0 and (data_set.code, unit.code) in FORCED_LATEST:
        return FORCED_LATEST[data_set.code, unit.code]
    if data_set.period_type == PeriodType.YEARLY or age not in STATE_WEIGHTS:
        return S.APPROVED
    states, weights = zip(*STATE_WEIGHTS[age], strict=True)
    # A careless unit misses more reports than a diligent one.
    careless = 1.5 - _reliability(unit)
    weights = tuple(
        w * 2 * careless if s == _NOT_REPORTED else w for s, w in zip(states, weights, strict=True)
    )
    state = stream("report", data_set.code, unit.code, period.code).choices(states, weights)[0]
    return None if state == _NOT_REPORTED else SubmissionStatus(state)


def _reliability(unit: OrgUnit) -> float:
    """How often the unit reports on time, between 0.55 and 0.98; fixed per unit."""
    return stream("reliability", unit.code).uniform(0.55, 0.98)


def _overdue(report: Report, today: dt.date) -> bool:
    return deadline(report.period, report.data_set.deadline_days) < today


def _untouched(reports: list[Report], summary: HistorySummary) -> list[Report]:
    """The planned reports nobody has touched yet: no report row and no value of the demo's
    elements for that unit and period. The real facts' elements do not count."""
    generated = {code for report in reports for code, _option in report.values}
    element_sets = {
        element.pk: data_set.pk
        for data_set in {r.data_set for r in reports}
        for element in data_set.elements.filter(code__in=generated)
    }
    taken = set(
        Submission.objects.filter(data_set_id__in=set(element_sets.values())).values_list(
            "data_set_id", "org_unit_id", "period"
        )
    )
    stored = DataValue.objects.filter(data_element_id__in=element_sets).values_list(
        "data_element_id", "org_unit_id", "period"
    )
    taken.update((element_sets[element], unit, period) for element, unit, period in stored)
    untouched = [report for report in reports if report.key not in taken]
    summary.values_unchanged = sum(
        len(report.values) for report in reports if report.key in taken and report.status
    )
    summary.reports_unchanged = sum(1 for r in reports if r.key in taken)
    return untouched


# Writing --------------------------------------------------------------------------------------


def _rows(reports: Iterable[Report]) -> list[Row]:
    """The values of the reported reports, in bulk.COLUMNS order."""
    elements = {e.code: e for e in DataElement.objects.all()}
    options: dict[tuple[int | None, str], int] = {
        (o.category_id, o.code): o.pk for o in CategoryOption.objects.all()
    }
    default = CategoryOption.objects.get(category__code=DEFAULT_CODE, code=DEFAULT_CODE).pk
    label = demo_label()
    rows: list[Row] = []
    for report in reports:
        if report.status is None:
            continue
        period = report.period
        where = (report.unit.pk, period.code, str(period.type), period.start, period.end)
        for (code, option), value in report.values.items():
            element = elements[code]
            option_id = options[element.category_id, option] if option else default
            rows.append((element.pk, *where, option_id, value, label, 1, None))
    return rows


def _submissions(reports: Iterable[Report], today: dt.date) -> list[Submission]:
    """A report row for every reported report, with its dates and people."""
    reporters = _reporters()
    decider = User.objects.filter(groups__name=Role.CENTER_STAFF).order_by("pk").first()
    now = dt.datetime.combine(today, dt.time(8), tzinfo=ZoneInfo(settings.TIME_ZONE))
    rows = []
    for report in reports:
        if report.status is None:
            continue
        row = Submission(
            data_set=report.data_set, org_unit=report.unit, period=report.period.code,
            status=report.status,
        )  # fmt: skip
        if report.status != S.DRAFT:
            _date(row, report, now, reporters.get(report.unit.pk), decider)
        rows.append(row)
    return rows


def _reporters() -> dict[int, User]:
    """The first reporter account of each unit, to sign its demo reports."""
    users = User.objects.filter(groups__name=Role.UNIT_REPORTER, org_unit__isnull=False)
    found: dict[int, User] = {}
    for user in users.order_by("pk"):
        found.setdefault(user.org_unit_id, user)  # type: ignore[arg-type]
    return found


def _date(
    row: Submission, report: Report, now: dt.datetime, reporter: User | None, decider: User | None
) -> None:
    """Submission and decision times: mostly within the deadline, for some units often late."""
    rng = stream("dates", report.data_set.code, report.unit.code, report.period.code)
    days, late = report.data_set.deadline_days, report.data_set.late_days
    if rng.random() < _reliability(report.unit):
        delay = rng.randint(1, days)
    else:
        delay = rng.randint(days + 1, days + late + 15)
    tz = now.tzinfo
    day = report.period.end + dt.timedelta(days=delay)
    submitted = dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), tz)
    # Nothing happens in the future; a report handed in lately waits a day for its decision.
    latest = now - dt.timedelta(hours=1)
    row.submitted_at, row.submitted_by = min(submitted, latest - dt.timedelta(days=1)), reporter
    if report.status in (S.APPROVED, S.RETURNED):
        decided = row.submitted_at + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
        row.decided_at, row.decided_by = min(decided, latest), decider
    if report.status == S.RETURNED:
        row.return_reason = rng.choice(RETURN_REASONS)


def _log(actor: Any, summary: HistorySummary) -> None:
    """The load is audited once: its DataImport row, and one entry that counts what it wrote."""
    log = DataImport.objects.create(
        actor=actor if getattr(actor, "pk", None) else None, actor_name=actor.get_username(),
        source=DEMO_SOURCE, file_format="demo", imported=summary.values,
    )  # fmt: skip
    after = {"imported": summary.values, "reports": summary.reports.total()}
    record_change(actor=actor, action=AuditAction.IMPORT, obj=log, after=after, org_unit=None)


# Targets --------------------------------------------------------------------------------------


def _demo_targets(reports: list[Report], province: OrgUnit) -> list[TargetSpec]:
    """Yearly plan targets for the indicators with a national 2030 target, with the demo's 2024
    value as the baseline. Each is the demo's own figure for its year times a seeded ambition
    (0.9 to 1.15; divided by it where lower is better), so the dashboard shows a plausible mix
    of green, amber and red rather than figures far past their targets. A year with no figure
    yet builds on the year before."""
    national = Target.objects.filter(org_unit=province, year=NATIONAL_TARGET_YEAR)
    baselines = _year_totals(reports, BASELINE_YEAR)
    by_year = {year: _year_totals(reports, year) for year in TARGET_YEARS}
    targets = []
    for target in national.select_related("indicator").order_by("indicator__code"):
        indicator = target.indicator
        baseline = _indicator_value(indicator, baselines)
        if baseline is None:
            continue
        reached: Decimal | None = baseline
        for year in TARGET_YEARS:
            # A year not reported yet (yearly figures come after the year) plans from the last.
            reached = _indicator_value(indicator, by_year[year]) or reached
            assert reached is not None
            ambition = Decimal(
                str(round(stream("target", indicator.code, year).uniform(0.9, 1.15), 3))
            )
            planned = (
                reached / ambition
                if indicator.direction == Direction.LOWER_IS_BETTER
                else reached * ambition
            )
            targets.append(TargetSpec(
                indicator=indicator.code, year=year, value=_rounded(planned, indicator),
                baseline=baseline, baseline_year=BASELINE_YEAR, source="demo",
            ))  # fmt: skip
    return targets


def _year_totals(reports: list[Report], year: int) -> dict[expressions.Reference, Decimal]:
    """Province-wide totals for a year as analytics adds them up: a "last" element's latest
    value in the year per unit, every other value summed (the demo uses only these two)."""
    aggregation = dict(DataElement.objects.values_list("code", "aggregation"))
    sums: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    latest: dict[tuple[str, str, int], tuple[Period, Decimal]] = {}
    for report in reports:
        if report.status is None or report.period.year != year:
            continue
        for (code, option), value in report.values.items():
            if aggregation[code] != Aggregation.LAST:
                sums[code, option] += value
                continue
            key = (code, option, report.unit.pk)
            if key not in latest or latest[key][0] < report.period:
                latest[key] = (report.period, value)
    for (code, option, _unit), (_period, value) in latest.items():
        sums[code, option] += value
    totals: dict[expressions.Reference, Decimal] = defaultdict(Decimal)
    for (code, option), value in sums.items():
        totals[expressions.Reference(code)] += value
        if option:
            totals[expressions.Reference(code, option)] = value
    return totals


def _indicator_value(
    indicator: Indicator, totals: dict[expressions.Reference, Decimal]
) -> Decimal | None:
    numerator = expressions.parse(indicator.numerator).evaluate(totals)
    denominator = expressions.parse(indicator.denominator).evaluate(totals)
    if not isinstance(numerator, Decimal) or not isinstance(denominator, Decimal):
        return None
    if not denominator:
        return None
    return _rounded(numerator / denominator * indicator.factor, indicator)


def _rounded(value: Decimal, indicator: Indicator) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-indicator.decimals))
