"""Analytics answers checked against numbers worked out by hand.

Phường Đoàn Kết (03388) and its neighbour 03390 are communes of Lai Châu (12); values stored on
them roll up to the province by each element's aggregation type.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from tinhso.core.roles import Role
from tinhso.monitoring.choices import Aggregation, PeriodTypeChoice, ValueType
from tinhso.monitoring.dhis2.analytics import answer, parse_query
from tinhso.monitoring.models import CategoryOption, DataElement, DataValue, Indicator
from tinhso.monitoring.periods import parse_period
from tinhso.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


def store(element: DataElement, unit: str, period: str, value: str, option: str = "") -> None:
    """One stored value, written directly: these tests are about reading."""
    parsed = parse_period(period)
    DataValue.objects.create(
        data_element=element,
        org_unit=OrgUnit.objects.get(code=unit),
        period=parsed.code,
        period_type=PeriodTypeChoice(parsed.type.value),
        period_start=parsed.start,
        period_end=parsed.end,
        option=_option(element, option),
        value=Decimal(value),
    )


def _option(element: DataElement, code: str) -> CategoryOption:
    if element.category is None:
        return CategoryOption.objects.get(code="default")
    return element.category.options.get(code=code)


def rows(user: Any, *dimensions: str, filters: tuple[str, ...] = ()) -> list[list[str]]:
    query = parse_query(list(dimensions), list(filters))
    result: list[list[str]] = answer(query, user=user, today=TODAY)["rows"]
    return result


def element(code: str, aggregation: str) -> DataElement:
    return DataElement.objects.create(
        code=code, name=code, value_type=ValueType.NUMBER, aggregation=aggregation
    )


@pytest.fixture
def center(users: dict[Role, Any]) -> Any:
    return users[Role.CENTER_STAFF]


def test_sum_adds_months_and_units_up_the_tree(catalogue: Any, center: Any) -> None:
    # given
    store(catalogue.startups, "03388", "202601", "2")
    store(catalogue.startups, "03388", "202602", "3")
    store(catalogue.startups, "03390", "202601", "5")
    store(catalogue.startups, "03390", "202501", "100")  # another year: left out
    # when
    yearly = rows(center, "dx:STARTUPS", "pe:2026", "ou:12;03388;03390")
    monthly = rows(center, "dx:STARTUPS", "pe:202601;202602", "ou:12")
    # then
    assert yearly == [
        ["STARTUPS", "2026", "12", "10"],
        ["STARTUPS", "2026", "03388", "5"],
        ["STARTUPS", "2026", "03390", "5"],
    ]
    assert monthly == [["STARTUPS", "202601", "12", "7"], ["STARTUPS", "202602", "12", "3"]]


def test_options_and_totals_of_a_disaggregated_element(catalogue: Any, center: Any) -> None:
    # given
    store(catalogue.trainees, "03388", "202603", "30", "FEMALE")
    store(catalogue.trainees, "03388", "202603", "70", "MALE")
    store(catalogue.trainees, "03390", "202604", "12", "FEMALE")
    # when
    result = rows(center, "dx:TRAINEES;TRAINEES.FEMALE;TRAINEES.MALE", "pe:2026Q1;2026Q2", "ou:12")
    # then
    assert result == [
        ["TRAINEES", "2026Q1", "12", "100"],
        ["TRAINEES", "2026Q2", "12", "12"],
        ["TRAINEES.FEMALE", "2026Q1", "12", "30"],
        ["TRAINEES.FEMALE", "2026Q2", "12", "12"],
        ["TRAINEES.MALE", "2026Q1", "12", "70"],
    ]


def test_average_over_units(catalogue: Any, center: Any) -> None:
    # given
    store(catalogue.online_rate, "03388", "2026", "80")
    store(catalogue.online_rate, "03390", "2026", "95")
    store(catalogue.online_rate, "03390", "2025", "10")
    # when
    result = rows(center, "dx:ONLINE_RATE", "pe:2025;2026", "ou:12")
    # then
    assert result == [["ONLINE_RATE", "2025", "12", "10"], ["ONLINE_RATE", "2026", "12", "87.5"]]


def test_last_takes_each_units_latest_value_then_sums(lai_chau: OrgUnit, center: Any) -> None:
    # given: a stock figure, reported some months only
    users_of_qr = element("QR_USERS", Aggregation.LAST)
    store(users_of_qr, "03388", "202601", "4")
    store(users_of_qr, "03388", "202603", "6")
    store(users_of_qr, "03390", "202602", "10")
    store(users_of_qr, "03390", "202607", "11")
    # when
    result = rows(center, "dx:QR_USERS", "pe:2026Q1;2026;202601", "ou:12")
    # then: January = 4; Q1 = 6 + 10; the year = 6 + 11 (periods come in time order)
    assert result == [
        ["QR_USERS", "202601", "12", "4"],
        ["QR_USERS", "2026Q1", "12", "16"],
        ["QR_USERS", "2026", "12", "17"],
    ]


def test_min_and_max(lai_chau: OrgUnit, center: Any) -> None:
    # given
    lowest, highest = element("RESPONSE_DAYS", Aggregation.MIN), element("PEAK", Aggregation.MAX)
    for code, value in (("03388", "7.5"), ("03390", "3.25"), ("03388", "9")):
        period = "202601" if value != "9" else "202602"
        store(lowest, code, period, value)
        store(highest, code, period, value)
    # when
    result = rows(center, "dx:RESPONSE_DAYS;PEAK", "pe:2026", "ou:12")
    # then
    assert result == [["RESPONSE_DAYS", "2026", "12", "3.25"], ["PEAK", "2026", "12", "9"]]


def test_indicator_from_aggregated_elements(catalogue: Any, center: Any) -> None:
    # given: the share of women among trainees, in %
    Indicator.objects.create(
        code="FEMALE_SHARE", name="Tỷ lệ nữ", numerator="#{TRAINEES.FEMALE}",
        denominator="#{TRAINEES}", factor=100, decimals=1,
    )  # fmt: skip
    store(catalogue.trainees, "03388", "202601", "1", "FEMALE")
    store(catalogue.trainees, "03388", "202601", "2", "MALE")
    store(catalogue.trainees, "03390", "202602", "4", "MALE")  # no women: counts as zero
    # when
    result = rows(center, "dx:FEMALE_SHARE", "pe:202601;202602;202603", "ou:12;03388;03390")
    # then: 1/7, 1/3, 0/4; March has no data at all, so no row
    assert result == [
        ["FEMALE_SHARE", "202601", "12", "33.3"],
        ["FEMALE_SHARE", "202601", "03388", "33.3"],
        ["FEMALE_SHARE", "202602", "12", "0"],
        ["FEMALE_SHARE", "202602", "03390", "0"],
    ]
    assert rows(center, "dx:FEMALE_SHARE", "pe:2026", "ou:12") == [
        ["FEMALE_SHARE", "2026", "12", "14.3"]
    ]


def test_indicator_with_zero_denominator_has_no_value(catalogue: Any, center: Any) -> None:
    Indicator.objects.create(
        code="PER_STARTUP", name="x", numerator="#{TRAINEES}", denominator="#{STARTUPS}"
    )
    store(catalogue.trainees, "03388", "202601", "5", "MALE")
    store(catalogue.startups, "03388", "202601", "0")
    assert rows(center, "dx:PER_STARTUP", "pe:2026", "ou:12") == []


def test_level_lists_units_under_the_named_ones(catalogue: Any, center: Any) -> None:
    # given
    store(catalogue.startups, "03388", "202601", "2")
    store(catalogue.startups, "03390", "202601", "5")
    # when
    result = rows(center, "dx:STARTUPS", "pe:2026", "ou:12;LEVEL-2")
    # then: LEVEL-2 replaces the boundary 12 by its communes and agencies; units without
    # values have no row
    assert result == [["STARTUPS", "2026", "03388", "2"], ["STARTUPS", "2026", "03390", "5"]]
    query = parse_query(["dx:STARTUPS", "pe:2026", "ou:LEVEL-2"], [])
    level_two = answer(query, user=center, today=TODAY)["metaData"]["dimensions"]["ou"]
    assert len(level_two) == OrgUnit.objects.filter(depth=1, valid_to__isnull=True).count()
    assert {"03388", "03390"} <= set(level_two)


def test_filters_aggregate_together(catalogue: Any, center: Any) -> None:
    store(catalogue.startups, "03388", "202601", "2")
    store(catalogue.startups, "03388", "202602", "3")
    store(catalogue.startups, "03390", "202603", "5")
    result = rows(center, "dx:STARTUPS", filters=("pe:202601;202602", "ou:03388;03390"))
    assert result == [["STARTUPS", "5"]]
    # a period inside another in the filter is not counted twice
    result = rows(center, "dx:STARTUPS", "ou:12", filters=("pe:2026Q1;202601",))
    assert result == [["STARTUPS", "12", "10"]]


def test_relative_periods_resolve_against_today(catalogue: Any, center: Any) -> None:
    store(catalogue.startups, "03388", "202511", "1")  # the first of the last 12 months
    store(catalogue.startups, "03388", "202510", "40")  # just before them
    store(catalogue.startups, "03388", "202611", "50")  # this month: not among the last 12
    result = rows(center, "dx:STARTUPS", filters=("pe:LAST_12_MONTHS", "ou:12"))
    assert result == [["STARTUPS", "1"]]
    assert rows(center, "dx:STARTUPS", "pe:THIS_YEAR", "ou:12") == [
        ["STARTUPS", "2026", "12", "50"]
    ]


def test_response_shape(catalogue: Any, center: Any) -> None:
    store(catalogue.startups, "03388", "202601", "2")
    query = parse_query(["pe:202601", "dx:STARTUPS"], ["ou:03388"])
    body = answer(query, user=center, today=TODAY)
    assert [h["name"] for h in body["headers"]] == ["pe", "dx", "value"]
    assert body["headers"][2]["valueType"] == "NUMBER"
    assert body["rows"] == [["202601", "STARTUPS", "2"]]
    assert (body["height"], body["width"], body["headerWidth"]) == (1, 3, 3)
    assert body["metaData"]["dimensions"] == {
        "dx": ["STARTUPS"], "pe": ["202601"], "ou": ["03388"], "co": []
    }  # fmt: skip
    assert body["metaData"]["items"]["202601"] == {"name": "Month 1/2026"}
    assert body["metaData"]["items"]["STARTUPS"] == {"name": catalogue.startups.name}


# Over HTTP ---------------------------------------------------------------------------------------


def get(client: Any, *params: tuple[str, str]) -> Any:
    query = "&".join(f"{name}={value}" for name, value in params)
    return client.get(f"{reverse('analytics')}?{query}")


def test_api_answers_and_counts_queries(
    catalogue: Any, center: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    store(catalogue.startups, "03388", "202601", "2")
    client.force_login(center)
    with django_assert_max_num_queries(12):
        response = get(client, ("dimension", "dx:STARTUPS"), ("dimension", "pe:2026"),
                       ("dimension", "ou:12;LEVEL-2"))  # fmt: skip
    assert response.status_code == 200
    assert response.json()["rows"] == [["STARTUPS", "2026", "03388", "2"]]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ((("dimension", "dx:NOPE"), ("dimension", "pe:2026")), "dx"),
        ((("dimension", "dx:STARTUPS"), ("dimension", "pe:2026Q9")), "pe"),
        ((("dimension", "dx:STARTUPS"), ("dimension", "pe:2026"), ("filter", "ou:99999")), "ou"),
        ((("dimension", "dx:STARTUPS"),), "pe"),
        ((("dimension", "dx:TRAINEES.NOBODY"), ("dimension", "pe:2026")), "dx"),
        ((("dimension", "xx:1"), ("dimension", "pe:2026")), "dimension"),
        ((("dimension", "dx:STARTUPS"), ("dimension", "pe:2026"), ("filter", "pe:2025")), "pe"),
    ],
)
def test_api_bad_requests_name_the_dimension(
    catalogue: Any, center: Any, client: Any, params: Any, field: str
) -> None:
    client.force_login(center)
    response = get(client, *params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == [field]


def test_reporter_reads_own_unit_only(catalogue: Any, users: dict[Role, Any], client: Any) -> None:
    # given
    store(catalogue.startups, "03388", "202601", "2")
    store(catalogue.startups, "03390", "202601", "5")
    client.force_login(users[Role.UNIT_REPORTER])
    # when
    own = get(client, ("dimension", "dx:STARTUPS"), ("dimension", "pe:2026"),
              ("dimension", "ou:USER_ORGUNIT"))  # fmt: skip
    other = get(client, ("dimension", "dx:STARTUPS"), ("dimension", "pe:2026"),
                ("dimension", "ou:12"))  # fmt: skip
    # then
    assert own.json()["rows"] == [["STARTUPS", "2026", "03388", "2"]]
    assert other.status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMINISTRATOR, 200), (Role.CENTER_STAFF, 200), (Role.LEADER, 200),
        (Role.UNIT_REPORTER, 200), (Role.ENTERPRISE, 403), (None, 401),
    ],
)  # fmt: skip
def test_who_may_read_analytics(
    catalogue: Any, users: dict[Role, Any], client: Any, role: Role | None, status: int
) -> None:
    if role is not None:
        client.force_login(users[role])
    response = get(client, ("dimension", "dx:STARTUPS"), ("dimension", "pe:2026"))
    assert response.status_code == status


def test_many_cells_take_the_unit_map_path_with_the_same_answer(
    catalogue: Any, center: Any, monkeypatch: Any
) -> None:
    # given: nested units in one filter cell, counted once either way
    store(catalogue.startups, "03388", "202601", "2")
    store(catalogue.startups, "03390", "202601", "5")
    dimensions = ("dx:STARTUPS", "pe:2026", "ou:12;03388;LEVEL-2")
    by_prefix = (
        rows(center, *dimensions),
        rows(center, "dx:STARTUPS", filters=("pe:2026", "ou:12;03388")),
    )
    # when
    monkeypatch.setattr("tinhso.monitoring.analytics.PREFIX_CELLS", 0)
    by_map = (
        rows(center, *dimensions),
        rows(center, "dx:STARTUPS", filters=("pe:2026", "ou:12;03388")),
    )
    # then
    assert by_prefix == by_map
    assert by_map[1] == [["STARTUPS", "7"]]
