"""In headless Chromium: a ward's reporter posts progress on their task, with evidence, from
their list of tasks; the board then shows the new percent and status, and a leader reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tinhso.core.dates import local_date as province_date
from tinhso.core.roles import Role
from tinhso.core.tests.browser import ARTIFACTS, BROWSER_TEST, sign_in
from tinhso.steering.models import ProgressReport
from tinhso.steering.tests.conftest import Board

pytestmark = BROWSER_TEST

TODAY = dt.date(2026, 12, 1)  # the board's deadlines (31/12/2026) are 22 working days away
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    def local_date(moment=None):  # type: ignore[no-untyped-def]
        return TODAY if moment is None else province_date(moment)

    for module in ("tinhso.steering.selectors", "tinhso.steering.views.board"):
        monkeypatch.setattr(f"{module}.local_date", local_date)


def _board_row(page: Any, title: str) -> Any:
    return page.locator("[data-testid=board-row]", has_text=title)


def test_reporter_posts_progress_and_the_board_shows_it(
    page: Any, site: Any, users: Any, board: Board, today: None
) -> None:
    # given: the reporter's own task, not started
    reporter, leader = users[Role.UNIT_REPORTER], users[Role.LEADER]
    sign_in(page, site, reporter.username)
    page.goto(f"{site.url}/steering/mine/")
    row = page.locator("[data-testid=my-task]", has_text="Số hóa hồ sơ")
    assert row.get_attribute("data-status") == "not_started"

    # when: they post 60 % with a narrative and a PDF as evidence
    row.locator("[data-testid=post-progress]").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_percent", "60")
    page.fill("#id_narrative", "Đã số hóa 180/300 hồ sơ")
    page.set_input_files(
        "#id_evidence", {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.click("[data-testid=workflow-form] button[type=submit]")
    page.wait_for_load_state("networkidle")

    # then: the task page shows it, and so does the board
    assert (
        page.locator("[data-testid=task-status] [data-status]").get_attribute("data-status")
        == "in_progress"
    )
    assert "Đã số hóa 180/300 hồ sơ" in page.locator("[data-testid=progress-history]").inner_text()
    report = ProgressReport.objects.get(task=board.own_task)
    assert (report.percent, report.evidence.read()) == (60, PDF)
    page.goto(f"{site.url}/steering/")
    own = _board_row(page, "Số hóa hồ sơ")
    assert own.get_attribute("data-status") == "in_progress"
    assert "60%" in own.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "steering-board-reporter.png"), full_page=True)

    # when: a leader opens the board, chosen by the "in progress" chip
    page.context.clear_cookies()
    sign_in(page, site, leader.username)
    page.goto(f"{site.url}/steering/")
    page.click("[data-testid=chip-in_progress]")
    page.wait_for_load_state("networkidle")

    # then: the task is there with its percent, and the leader has no buttons
    rows = page.locator("[data-testid=board-row]")
    assert rows.count() == 1
    assert "60%" in rows.first.inner_text()
    assert page.locator("[data-testid=add]").count() == 0
    assert page.console_errors == []
