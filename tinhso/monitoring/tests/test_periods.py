from datetime import date

import pytest
from django.utils import translation

from tinhso.monitoring.periods import (
    RELATIVE_PERIODS,
    Period,
    PeriodError,
    PeriodType,
    deadline,
    is_relative,
    parse_period,
    parse_period_dimension,
    period_for_date,
    periods_between,
    resolve_relative,
)


def codes(periods: list[Period]) -> list[str]:
    return [period.code for period in periods]


@pytest.mark.parametrize(
    ("code", "period_type", "year", "index", "start", "end"),
    [
        ("2026", PeriodType.YEARLY, 2026, 1, date(2026, 1, 1), date(2026, 12, 31)),
        ("2026S1", PeriodType.SIX_MONTHLY, 2026, 1, date(2026, 1, 1), date(2026, 6, 30)),
        ("2026S2", PeriodType.SIX_MONTHLY, 2026, 2, date(2026, 7, 1), date(2026, 12, 31)),
        ("2026Q1", PeriodType.QUARTERLY, 2026, 1, date(2026, 1, 1), date(2026, 3, 31)),
        ("2026Q2", PeriodType.QUARTERLY, 2026, 2, date(2026, 4, 1), date(2026, 6, 30)),
        ("2026Q3", PeriodType.QUARTERLY, 2026, 3, date(2026, 7, 1), date(2026, 9, 30)),
        ("2026Q4", PeriodType.QUARTERLY, 2026, 4, date(2026, 10, 1), date(2026, 12, 31)),
        ("202601", PeriodType.MONTHLY, 2026, 1, date(2026, 1, 1), date(2026, 1, 31)),
        ("202602", PeriodType.MONTHLY, 2026, 2, date(2026, 2, 1), date(2026, 2, 28)),
        ("202402", PeriodType.MONTHLY, 2024, 2, date(2024, 2, 1), date(2024, 2, 29)),
        ("190002", PeriodType.MONTHLY, 1900, 2, date(1900, 2, 1), date(1900, 2, 28)),
        ("202604", PeriodType.MONTHLY, 2026, 4, date(2026, 4, 1), date(2026, 4, 30)),
        ("202612", PeriodType.MONTHLY, 2026, 12, date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_parse_period_gives_type_year_index_start_and_end(
    code: str, period_type: PeriodType, year: int, index: int, start: date, end: date
) -> None:
    # when
    period = parse_period(code)

    # then
    assert period == Period(period_type, year, index)
    assert (period.code, str(period)) == (code, code)
    assert (period.start, period.end) == (start, end)


def test_period_type_values_match_the_stored_choices() -> None:
    assert [str(t) for t in PeriodType] == ["monthly", "quarterly", "six_monthly", "yearly"]
    assert [t.rank for t in PeriodType] == [0, 1, 2, 3]
    assert [t.per_year for t in PeriodType] == [12, 4, 2, 1]


def test_yearly_period_index_defaults_to_one() -> None:
    assert Period(PeriodType.YEARLY, 2026).code == "2026"


@pytest.mark.parametrize(
    ("code", "days"),
    [
        ("2024", 366),
        ("2026", 365),
        ("2026S1", 181),
        ("2026S2", 184),
        ("2026Q1", 90),
        ("2024Q1", 91),
        ("202402", 29),
        ("202602", 28),
        ("202601", 31),
        ("202604", 30),
    ],
)
def test_days_counts_both_ends(code: str, days: int) -> None:
    assert parse_period(code).days == days


@pytest.mark.parametrize(
    ("code", "expected"),
    [("2026-03", "202603"), ("2026-12", "202612"), ("2026q1", "2026Q1"), ("2026s2", "2026S2")],
)
def test_parse_period_normalises_dashed_months_and_lowercase_letters(
    code: str, expected: str
) -> None:
    assert parse_period(code).code == expected


@pytest.mark.parametrize(
    "code",
    [
        "",
        " ",
        "26",
        "202",
        "20261",
        "2026Q5",
        "2026Q0",
        "2026Q01",
        "2026Q",
        "2026S3",
        "2026S0",
        "202613",
        "202600",
        "2026-13",
        "2026-00",
        "2026-1",
        "2026/01",
        "1899",
        "2101",
        "189912",
        "2101Q1",
        " 2026",
        "2026 ",
        "2026 Q1",
        "2026\tQ1",
        "2026W1",
        "2026M1",
        "2026-Q1",
        "2026ſ1",
        "２０２６",
        "٢٠٢٦",
        "LAST_12_MONTHS",
    ],
)
def test_parse_period_rejects_malformed_codes_naming_them(code: str) -> None:
    # when
    with pytest.raises(PeriodError) as caught:
        parse_period(code)

    # then
    assert f"“{code}”" in str(caught.value)


def test_parse_period_errors_read_in_english() -> None:
    # when
    with translation.override("en"):
        with pytest.raises(PeriodError) as format_error:
            parse_period("2026W1")
        with pytest.raises(PeriodError) as range_error:
            parse_period("2026Q5")
        with pytest.raises(PeriodError) as year_error:
            parse_period("2101")

    # then
    assert str(format_error.value) == (
        "“2026W1” is not a period code; expected e.g. 2026, 2026S1, 2026Q1 or 202601."
    )
    assert str(range_error.value) == (
        "“2026Q5” is not a valid period: A quarterly period is numbered 1 to 4, not 5."
    )
    assert str(year_error.value) == (
        "“2101” is not a valid period: The year 2101 is outside 1900 to 2100."
    )


def test_period_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        Period(PeriodType.MONTHLY, 2026, 13)


@pytest.mark.parametrize(
    ("code", "following"),
    [
        ("202611", "202612"),
        ("202612", "202701"),
        ("2026Q3", "2026Q4"),
        ("2026Q4", "2027Q1"),
        ("2026S1", "2026S2"),
        ("2026S2", "2027S1"),
        ("2026", "2027"),
    ],
)
def test_next_and_previous_cross_year_boundaries(code: str, following: str) -> None:
    assert parse_period(code).next() == parse_period(following)
    assert parse_period(following).previous() == parse_period(code)


@pytest.mark.parametrize(
    ("code", "n", "expected"),
    [
        ("202601", 0, "202601"),
        ("202601", -1, "202512"),
        ("202601", 12, "202701"),
        ("202601", -13, "202412"),
        ("202601", 25, "202802"),
        ("2026Q1", -1, "2025Q4"),
        ("2026Q1", -5, "2024Q4"),
        ("2026Q2", 7, "2028Q1"),
        ("2026S1", -3, "2024S2"),
        ("2026", -26, "2000"),
    ],
)
def test_shift_moves_by_whole_periods_of_the_same_type(code: str, n: int, expected: str) -> None:
    assert parse_period(code).shift(n).code == expected


def test_shift_beyond_the_supported_years_is_an_error() -> None:
    with pytest.raises(PeriodError):
        parse_period("210012").next()
    with pytest.raises(PeriodError):
        parse_period("1900Q1").previous()


@pytest.mark.parametrize(
    ("code", "period_type", "expected"),
    [
        ("2026", PeriodType.YEARLY, ["2026"]),
        ("2026", PeriodType.SIX_MONTHLY, ["2026S1", "2026S2"]),
        ("2026", PeriodType.QUARTERLY, ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]),
        ("2026", PeriodType.MONTHLY, [f"2026{month:02d}" for month in range(1, 13)]),
        ("2026S2", PeriodType.QUARTERLY, ["2026Q3", "2026Q4"]),
        ("2026S2", PeriodType.MONTHLY, [f"2026{month:02d}" for month in range(7, 13)]),
        ("2026Q4", PeriodType.MONTHLY, ["202610", "202611", "202612"]),
        ("202605", PeriodType.MONTHLY, ["202605"]),
    ],
)
def test_children_split_a_period_in_order(
    code: str, period_type: PeriodType, expected: list[str]
) -> None:
    assert codes(parse_period(code).children(period_type)) == expected


def test_children_of_a_finer_type_only() -> None:
    with pytest.raises(PeriodError):
        parse_period("2026Q1").children(PeriodType.SIX_MONTHLY)


@pytest.mark.parametrize(
    ("code", "period_type", "expected"),
    [
        ("202601", PeriodType.MONTHLY, "202601"),
        ("202601", PeriodType.QUARTERLY, "2026Q1"),
        ("202606", PeriodType.QUARTERLY, "2026Q2"),
        ("202607", PeriodType.SIX_MONTHLY, "2026S2"),
        ("202612", PeriodType.YEARLY, "2026"),
        ("2026Q2", PeriodType.SIX_MONTHLY, "2026S1"),
        ("2026Q3", PeriodType.SIX_MONTHLY, "2026S2"),
        ("2026Q4", PeriodType.YEARLY, "2026"),
        ("2026S2", PeriodType.YEARLY, "2026"),
    ],
)
def test_parent_is_the_coarser_period_containing_it(
    code: str, period_type: PeriodType, expected: str
) -> None:
    assert parse_period(code).parent(period_type).code == expected


def test_parent_of_a_finer_type_is_an_error() -> None:
    with pytest.raises(ValueError):
        parse_period("2026Q1").parent(PeriodType.MONTHLY)
    with pytest.raises(ValueError):
        parse_period("2026").parent(PeriodType.SIX_MONTHLY)


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2026", "202601", True),
        ("2026", "2026Q4", True),
        ("2026", "2026", True),
        ("2026", "202701", False),
        ("2026S1", "2026Q2", True),
        ("2026S1", "2026Q3", False),
        ("2026Q1", "202603", True),
        ("2026Q1", "202604", False),
        ("2026Q1", "2026S1", False),
        ("202601", "2026", False),
        ("202601", "202601", True),
    ],
)
def test_contains_only_periods_wholly_inside(outer: str, inner: str, expected: bool) -> None:
    assert parse_period(outer).contains(parse_period(inner)) is expected


