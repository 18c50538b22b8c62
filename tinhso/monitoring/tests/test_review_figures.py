"""The periodic review's figures, checked against numbers worked out by hand.

The story, in the first half of 2026 (2026Q1 to 2026Q2) under Lai Châu, as of 10 July 2026:
- startups supported: Đoàn Kết 6 (January); Bình Lư 5 (February) and 4 (May) → 15; the same half
  of 2025 had 9 (Bình Lư, March). Target 20 for 2026 → 75 %, off track (amber from 80 %).
- people trained in digital skills: Đoàn Kết 30 women and 20 men (March), Bình Lư 10 women and
  40 men (April) → the female share is 40 of 100 = 40.0 %. Target 40 from a baseline of 20 →
  (40 − 20) / (40 − 20) = 100 %, on track.
- monthly reports, due 15 days after each month: January to May are due by 10 July (5 months ×
  38 communes = 190), June is not yet due. Received: Đoàn Kết January (on time) and February
  (submitted, on time), Bình Lư January (handed in at 00:30 on 16 February, Hanoi time: late,
  although it was still the 15th in UTC). Everything else due is overdue (187), including
  Đoàn Kết's March report, returned to the unit. The yearly set has no year inside the range.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.core.decree30.wording import date_line
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.models import Indicator, Submission, Target
from tinhso.monitoring.periods import parse_period
from tinhso.monitoring.review.completeness import State, periods_within
from tinhso.monitoring.review.figures import Review, collect, review_periods
from tinhso.monitoring.review.tables import review_tables
from tinhso.monitoring.review.wording import range_phrase, suggested_kind
from tinhso.monitoring.targets import Rating
from tinhso.monitoring.tests.test_analytics import store
from tinhso.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = date(2026, 7, 10)
COMMUNES = 38


@pytest.fixture
def review_data(catalogue: Any, lai_chau: OrgUnit) -> Any:
    """The story of the module docstring."""
    startups = Indicator.objects.create(
        code="IND_STARTUPS", name="Khởi nghiệp được hỗ trợ", numerator="#{STARTUPS}",
        decimals=0, unit="doanh nghiệp",
    )  # fmt: skip
    female = Indicator.objects.create(
        code="IND_FEMALE_SHARE", name="Tỷ lệ nữ được tập huấn", numerator="#{TRAINEES.FEMALE}",
        denominator="#{TRAINEES}", factor=100, decimals=1, unit="%",
    )  # fmt: skip
    Target.objects.create(indicator=startups, org_unit=lai_chau, year=2026, value=20)
    Target.objects.create(indicator=startups, org_unit=lai_chau, year=2030, value=100)
    Target.objects.create(indicator=female, org_unit=lai_chau, year=2026, value=40, baseline=20)
    store(catalogue.startups, "03388", "202601", "6")
    store(catalogue.startups, "03390", "202602", "5")
    store(catalogue.startups, "03390", "202605", "4")
    store(catalogue.startups, "03390", "202503", "9")
    store(catalogue.startups, "03388", "202507", "100")  # the second half: outside both ranges
    store(catalogue.trainees, "03388", "202603", "30", "FEMALE")
    store(catalogue.trainees, "03388", "202603", "20", "MALE")
    store(catalogue.trainees, "03390", "202604", "10", "FEMALE")
    store(catalogue.trainees, "03390", "202604", "40", "MALE")
    doan_ket, binh_lu = OrgUnit.objects.get(code="03388"), OrgUnit.objects.get(code="03390")
    submissions = [
        (doan_ket, "202601", SubmissionStatus.APPROVED, datetime(2026, 2, 10, 9, tzinfo=HANOI)),
        (doan_ket, "202602", SubmissionStatus.SUBMITTED, datetime(2026, 3, 1, 9, tzinfo=HANOI)),
        (doan_ket, "202603", SubmissionStatus.RETURNED, datetime(2026, 4, 2, 9, tzinfo=HANOI)),
        (binh_lu, "202601", SubmissionStatus.APPROVED, datetime(2026, 2, 16, 0, 30, tzinfo=HANOI)),
        (binh_lu, "202606", SubmissionStatus.DRAFT, None),
    ]
    for unit, period, status, submitted_at in submissions:
        Submission.objects.create(
            data_set=catalogue.monthly, org_unit=unit, period=period, status=status,
            submitted_at=submitted_at,
        )  # fmt: skip
    return catalogue


def first_half(lai_chau: OrgUnit) -> Review:
    return collect(unit=lai_chau, periods=review_periods("2026Q1", "2026Q2"), today=TODAY)


def test_indicator_results_against_targets(review_data: Any, lai_chau: OrgUnit) -> None:
    # when
    review = first_half(lai_chau)
    # then: ordered by code
    female, startups = review.indicators
    assert (female.indicator.code, female.value, female.previous) == (
        "IND_FEMALE_SHARE", Decimal("40.0"), None,
    )  # fmt: skip
    assert (female.target_value, female.percent, female.progress.rating) == (
        Decimal("40.0"), Decimal("100.0"), Rating.GREEN,
    )  # fmt: skip
    assert (startups.value, startups.previous, startups.target_value) == (
        Decimal(15), Decimal(9), Decimal(20),
    )  # fmt: skip
    assert startups.target is not None and startups.target.year == 2026
    assert (startups.percent, startups.progress.rating) == (Decimal("75.0"), Rating.RED)
    assert review.rated(Rating.RED) == [startups]


def test_a_later_year_rates_against_the_next_target(review_data: Any, lai_chau: OrgUnit) -> None:
    review = collect(unit=lai_chau, periods=review_periods("2027", "2027"), today=TODAY)
    startups = review.indicators[1]
    assert startups.target is not None and startups.target.year == 2030
    assert (startups.value, startups.progress.rating) == (None, Rating.NONE)


def test_units_and_trend(review_data: Any, lai_chau: OrgUnit) -> None:
    review = first_half(lai_chau)
    comparison = review.units
    assert comparison is not None
    assert [line.indicator.code for line in comparison.lines] == [
        "IND_FEMALE_SHARE", "IND_STARTUPS",
    ]  # fmt: skip
    # communes before wards, as on the dashboard
    assert [(row.unit.code, row.values) for row in comparison.rows] == [
        ("03390", [Decimal("20.0"), Decimal(9)]),
        ("03388", [Decimal("60.0"), Decimal(6)]),
    ]
    assert comparison.without_data == COMMUNES - 2
    trend = review.trend
    assert trend is not None and trend.line.indicator.code == "IND_FEMALE_SHARE"
    assert [p.code for p in trend.periods] == ["2026Q1", "2026Q2"]
    assert trend.values == [Decimal("60.0"), Decimal("20.0")]
    assert trend.previous == [None, None]


def test_a_single_period_trends_by_its_parts(review_data: Any, lai_chau: OrgUnit) -> None:
    review = collect(unit=lai_chau, periods=review_periods("2026S1", "2026S1"), today=TODAY)
    assert review.trend is not None
    assert [p.code for p in review.trend.periods] == ["2026Q1", "2026Q2"]
    assert review.indicators[1].value == 15  # the same figures as by quarter


def test_a_commune_sees_its_own_figures_without_the_provinces_targets(
    review_data: Any, lai_chau: OrgUnit
) -> None:
    unit = OrgUnit.objects.get(code="03390")
    review = collect(unit=unit, periods=review_periods("2026Q1", "2026Q2"), today=TODAY)
    female, startups = review.indicators
    assert (female.value, startups.value) == (Decimal("20.0"), Decimal(9))
    assert startups.target is None and startups.progress.rating is Rating.NONE
    assert review.units is None  # nothing under a commune
    assert len(review.reporting.units) == 1


def test_reporting_completeness_and_timeliness(review_data: Any, lai_chau: OrgUnit) -> None:
    # when
    reporting = first_half(lai_chau).reporting
    # then
    (monthly, tally), (yearly, nothing) = reporting.tallies
    assert monthly.code == "MONTHLY" and yearly.code == "YEARLY"
    assert tally.units == COMMUNES == len(reporting.units)
    assert (tally.due, tally.received, tally.on_time, tally.late) == (5 * COMMUNES, 3, 2, 1)
    assert (tally.overdue, tally.not_due) == (5 * COMMUNES - 3, COMMUNES)
    assert (tally.completeness, tally.timeliness) == (
        Decimal("1.6"),
        Decimal("1.1"),
    )  # 3 and 2 of 190
    assert (nothing.due, nothing.completeness) == (0, None)
    assert reporting.total.due == 190 and reporting.total.units == COMMUNES
    assert len(reporting.overdue) == 187
    assert all(report.state is State.OVERDUE for report in reporting.overdue)
    doan_ket = sorted(r.period.code for r in reporting.overdue if r.unit.code == "03388")
    assert doan_ket == ["202603", "202604", "202605"]


def test_overdue_table_groups_by_unit(review_data: Any, lai_chau: OrgUnit) -> None:
    table = review_tables(first_half(lai_chau))["overdue"]
    rows = {row[1]: row[3:] for row in table.rows}
    assert len(table.rows) == COMMUNES
    doan_ket, binh_lu, other = (
        OrgUnit.objects.get(code=c).name for c in ("03388", "03390", "03394")
    )  # fmt: skip
    assert rows[doan_ket][0] == "Month 3/2026, Month 4/2026, Month 5/2026"
    assert rows[binh_lu][0] == "Month 2/2026, Month 3/2026, Month 4/2026, Month 5/2026"
    assert rows[other][0] == "5 periods, Month 1/2026 to Month 5/2026"


def test_the_figures_take_a_fixed_number_of_queries(review_data: Any, lai_chau: OrgUnit) -> None:
    with CaptureQueriesContext(connection) as before:
        first_half(lai_chau)
    store(review_data.startups, "03394", "202603", "2")
    Submission.objects.create(
        data_set=review_data.monthly, org_unit=OrgUnit.objects.get(code="03394"),
        period="202602", status=SubmissionStatus.DRAFT,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        first_half(lai_chau)
    assert len(after.captured_queries) == len(before.captured_queries) == _QUERIES


# the indicators with their targets (2), their expressions' elements and options (3), the
# values over the range and a year before (1), the units under (1) and their values (1), the
# trend (1), the data sets with their reporters (2), the submissions (1); all sums, so one
# aggregation family each time
_QUERIES = 12


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("2026Q3", "2026Q1", "end", "the end comes before the start"),
        ("2026Q1", "202609", "end", "they are of different types"),
        ("2026X", "2026Q3", "start", "is not a period code"),
        ("2026", "2026Q3", "end", "they are of different types"),
        ("202001", "202612", "end", "At most 36 periods"),
    ],
)
def test_a_bad_range_names_its_field(start: str, end: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        review_periods(start, end)
    errors = raised.value.message_dict
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_periods_within_a_range() -> None:
    years = periods_within(parse_period("2026").type, date(2026, 1, 1), date(2026, 6, 30))
    assert years == []  # a year does not fit in a half
    quarters = periods_within(parse_period("2026Q1").type, date(2026, 2, 1), date(2026, 9, 30))
    assert [p.code for p in quarters] == ["2026Q2", "2026Q3"]  # Q1 starts before the range


def test_wording() -> None:
    assert range_phrase(review_periods("2026S1", "2026S1")) == "the first six months of 2026"
    assert range_phrase(review_periods("202607", "202612")) == "the last six months of 2026"
    assert range_phrase(review_periods("2026Q1", "2026Q4")) == "the year 2026"
    assert range_phrase(review_periods("2026Q3", "2026Q3")) == "Quarter 3/2026"
    assert range_phrase(review_periods("2026Q1", "2026Q3")) == "Quarter 1/2026 to Quarter 3/2026"
    assert suggested_kind(review_periods("2026Q1", "2026Q2")) == "six_month"
    assert suggested_kind(review_periods("2026", "2026")) == "annual"
    assert suggested_kind(review_periods("2026Q2", "2026Q3")) == "period"
    # Decree 30: a leading zero on days below 10 and on the months 1 and 2 only
    assert date_line("Lai Châu", date(2026, 2, 5)) == "Lai Châu, ngày 05 tháng 02 năm 2026"
    assert date_line("Lai Châu", date(2026, 11, 24)) == "Lai Châu, ngày 24 tháng 11 năm 2026"
