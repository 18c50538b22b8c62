"""GET /api/v1/steering/dashboard: the page's figures as JSON, scoped as the page is."""

from __future__ import annotations

from typing import Any

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in
from tinhso.steering.models import Task
from tinhso.steering.tests import test_dashboard as figures
from tinhso.steering.tests.test_dashboard import TODAY, YearBoard

pytestmark = pytest.mark.django_db

URL = "/api/v1/steering/dashboard"
year_board = figures.year_board  # the small fixed year of the dashboard tests


@pytest.fixture
def on_today(monkeypatch: Any) -> None:
    monkeypatch.setattr("tinhso.steering.api.dashboard.local_date", lambda: TODAY)


def test_the_figures_of_the_year(
    year_board: YearBoard, users: Any, api_client: Any, on_today: None
) -> None:
    api_client.force_login(users[Role.LEADER])
    body = api_client.get(URL, {"year": 2026}).json()
    assert (body["year"], body["as_of"], body["scope_unit"]) == (2026, "2026-06-15", None)
    assert body["totals"] == {
        "total": 13,
        "by_status": {
            "overdue": 3, "at_risk": 1, "in_progress": 2, "not_started": 1, "done_late": 2,
            "done_on_time": 3, "cancelled": 1,
        },
        "on_time_rate": "37.5",
    }  # fmt: skip
    assert (body["monitored_percent"], body["overdue_from_earlier_years"]) == ("57.1", 1)
    assert [(u["unit"], u["total"], u["on_time_rate"]) for u in body["units"]] == [
        ("03388", 7, "50.0"),
        ("03390", 6, "25.0"),
    ]
    heatmap = {row["unit"]: row["months"] for row in body["heatmap"]}
    april = heatmap["03388"][3]  # b on time, c late
    assert (april["total"], april["by_status"]["done_late"], april["on_time_rate"]) == (
        2, 1, "50.0",
    )  # fmt: skip
    assert [
        (row["title"][-1], row["due"], row["days_overdue"], row["working_days_overdue"])
        for row in body["overdue"]
    ] == [("n", "2026-04-29", 47, 31), ("d", "2026-05-15", 31, 21), ("i", "2026-05-29", 17, 11)]
    assert [(d["number"], d["total"]) for d in body["per_directive"]] == [
        ("05-KH/UBND", 6), ("01-KH/BCĐ", 7),
    ]  # fmt: skip
    assert body["budget"][0] == {
        "programme": year_board.programme.pk,
        "name": year_board.programme.name,
        "allocated": "3000000000",  # 1 + 2 billion for the two units in 2026
        "disbursed": "1450000000",  # 250 + 1,200 million
        "percent": "48.33",
    }


def test_a_reporter_gets_their_subtree(
    year_board: YearBoard, users: Any, api_client: Any, on_today: None
) -> None:
    api_client.force_login(users[Role.UNIT_REPORTER])
    body = api_client.get(URL, {"year": 2026}).json()
    assert body["scope_unit"] == year_board.own.code
    assert {u["unit"] for u in body["units"]} <= {year_board.own.code, year_board.other.code}
    assert body["totals"]["total"] < 13
    # only the money of their own unit
    assert [(b["allocated"], b["disbursed"], b["percent"]) for b in body["budget"]] == [
        ("1000000000", "250000000", "25.00")
    ]


@pytest.mark.parametrize("year", ["1999", "abc", "2101"])
def test_a_bad_year_is_refused(
    year: str, year_board: YearBoard, users: Any, api_client: Any
) -> None:
    api_client.force_login(users[Role.LEADER])
    response = api_client.get(URL, {"year": year})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year"]


# administrator, center staff, leader, unit reporter, enterprise, anonymous
MATRIX = {("read", "-"): (200, 200, 200, 200, 403, 401)}


@pytest.mark.parametrize("case", expand(MATRIX), ids=str)
def test_matrix(case: Any, year_board: YearBoard, users: Any, api_client: Any) -> None:
    sign_in(api_client, users, case.role)
    before = (Task.objects.count(), AuditEntry.objects.count())
    response = api_client.get(URL)
    assert response.status_code == case.status
    assert (Task.objects.count(), AuditEntry.objects.count()) == before