@pytest.mark.parametrize(
    ("day", "period_type", "expected"),
    [
        (date(2026, 1, 1), PeriodType.MONTHLY, "202601"),
        (date(2026, 11, 24), PeriodType.MONTHLY, "202611"),
        (date(2026, 3, 31), PeriodType.QUARTERLY, "2026Q1"),
        (date(2026, 4, 1), PeriodType.QUARTERLY, "2026Q2"),
        (date(2026, 6, 30), PeriodType.SIX_MONTHLY, "2026S1"),
        (date(2026, 7, 1), PeriodType.SIX_MONTHLY, "2026S2"),
        (date(2026, 12, 31), PeriodType.YEARLY, "2026"),
    ],
)
def test_period_for_date(day: date, period_type: PeriodType, expected: str) -> None:
    assert period_for_date(day, period_type).code == expected


def test_periods_between_is_inclusive_and_crosses_years() -> None:
    # when
    months = periods_between(parse_period("202611"), parse_period("202702"))
    quarters = periods_between(parse_period("2025Q4"), parse_period("2026Q2"))
    single = periods_between(parse_period("2026"), parse_period("2026"))

    # then
    assert codes(months) == ["202611", "202612", "202701", "202702"]
    assert codes(quarters) == ["2025Q4", "2026Q1", "2026Q2"]
    assert codes(single) == ["2026"]


