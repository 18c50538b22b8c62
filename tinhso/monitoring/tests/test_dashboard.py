"""The IOC dashboard: figures, drill-down, downloads, scope and a fixed number of queries."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhso.core.roles import Role
from tinhso.monitoring import dashboard
from tinhso.monitoring.choices import SubmissionStatus
from tinhso.monitoring.models import DataElement, Indicator, Submission, Target
from tinhso.monitoring.targets import Rating
from tinhso.monitoring.tests.test_analytics import store
from tinhso.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def startups_indicator(catalogue: Any, lai_chau: OrgUnit) -> Indicator:
    indicator = Indicator.objects.create(
        code="IND_STARTUPS", name="Khởi nghiệp được hỗ trợ", numerator="#{STARTUPS}", decimals=0
    )
    Target.objects.create(indicator=indicator, org_unit=lai_chau, year=2026, value=20)
    Target.objects.create(indicator=indicator, org_unit=lai_chau, year=2030, value=100)
    store(catalogue.startups, "03388", "202601", "6")
    store(catalogue.startups, "03390", "202602", "11")
    store(catalogue.startups, "03390", "202502", "9")
    return indicator


def test_kpi_value_target_progress_and_rating(
    startups_indicator: Indicator, lai_chau: OrgUnit
) -> None:
    # when
    board = dashboard.build(unit=lai_chau, year=2026, today=TODAY)
    # then: 17 of the 2026 target of 20 = 85 %, amber between 80 % and 100 %
    (kpi,) = board.kpis
    assert (kpi.shown_value, kpi.shown_target, kpi.target_year) == ("17", "20", 2026)
    assert kpi.progress.percent == Decimal(85)
    assert kpi.progress.rating is Rating.AMBER
    assert kpi.change == Decimal(8)  # 17 against 9 in 2025
    assert [v for _y, v in kpi.history] == [None, None, None, Decimal(9), Decimal(17)]
    # early in 2027, with no 2027 data yet, the card shows 2026 against its target
    (early,) = dashboard.build(unit=lai_chau, year=2027, today=date(2027, 3, 1)).kpis
    assert (early.year, early.shown_value, early.shown_target) == (2026, "17", "20")
    # with 2027 data, and no 2027 target, the 2030 target applies
    store(DataElement.objects.get(code="STARTUPS"), "03388", "202701", "3")
    (later,) = dashboard.build(unit=lai_chau, year=2027, today=date(2027, 3, 1)).kpis
    assert (later.year, later.shown_value, later.shown_target, later.target_year) == (
        2027,
        "3",
        "100",
        2030,
    )


def test_trend_and_ranking(startups_indicator: Indicator, lai_chau: OrgUnit) -> None:
    board = dashboard.build(unit=lai_chau, year=2026, today=TODAY)
    trend = board.panels["trend"]
    assert len(trend.rows) == 24
    assert trend.rows[-1][0] == "202611"
    assert ["202601", "Month 1/2026", "6"] in trend.rows
    assert ["202502", "Month 2/2025", "9"] in trend.rows
    ranking = board.panels["ranking"].rows
    assert ranking[:2] == [[1, "03390", _name("03390"), "11"], [2, "03388", _name("03388"), "6"]]
    assert all(row[3] == "" for row in ranking[2:])  # the units with no report come last
    assert board.panels["ranking"].chart["drill"] == ["03390", "03388"]  # type: ignore[index]


def _name(code: str) -> str:
    return OrgUnit.objects.get(code=code).name


def test_completeness_grid_and_overdue(catalogue: Any, lai_chau: OrgUnit, users: Any) -> None:
    # given: monthly reports are due 15 days after the month
    doan_ket, other = OrgUnit.objects.get(code="03388"), OrgUnit.objects.get(code="03390")
    Submission.objects.create(
        data_set=catalogue.monthly, org_unit=doan_ket, period="202609",
        status=SubmissionStatus.APPROVED, submitted_at=datetime(2026, 10, 10, tzinfo=HANOI),
    )  # fmt: skip
    Submission.objects.create(
        data_set=catalogue.monthly, org_unit=other, period="202609",
        status=SubmissionStatus.APPROVED, submitted_at=datetime(2026, 10, 20, tzinfo=HANOI),
    )  # fmt: skip
    Submission.objects.create(
        data_set=catalogue.monthly, org_unit=doan_ket, period="202610",
        status=SubmissionStatus.SUBMITTED, submitted_at=datetime(2026, 11, 2, tzinfo=HANOI),
    )  # fmt: skip
    # when
    board = dashboard.build(unit=lai_chau, year=2026, today=TODAY, data_set_code="MONTHLY")
    # then
    assert [p.code for p in board.grid_periods] == ["202609", "202610", "202611"]
    cells = {unit.code: [c.status for c in row] for unit, row in board.grid}
    assert cells["03388"][-3:] == ["on_time", "waiting", "not_due"]
    assert cells["03390"][-3:] == ["late", "overdue", "not_due"]
    communes = catalogue.monthly.org_units.count()
    # the monthly set's first report is for September: before it nothing counts; September's
    # report is overdue for all but the two that reported, October's for all but Đoàn Kết; the
    # yearly set has no report yet, so it counts from its creation (this year: not yet due)
    assert board.overdue_count == (communes - 2) + (communes - 1)
    completeness = board.panels["completeness"].rows[-2]
    assert completeness[0] == "Completeness (%)"
    assert completeness[-3:] == [round(200 / communes), round(100 / communes), 0]


def test_page_shows_the_figures_with_a_fixed_number_of_queries(
    startups_indicator: Indicator, users: Any, client: Any, django_assert_num_queries: Any
) -> None:
    client.force_login(users[Role.LEADER])
    with django_assert_num_queries(_QUERIES):
        response = client.get(reverse("monitoring:dashboard"), {"year": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="kpi-IND_STARTUPS"' in page
    assert ">17<" in page
    # twice the data, the same queries
    store(DataElement.objects.get(code="STARTUPS"), "03388", "202603", "4")
    with django_assert_num_queries(_QUERIES):
        client.get(reverse("monitoring:dashboard"), {"year": "2026"})


_QUERIES = 19


def test_drill_down_to_a_commune(startups_indicator: Indicator, users: Any, client: Any) -> None:
    client.force_login(users[Role.LEADER])
    response = client.get(reverse("monitoring:dashboard"), {"ou": "03390", "year": "2026"})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.unit.code == "03390"
    assert [a.code for a in board.ancestors] == ["12"]
    (kpi,) = board.kpis
    assert kpi.shown_value == "11"
    assert kpi.progress.rating is Rating.NONE  # the province's target is not the commune's


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_panel_downloads(
    startups_indicator: Indicator, users: Any, client: Any, file_format: str
) -> None:
    client.force_login(users[Role.LEADER])
    client.cookies["tinhso_language"] = "en"
    url = reverse("monitoring:dashboard")
    response = client.get(url, {"year": "2026", "download": "ranking", "format": file_format})
    assert response.status_code == 200
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]  # type: ignore[union-attr]
    assert rows[0] == ["Rank", "Code", "Unit", "Value"]
    assert rows[1] == ["1", "03390", _name("03390"), "11"]
    for key in ("kpis", "trend", "completeness", "overdue"):
        assert client.get(url, {"download": key, "format": file_format}).status_code == 200
    assert client.get(url, {"download": "nothing"}).status_code == 404


def test_reporter_sees_own_unit_and_nothing_above(
    startups_indicator: Indicator, users: Any, client: Any
) -> None:
    client.force_login(users[Role.UNIT_REPORTER])
    own = client.get(reverse("monitoring:dashboard"))
    assert own.status_code == 200
    assert own.context["board"].unit.code == "03388"
    assert client.get(reverse("monitoring:dashboard"), {"ou": "12"}).status_code == 403
    assert client.get(reverse("monitoring:dashboard"), {"ou": "03390"}).status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ENTERPRISE, 403), (Role.CENTER_STAFF, 200), (Role.ADMINISTRATOR, 200)],
)
def test_who_may_open_the_dashboard(
    catalogue: Any, users: Any, client: Any, role: Role, status: int
) -> None:
    client.force_login(users[role])
    assert client.get(reverse("monitoring:dashboard")).status_code == status


def test_leader_lands_on_the_dashboard(catalogue: Any, users: Any, client: Any) -> None:
    client.force_login(users[Role.LEADER])
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse("monitoring:dashboard")
