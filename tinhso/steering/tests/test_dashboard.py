"""The steering dashboard: exact figures on a small fixed year of tasks (statuses, on-time rate
by unit, heatmap cells, days overdue, follow-up, money), scope, the XLSX, the page's permission
matrix and a fixed number of queries.

The year, as of Monday 15/06/2026 (holidays 30/04 and 01/05), "own" being Phường Đoàn Kết (the
reporter's unit) and "other" Xã Bình Lư:

    key  unit   directive  due         facts                                   status
    a    own    D1         31/03       done 20/03                              done on time
    b    own    D1         30/04       done 04/05 (30/04 rolls to Mon 04/05)   done on time
    c    own    D1         15/04       done 20/04 (pending review)             done late
    d    own    D1         15/05       40 % on 10/05                           overdue
    e    own    D1         19/06       20 % on 01/06                           at risk
    f    own    D1         30/09       30 % on 01/04                           in progress
    g    own    D1         30/10       —                                       not started
    h    other  D2         31/03       done 31/03 at 23:30 local               done on time
    i    other  D2         29/05       completion 28/05 returned               overdue
    j    other  D2         31/08       cancelled 01/05                         cancelled
    k    other  D2         monthly from 31/01, five done, 50 % on 10/06  → due 30/06, in progress
    l    other  D2 (own co-operates)  27/02   done 02/03                       done late
    n    other  D2         29/04       10 % on 12/06                           overdue
    z    own    D1         31/12/2025  —                                       overdue (2025)
    y    own    D1         31/03/2027  —                                       (2027)
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import dashboard
from tinhso.steering.choices import Recurrence, Review, TaskLevel, TaskStatus
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    Holiday,
    Programme,
    ProgressReport,
    Task,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/steering/dashboard/"


@dataclass
class YearBoard:
    tasks: dict[str, Task]
    d1: Directive
    d2: Directive
    programme: Programme
    own: OrgUnit
    other: OrgUnit


def _at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    date = dt.date.fromisoformat(day)
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=HANOI)


@pytest.fixture
def year_board(users: dict[Role, Any], own_unit: OrgUnit, other_unit: OrgUnit) -> YearBoard:
    Holiday.objects.create(date=dt.date(2026, 4, 30), name="Ngày Giải phóng miền Nam")
    Holiday.objects.create(date=dt.date(2026, 5, 1), name="Quốc tế Lao động")
    d1 = Directive.objects.create(
        number="01-KH/BCĐ", date=dt.date(2026, 1, 10), issuing_body="Ban Chỉ đạo tỉnh",
        type="plan",
    )  # fmt: skip
    d2 = Directive.objects.create(
        number="05-KH/UBND", date=dt.date(2026, 2, 1), issuing_body="UBND tỉnh", type="plan"
    )
    programme = Programme.objects.create(name="Chuyển đổi số 2026", first_year=2026, last_year=2026)
    old_programme = Programme.objects.create(
        name="Chuyển đổi số 2025", first_year=2025, last_year=2025
    )
    reporter = users[Role.UNIT_REPORTER]
    tasks: dict[str, Task] = {}

    def task(key: str, directive: Directive, unit: OrgUnit, **fields: Any) -> Task:
        tasks[key] = Task.objects.create(
            directive=directive, level=TaskLevel.UNIT, title=f"Nhiệm vụ {key}", lead_unit=unit,
            **fields,
        )  # fmt: skip
        return tasks[key]

    def report(key: str, when: dt.datetime, percent: int, review: str = "") -> None:
        ProgressReport.objects.create(
            task=tasks[key], percent=percent, marks_done=bool(review), review=review,
            reported_by=reporter, reported_at=when,
        )  # fmt: skip

    def done(key: str, when: dt.datetime, review: str = Review.ACCEPTED) -> None:
        report(key, when, 100, review)

    own, other = own_unit, other_unit
    day = dt.date.fromisoformat
    task("a", d1, own, deadline=day("2026-03-31"), programme=programme)
    done("a", _at("2026-03-20"))
    task("b", d1, own, deadline=day("2026-04-30"), programme=programme)
    done("b", _at("2026-05-04"))
    task("c", d1, own, deadline=day("2026-04-15"))
    done("c", _at("2026-04-20"), Review.PENDING)
    task("d", d1, own, deadline=day("2026-05-15"))
    report("d", _at("2026-05-10"), 40)
    task("e", d1, own, deadline=day("2026-06-19"))
    report("e", _at("2026-06-01"), 20)
    task("f", d1, own, deadline=day("2026-09-30"))
    report("f", _at("2026-04-01"), 30)
    task("g", d1, own, deadline=day("2026-10-30"))
    task("z", d1, own, deadline=day("2025-12-31"))
    task("y", d1, own, deadline=day("2027-03-31"))
    task("h", d2, other, deadline=day("2026-03-31"))
    done("h", _at("2026-03-31", 23, 30))
    task("i", d2, other, deadline=day("2026-05-29"))
    done("i", _at("2026-05-28"), Review.RETURNED)
    task("j", d2, other, deadline=day("2026-08-31"), cancelled_on=day("2026-05-01"))
    task("k", d2, other, recurrence=Recurrence.MONTHLY, first_due=day("2026-01-31"))
    for when in ("2026-01-28", "2026-02-27", "2026-03-31", "2026-04-29", "2026-05-29"):
        done("k", _at(when))
    report("k", _at("2026-06-10"), 50)
    task("l", d2, other, deadline=day("2026-02-27")).co_units.set([own])
    done("l", _at("2026-03-02"))
    task("n", d2, other, deadline=day("2026-04-29"))
    report("n", _at("2026-06-12"), 10)
    _money(programme, old_programme, own, other)
    return YearBoard(tasks, d1, d2, programme, own, other)


def _money(programme: Programme, old: Programme, own: OrgUnit, other: OrgUnit) -> None:
    own_2026 = Allocation.objects.create(
        programme=programme, year=2026, org_unit=own, amount=Decimal(1_000_000_000)
    )
    other_2026 = Allocation.objects.create(
        programme=programme, year=2026, org_unit=other, amount=Decimal(2_000_000_000)
    )
    own_2025 = Allocation.objects.create(
        programme=old, year=2025, org_unit=own, amount=Decimal(500_000_000)
    )
    for allocation, amount in ((own_2026, 250_000_000), (other_2026, 1_200_000_000),
                               (own_2025, 500_000_000)):  # fmt: skip
        Disbursement.objects.create(
            allocation=allocation, date=dt.date(2026, 3, 1), document_number="UNC",
            amount=Decimal(amount),
        )  # fmt: skip


def _board(user: Any, **options: Any) -> dashboard.SteeringDashboard:
    return dashboard.build(user=user, year=options.pop("year", 2026), today=TODAY, **options)


def _statuses(board: dashboard.SteeringDashboard) -> dict[str, str]:
    return {line.task.title[-1]: line.status.value for line in board.lines}


# Figures ----------------------------------------------------------------------------------------


def test_each_task_gets_its_derived_status(year_board: YearBoard, users: Any) -> None:
    board = _board(users[Role.LEADER])
    assert _statuses(board) == {
        "a": "done_on_time", "b": "done_on_time", "c": "done_late", "d": "overdue",
        "e": "at_risk", "f": "in_progress", "g": "not_started", "h": "done_on_time",
        "i": "overdue", "j": "cancelled", "k": "in_progress", "l": "done_late", "n": "overdue",
    }  # fmt: skip


def test_status_counts_on_time_rate_and_follow_up(year_board: YearBoard, users: Any) -> None:
    board = _board(users[Role.LEADER])
    totals = board.totals
    assert totals.total == 13
    assert dict(totals.by_status()) == {
        TaskStatus.DONE_ON_TIME: 3, TaskStatus.DONE_LATE: 2, TaskStatus.OVERDUE: 3,
        TaskStatus.AT_RISK: 1, TaskStatus.IN_PROGRESS: 2, TaskStatus.NOT_STARTED: 1,
        TaskStatus.CANCELLED: 1,
    }  # fmt: skip
    # 3 on time of the 8 done or past their deadline
    assert (totals.judged, totals.on_time_rate) == (8, Decimal("37.5"))
    # open: d, i, n, e, f, k, g; reported since 16/05: e, k, n and i (its returned completion)
    assert (totals.open, board.monitored, board.monitored_percent) == (7, 4, Decimal("57.1"))
    assert board.overdue_before == 1  # z, due in 2025


def test_on_time_rate_by_unit_ranked(year_board: YearBoard, users: Any) -> None:
    board = _board(users[Role.LEADER])
    rows = [
        (line.rank, line.unit.code, line.tally.total, line.tally.on_time, line.tally.judged,
         line.tally.on_time_rate)
        for line in board.units
    ]  # fmt: skip
    assert rows == [
        (1, "03388", 7, 2, 4, Decimal("50.0")),
        (2, "03390", 6, 1, 4, Decimal("25.0")),
    ]


def test_heatmap_cells_by_unit_and_month_due(year_board: YearBoard, users: Any) -> None:
    board = _board(users[Role.LEADER])
    cells = {
        (row.unit.code, month): (cell.total, cell.on_time, cell.late_or_overdue, cell.on_time_rate)
        for row in board.heatmap
        for month, cell in enumerate(row.months, 1)
        if cell.total
    }
    assert cells == {
        ("03388", 3): (1, 1, 0, Decimal("100.0")),  # a
        ("03388", 4): (2, 1, 1, Decimal("50.0")),  # b on time, c late
        ("03388", 5): (1, 0, 1, Decimal("0.0")),  # d overdue
        ("03388", 6): (1, 0, 0, None),  # e at risk: nothing judged yet
        ("03388", 9): (1, 0, 0, None),
        ("03388", 10): (1, 0, 0, None),
        ("03390", 2): (1, 0, 1, Decimal("0.0")),  # l late
        ("03390", 3): (1, 1, 0, Decimal("100.0")),  # h
        ("03390", 4): (1, 0, 1, Decimal("0.0")),  # n overdue
        ("03390", 5): (1, 0, 1, Decimal("0.0")),  # i overdue
        ("03390", 6): (1, 0, 0, None),  # k's open occurrence, due 30/06
        ("03390", 8): (1, 0, 0, None),  # j cancelled
    }


def test_overdue_list_with_calendar_and_working_days(year_board: YearBoard, users: Any) -> None:
    board = _board(users[Role.LEADER])
    rows = [
        (line.task.title[-1], line.due, line.days_overdue, line.working_days_overdue,
         line.facts.percent, line.last_reported)
        for line in board.overdue
    ]  # fmt: skip
    assert rows == [
        # 29/04 → 15/06: 47 days; 33 weekdays less the holidays 30/04 and 01/05
        ("n", dt.date(2026, 4, 29), 47, 31, 10, dt.date(2026, 6, 12)),
        ("d", dt.date(2026, 5, 15), 31, 21, 40, dt.date(2026, 5, 10)),
        # a returned completion neither finishes the task nor counts as progress
        ("i", dt.date(2026, 5, 29), 17, 11, 0, dt.date(2026, 5, 28)),
    ]


def test_tasks_per_directive_and_budget(year_board: YearBoard, users: Any) -> None:
    board = _board(users[Role.LEADER])
    directives = [
        (line.directive.number, line.tally.total, dict(line.tally.by_status()))
        for line in board.per_directive
    ]
    assert [(number, total) for number, total, _s in directives] == [
        ("05-KH/UBND", 6), ("01-KH/BCĐ", 7),
    ]  # fmt: skip
    assert directives[0][2][TaskStatus.OVERDUE] == 2
    assert directives[1][2][TaskStatus.DONE_ON_TIME] == 2
    # the year's allocations only: the 2025 programme's money is not in 2026
    (line,) = board.budget
    assert (line.name, line.allocated, line.disbursed, line.percent) == (
        "Chuyển đổi số 2026", Decimal(3_000_000_000), Decimal(1_450_000_000), Decimal("48.33"),
    )  # fmt: skip


def test_filters_by_directive_programme_and_year(year_board: YearBoard, users: Any) -> None:
    leader = users[Role.LEADER]
    by_directive = _board(leader, directive_id=year_board.d2.pk)
    assert sorted(_statuses(by_directive)) == ["h", "i", "j", "k", "l", "n"]
    by_programme = _board(leader, programme_id=year_board.programme.pk)
    assert _statuses(by_programme) == {"a": "done_on_time", "b": "done_on_time"}
    earlier = _board(leader, year=2025)
    assert _statuses(earlier) == {"z": "overdue"}
    assert earlier.budget[0].percent == Decimal("100.00")
    unknown = _board(leader, directive_id=999_999)
    assert unknown.directive is None and unknown.totals.total == 13


def test_a_reporter_sees_only_their_subtree(year_board: YearBoard, users: Any) -> None:
    board = _board(users[Role.UNIT_REPORTER])
    # their unit's tasks and l, which it co-operates on
    assert sorted(_statuses(board)) == ["a", "b", "c", "d", "e", "f", "g", "l"]
    assert (board.totals.judged, board.totals.on_time_rate) == (5, Decimal("40.0"))
    assert [(u.unit.code, u.tally.on_time_rate) for u in board.units] == [
        ("03388", Decimal("50.0")), ("03390", Decimal("0.0")),
    ]  # fmt: skip
    assert [line.task.title for line in board.overdue] == ["Nhiệm vụ d"]
    # money: their own unit's allocation only
    (line,) = board.budget
    assert (line.allocated, line.disbursed, line.percent) == (
        Decimal(1_000_000_000), Decimal(250_000_000), Decimal("25.00"),
    )  # fmt: skip
    assert board.scope_unit == year_board.own


# The page ---------------------------------------------------------------------------------------


@pytest.fixture
def on_today(monkeypatch: Any) -> None:
    monkeypatch.setattr("tinhso.steering.views.dashboard.local_date", lambda: TODAY)


def test_the_page_shows_the_figures(
    year_board: YearBoard, users: Any, client: Any, on_today: None
) -> None:
    client.force_login(users[Role.LEADER])
    response = client.get(URL, {"year": "2026"})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["board"].totals.total == 13
    overdue = page.split('data-testid="table-overdue"')[1].split("</table>")[0]
    links = [reverse("steering:task_detail", args=[year_board.tasks[k].pk]) for k in "ndi"]
    positions = [overdue.index(f'href="{link}"') for link in links]
    assert positions == sorted(positions)  # most overdue first
    directive_link = reverse("steering:directive_detail", args=[year_board.d2.pk])
    assert f'href="{directive_link}"' in page
    charts = response.context["charts"]
    assert charts["units"]["data"] == [50.0, 25.0]
    # agencies, then communes, then wards, each by name
    assert charts["heatmap"]["units"] == ["Xã Bình Lư", "Phường Đoàn Kết"]
    assert [3, 1, 50.0, 2, 1, 1] in charts["heatmap"]["cells"]  # April, Đoàn Kết
    assert [8, 1, None, 1, 0, 0] in charts["heatmap"]["cells"]  # October, g not yet due
    assert len(charts["heatmap"]["cells"]) == 12  # the months with a task due only
    assert 'id="steering-charts"' in page
    # the strict CSP: no inline script or style
    assert "<script>" not in page and "style=" not in page


def test_the_page_takes_a_fixed_number_of_queries(
    year_board: YearBoard, users: Any, client: Any, on_today: None, django_assert_num_queries: Any
) -> None:
    client.force_login(users[Role.LEADER])
    with django_assert_num_queries(LEADER_QUERIES):
        client.get(URL, {"year": "2026"})
    # twice the tasks and reports, the same queries
    for task in list(Task.objects.all()):
        copy = Task.objects.create(
            directive=task.directive, level=task.level, title=task.title + "′",
            lead_unit=task.lead_unit, deadline=task.deadline, recurrence=task.recurrence,
            first_due=task.first_due,
        )  # fmt: skip
        for report in task.progress_reports.all():
            report.pk, report.task = None, copy
            report.save()
    with django_assert_num_queries(LEADER_QUERIES):
        response = client.get(URL, {"year": "2026"})
    assert response.context["board"].totals.total == 26
    client.force_login(users[Role.UNIT_REPORTER])
    with django_assert_num_queries(REPORTER_QUERIES):
        client.get(URL, {"year": "2026"})


# session, user, user's groups, directives, programmes, tasks, reports, holidays, allocations,
# disbursements, and the user's org unit (the menu names it; the reporter's scope reads it)
LEADER_QUERIES = 11
REPORTER_QUERIES = 11


def _naive(year: int, month: int, day: int) -> dt.datetime:
    """A date as openpyxl reads it back: a datetime at midnight, without a zone."""
    return dt.datetime.combine(dt.date(year, month, day), dt.time())


def test_the_xlsx_has_every_panel(
    year_board: YearBoard, users: Any, client: Any, on_today: None
) -> None:
    client.force_login(users[Role.LEADER])
    client.cookies["tinhso_language"] = "en"
    response = client.get(URL, {"year": "2026", "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="tien-do-nhiem-vu-2026.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "About", "Key figures", "On-time rate by unit", "Unit × month", "Overdue tasks",
        "Tasks per directive", "Budget",
    ]  # fmt: skip
    about = workbook["About"]
    assert about["B4"].value == _naive(2026, 6, 15)  # figures as of, a date
    assert about["B4"].number_format == "DD/MM/YYYY"
    figures = {
        row[0]: row[1] for row in workbook["Key figures"].iter_rows(min_row=3, values_only=True)
    }
    assert figures["Tasks due in the year"] == 13
    assert figures["Overdue"] == 3
    assert figures["On-time rate (%)"] == 37.5
    units = list(workbook["On-time rate by unit"].iter_rows(min_row=3, values_only=True))
    assert units[0][:4] == (1, "03388", "Phường Đoàn Kết", 7)
    assert units[0][-2:] == (4, 50.0)
    heat = list(workbook["Unit × month"].iter_rows(min_row=3, values_only=True))
    assert ("03388", "Phường Đoàn Kết", 4, 2, 1, 1, 0, 2, 50.0) in heat
    assert ("03388", "Phường Đoàn Kết", 6, 1, 0, 0, 0, 0, None) in heat
    overdue = workbook["Overdue tasks"]
    first = [cell.value for cell in overdue[3]]
    assert first == [
        year_board.tasks["n"].pk, "Nhiệm vụ n", "05-KH/UBND", "Xã Bình Lư",
        _naive(2026, 4, 29), 47, 31, 10, _naive(2026, 6, 12),
    ]  # fmt: skip
    assert overdue["E3"].number_format == "DD/MM/YYYY"
    directives = list(workbook["Tasks per directive"].iter_rows(min_row=3, values_only=True))
    assert directives[0][:3] == ("05-KH/UBND", _naive(2026, 2, 1), 6)
    budget = list(workbook["Budget"].iter_rows(min_row=3, values_only=True))
    assert budget == [
        ("Chuyển đổi số 2026", 3_000_000_000, 1_450_000_000, 1_550_000_000, 48.33),
        ("Total", 3_000_000_000, 1_450_000_000, 1_550_000_000, 48.33),
    ]
    assert workbook["Budget"]["B3"].number_format == "#,##0"


def test_a_reporters_xlsx_holds_only_their_tasks(
    year_board: YearBoard, users: Any, client: Any, on_today: None
) -> None:
    client.force_login(users[Role.UNIT_REPORTER])
    client.cookies["tinhso_language"] = "en"
    response = client.get(URL, {"year": "2026", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    titles = [row[1] for row in workbook["Overdue tasks"].iter_rows(min_row=3, values_only=True)]
    assert titles == ["Nhiệm vụ d"]


def test_a_leader_reads_everything_and_writes_nothing(
    year_board: YearBoard, users: Any, client: Any, on_today: None
) -> None:
    client.force_login(users[Role.LEADER])
    before = state_of(Task.objects.all(), ProgressReport.objects.all(), AuditEntry.objects.all())
    page = client.get(URL).content.decode()
    assert client.post(URL).status_code == 405  # the dashboard only reads
    main = page.split("<main")[1].split("</main>")[0]
    assert "<form" in main and 'method="post"' not in main  # the filters only
    assert (
        state_of(Task.objects.all(), ProgressReport.objects.all(), AuditEntry.objects.all())
        == before
    )


# Permission matrix of the pages: administrator, center staff, leader, unit reporter, enterprise,
# anonymous (sent to sign in). The report's POST builds a file and writes nothing.
READ = (200, 200, 200, 200, 403, 302)
PAGES = {
    ("dashboard", "-"): READ,
    ("dashboard.xlsx", "-"): READ,
    ("report.form", "-"): READ,
    ("report.docx", "-"): READ,
}


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_page_matrix(
    case: Any, year_board: YearBoard, users: Any, client: Any, on_today: None
) -> None:
    # given
    sign_in(client, users, case.role)
    before = state_of(Task.objects.all(), ProgressReport.objects.all(), AuditEntry.objects.all())
    # when
    if case.action == "dashboard":
        response = client.get(URL)
    elif case.action == "dashboard.xlsx":
        response = client.get(URL, {"format": "xlsx"})
    elif case.action == "report.form":
        response = client.get(reverse("steering:report"))
    else:
        response = client.post(reverse("steering:report"), report_form())
    # then
    assert response.status_code == case.status
    if case.status == 200 and case.action.endswith(("xlsx", "docx")):
        assert response["Content-Disposition"].startswith("attachment;")
    assert (
        state_of(Task.objects.all(), ProgressReport.objects.all(), AuditEntry.objects.all())
        == before
    )


ISSUER = "Trung tâm Đổi mới sáng tạo và Chuyển đổi số"


def report_form(**changes: Any) -> dict[str, Any]:
    data = {
        "year": "2026", "directive": "", "programme": "", "subject": "Nghị quyết số 57-NQ/TW",
        "parent_body": "UBND TỈNH LAI CHÂU", "issuer": ISSUER,
        "number": "15/BC-TTĐMST", "day": "2026-06-16", "signer_title": "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn An", "recipients": "UBND tỉnh (để báo cáo)\nLưu: VT",
        "proposals": "Các đơn vị hoàn thành nhiệm vụ quá hạn.",
    }  # fmt: skip
    data.update(changes)
    return data


def test_the_tab_is_shown_to_readers_of_tasks(
    year_board: YearBoard, users: Any, client: Any
) -> None:
    client.force_login(users[Role.UNIT_REPORTER])
    page = client.get(reverse("steering:board")).content.decode()
    assert f'href="{URL}"' in page