def test_periods_between_needs_one_type() -> None:
    with pytest.raises(PeriodError) as caught:
        periods_between(parse_period("202601"), parse_period("2026Q2"))

    assert "202601" in str(caught.value)
    assert "2026Q2" in str(caught.value)


def test_periods_between_refuses_a_reversed_range() -> None:
    with pytest.raises(PeriodError):
        periods_between(parse_period("202602"), parse_period("202601"))


def test_deadline_counts_days_after_the_last_day() -> None:
    assert deadline(parse_period("202602"), 15) == date(2026, 3, 15)
    assert deadline(parse_period("202402"), 1) == date(2024, 3, 1)
    assert deadline(parse_period("2026Q4"), 15) == date(2027, 1, 15)
    assert deadline(parse_period("2026"), 0) == date(2026, 12, 31)


def test_periods_sort_by_start_then_from_finest_to_coarsest() -> None:
    # given
    mixed = [parse_period(code) for code in ["2026", "2026Q2", "202604", "2025Q4", "2026S1"]]
    mixed += [parse_period(code) for code in ["202601", "2026Q1", "202512", "2026S2"]]

    # when
    ordered = sorted(mixed)

    # then
    assert codes(ordered) == [
        "2025Q4",
        "202512",
        "202601",
        "2026Q1",
        "2026S1",
        "2026",
        "202604",
        "2026Q2",
        "2026S2",
    ]


def test_period_comparisons() -> None:
    assert parse_period("202601") < parse_period("202602")
    assert parse_period("202601") < parse_period("2026")
    assert parse_period("2026") <= parse_period("2026")
    assert parse_period("2026Q2") > parse_period("202603")
    assert parse_period("2026-01") == parse_period("202601")
    assert len({parse_period("2026q1"), parse_period("2026Q1")}) == 1


RELATIVE_ON_2026_11_24 = {
    "THIS_YEAR": ["2026"],
    "LAST_YEAR": ["2025"],
    "LAST_5_YEARS": ["2021", "2022", "2023", "2024", "2025"],
    "LAST_10_YEARS": [str(year) for year in range(2016, 2026)],
    "THIS_SIX_MONTH": ["2026S2"],
    "LAST_SIX_MONTH": ["2026S1"],
    "LAST_2_SIXMONTHS": ["2025S2", "2026S1"],
    "THIS_QUARTER": ["2026Q4"],
    "LAST_QUARTER": ["2026Q3"],
    "LAST_4_QUARTERS": ["2025Q4", "2026Q1", "2026Q2", "2026Q3"],
    "THIS_MONTH": ["202611"],
    "LAST_MONTH": ["202610"],
    "LAST_3_MONTHS": ["202608", "202609", "202610"],
    "LAST_6_MONTHS": ["202605", "202606", "202607", "202608", "202609", "202610"],
    "LAST_12_MONTHS": ["202511", "202512"] + [f"2026{m:02d}" for m in range(1, 11)],
    "QUARTERS_THIS_YEAR": ["2026Q1", "2026Q2", "2026Q3", "2026Q4"],
    "QUARTERS_LAST_YEAR": ["2025Q1", "2025Q2", "2025Q3", "2025Q4"],
    "MONTHS_THIS_YEAR": [f"2026{m:02d}" for m in range(1, 13)],
    "MONTHS_LAST_YEAR": [f"2025{m:02d}" for m in range(1, 13)],
}

RELATIVE_ON_2026_01_01 = {
    "THIS_YEAR": ["2026"],
    "LAST_YEAR": ["2025"],
    "LAST_5_YEARS": ["2021", "2022", "2023", "2024", "2025"],
    "LAST_10_YEARS": [str(year) for year in range(2016, 2026)],
    "THIS_SIX_MONTH": ["2026S1"],
    "LAST_SIX_MONTH": ["2025S2"],
    "LAST_2_SIXMONTHS": ["2025S1", "2025S2"],
    "THIS_QUARTER": ["2026Q1"],
    "LAST_QUARTER": ["2025Q4"],
    "LAST_4_QUARTERS": ["2025Q1", "2025Q2", "2025Q3", "2025Q4"],
    "THIS_MONTH": ["202601"],
    "LAST_MONTH": ["202512"],
    "LAST_3_MONTHS": ["202510", "202511", "202512"],
    "LAST_6_MONTHS": ["202507", "202508", "202509", "202510", "202511", "202512"],
    "LAST_12_MONTHS": [f"2025{m:02d}" for m in range(1, 13)],
    "QUARTERS_THIS_YEAR": ["2026Q1", "2026Q2", "2026Q3", "2026Q4"],
    "QUARTERS_LAST_YEAR": ["2025Q1", "2025Q2", "2025Q3", "2025Q4"],
    "MONTHS_THIS_YEAR": [f"2026{m:02d}" for m in range(1, 13)],
    "MONTHS_LAST_YEAR": [f"2025{m:02d}" for m in range(1, 13)],
}

RELATIVE_ON_2026_12_31 = {
    "THIS_YEAR": ["2026"],
    "LAST_YEAR": ["2025"],
    "LAST_5_YEARS": ["2021", "2022", "2023", "2024", "2025"],
    "LAST_10_YEARS": [str(year) for year in range(2016, 2026)],
    "THIS_SIX_MONTH": ["2026S2"],
    "LAST_SIX_MONTH": ["2026S1"],
    "LAST_2_SIXMONTHS": ["2025S2", "2026S1"],
    "THIS_QUARTER": ["2026Q4"],
    "LAST_QUARTER": ["2026Q3"],
    "LAST_4_QUARTERS": ["2025Q4", "2026Q1", "2026Q2", "2026Q3"],
    "THIS_MONTH": ["202612"],
    "LAST_MONTH": ["202611"],
    "LAST_3_MONTHS": ["202609", "202610", "202611"],
    "LAST_6_MONTHS": ["202606", "202607", "202608", "202609", "202610", "202611"],
    "LAST_12_MONTHS": ["202512"] + [f"2026{m:02d}" for m in range(1, 12)],
    "QUARTERS_THIS_YEAR": ["2026Q1", "2026Q2", "2026Q3", "2026Q4"],
    "QUARTERS_LAST_YEAR": ["2025Q1", "2025Q2", "2025Q3", "2025Q4"],
    "MONTHS_THIS_YEAR": [f"2026{m:02d}" for m in range(1, 13)],
    "MONTHS_LAST_YEAR": [f"2025{m:02d}" for m in range(1, 13)],
}


@pytest.mark.parametrize(
    ("today", "name", "expected"),
    [(date(2026, 11, 24), name, expected) for name, expected in RELATIVE_ON_2026_11_24.items()]
    + [(date(2026, 1, 1), name, expected) for name, expected in RELATIVE_ON_2026_01_01.items()]
    + [(date(2026, 12, 31), name, expected) for name, expected in RELATIVE_ON_2026_12_31.items()],
)
def test_resolve_relative(today: date, name: str, expected: list[str]) -> None:
    assert codes(resolve_relative(name, today)) == expected


def test_every_relative_period_is_tested_on_every_reference_date() -> None:
    supported = set(RELATIVE_PERIODS)

    assert supported == set(RELATIVE_ON_2026_11_24)
    assert supported == set(RELATIVE_ON_2026_01_01)
    assert supported == set(RELATIVE_ON_2026_12_31)
    assert all(is_relative(name) for name in supported)


@pytest.mark.parametrize("name", ["NEXT_YEAR", "last_year", "LAST_12_MONTH", "", "2026"])
def test_resolve_relative_rejects_unknown_names_naming_them(name: str) -> None:
    # when
    with pytest.raises(PeriodError) as caught:
        resolve_relative(name, date(2026, 11, 24))

    # then
    assert f"“{name}”" in str(caught.value)
    assert is_relative(name) is False


def test_parse_period_dimension_merges_codes_and_relative_names_in_order() -> None:
    # when
    periods = parse_period_dimension(
        ["2026", "LAST_3_MONTHS", "2026-09", "202608", "THIS_QUARTER", "2025Q1"],
        today=date(2026, 11, 24),
    )

    # then
    assert codes(periods) == ["2025Q1", "2026", "202608", "202609", "202610", "2026Q4"]


def test_parse_period_dimension_of_nothing_is_empty() -> None:
    assert parse_period_dimension([], today=date(2026, 11, 24)) == []


def test_parse_period_dimension_rejects_a_bad_item() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period_dimension(["2026", "LAST_13_MONTHS"], today=date(2026, 11, 24))

    assert "LAST_13_MONTHS" in str(caught.value)
