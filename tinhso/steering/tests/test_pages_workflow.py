"""The steering workflow pages at work: the board shows the derived status and filters by it,
a reporter's own list is most urgent first, reporting on a task and the center's decisions go
through the services (and are audited), and the forms show the services' refusals field by
field without writing anything."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tinhso.audit.models import AuditAction, AuditEntry
from tinhso.core.dates import local_date as province_date
from tinhso.core.roles import Role
from tinhso.core.testing import state_of
from tinhso.monitoring.models import Indicator
from tinhso.orgunits.models import OrgUnit
from tinhso.steering import services
from tinhso.steering.choices import Recurrence, Review, TaskLevel
from tinhso.steering.models import Directive, ExtensionRequest, ProgressReport, Task
from tinhso.steering.selectors import task_states
from tinhso.steering.tests.conftest import Board

PDF = b"%PDF-1.4\n%%EOF\n"
TODAY = dt.date(2026, 12, 28)  # a Monday; the board's deadlines are Thu 31/12/2026
BASE = "/steering"


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    """The province's date is TODAY wherever the pages and services ask for it."""

    def local_date(moment=None):  # type: ignore[no-untyped-def]
        return TODAY if moment is None else province_date(moment)

    for module in (
        "tinhso.steering.selectors", "tinhso.steering.services.tasks",
        "tinhso.steering.views.board", "tinhso.steering.templatetags.steering_tasks",
    ):  # fmt: skip
        monkeypatch.setattr(f"{module}.local_date", local_date)
    return TODAY


def _task(board: Board, title: str, lead: OrgUnit, **fields: Any) -> Task:
    fields.setdefault("deadline", dt.date(2027, 6, 30))
    return Task.objects.create(
        directive=board.directive, level=TaskLevel.UNIT, title=title, lead_unit=lead, **fields
    )


def _report(task: Task, user: Any, percent: int, **fields: Any) -> ProgressReport:
    return ProgressReport.objects.create(
        task=task, percent=percent, reported_by=user, reported_at=timezone.now(), **fields
    )


@pytest.fixture
def every_status(board: Board, users, own_unit, other_unit, today) -> Board:  # type: ignore[no-untyped-def]
    """Besides the board (two at risk, two done on time): one task of each other status."""
    reporter = users[Role.UNIT_REPORTER]
    _task(board, "Báo cáo quý trễ", own_unit, deadline=dt.date(2026, 12, 1))  # overdue
    busy = _task(board, "Xây dựng kho dữ liệu", other_unit)
    _report(busy, reporter, 30)  # in progress
    _task(board, "Đào tạo cán bộ", own_unit)  # not started
    _task(board, "Mua sắm thiết bị", other_unit, cancelled_on=dt.date(2026, 12, 1))
    late = _task(board, "Kết nối LGSP", other_unit, deadline=dt.date(2026, 11, 2))
    _report(late, reporter, 100, marks_done=True, review=Review.ACCEPTED)  # done late
    return board


class _Rows(HTMLParser):
    """(status, title) of each table row marked with ``testid``, in page order."""

    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid, self.rows, self._status, self._in_link = testid, [], None, False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("data-testid") == self.testid:
            self._status = attrs.get("data-status")
        elif tag == "a" and self._status and "/steering/tasks/" in (attrs.get("href") or ""):
            self._in_link = True

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._in_link:
            self.rows.append((self._status, data.strip()))
            self._status, self._in_link = None, False


def _rows(response: Any, testid: str = "board-row") -> list[tuple[str, str]]:
    parser = _Rows(testid)
    parser.feed(response.content.decode())
    return parser.rows


def _chip(html: str, status: str) -> int:
    marker = f'data-testid="chip-{status}" data-count="'
    start = html.index(marker) + len(marker)
    return int(html[start : html.index('"', start)])


# The board ---------------------------------------------------------------------------------------


def test_board_counts_every_status_and_shows_the_derived_one(client, users, every_status):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.CENTER_STAFF])
    states = task_states(Task.objects.all(), TODAY)
    # when
    response = client.get(f"{BASE}/")
    # then
    html = response.content.decode()
    counts = {
        status: _chip(html, status)
        for status in (
            "overdue", "at_risk", "in_progress", "not_started", "done_late", "done_on_time",
            "cancelled",
        )
    }  # fmt: skip
    assert counts == {
        "overdue": 1, "at_risk": 2, "in_progress": 1, "not_started": 1, "done_late": 1,
        "done_on_time": 2, "cancelled": 1,
    }  # fmt: skip
    expected = {task.title: states[task.pk].status.value for task in Task.objects.all()}
    assert {title: status for status, title in _rows(response)} == expected


def test_board_lists_the_most_urgent_first(client, users, every_status):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.LEADER])
    response = client.get(f"{BASE}/")
    assert [title for _, title in _rows(response)] == [
        "Báo cáo quý trễ",  # overdue
        "Phổ cập kỹ năng số", "Số hóa hồ sơ",  # at risk, same deadline: by title
        "Đào tạo cán bộ", "Xây dựng kho dữ liệu",  # open, 30/06/2027: by title, Đ as D
        "Kết nối LGSP", "Triển khai IOC xã", "Xóa điểm lõm sóng",  # done, by due date
        "Mua sắm thiết bị",  # cancelled
    ]  # fmt: skip


def test_a_chip_keeps_its_status_only_and_every_count(client, users, every_status):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.CENTER_STAFF])
    # when
    response = client.get(f"{BASE}/?status=at_risk")
    # then
    html = response.content.decode()
    assert sorted(_rows(response)) == [
        ("at_risk", "Phổ cập kỹ năng số"),
        ("at_risk", "Số hóa hồ sơ"),
    ]
    assert _chip(html, "overdue") == 1  # the counts are over every status
    assert 'class="status-chip status-at_risk active"' in html
    assert '<input type="hidden" name="status" value="at_risk">' in html


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("q=số", ["Phổ cập kỹ năng số", "Số hóa hồ sơ"]),
        ("lead_unit=03388", ["Báo cáo quý trễ", "Số hóa hồ sơ", "Đào tạo cán bộ"]),
        ("level=province", ["Kết nối LGSP"]),
        ("programme=funded", ["Xây dựng kho dữ liệu"]),
        ("directive=second", ["Kết nối LGSP"]),
        ("lead_unit=03388&status=overdue", ["Báo cáo quý trễ"]),
    ],
)
def test_board_filters(client, users, every_status, query, titles):  # type: ignore[no-untyped-def]
    # given: one task at province level, in a second directive; one funded by a programme
    programme = every_status.programme
    Task.objects.filter(title="Xây dựng kho dữ liệu").update(programme=programme)
    second = Directive.objects.create(
        number="125/UBND-KGVX", date=dt.date(2025, 8, 20), issuing_body="UBND tỉnh",
        type="official_letter",
    )  # fmt: skip
    Task.objects.filter(title="Kết nối LGSP").update(level=TaskLevel.PROVINCE, directive=second)
    query = query.replace("funded", str(programme.pk)).replace("second", str(second.pk))
    client.force_login(users[Role.CENTER_STAFF])
    # when
    response = client.get(f"{BASE}/?{query}")
    # then
    assert sorted(title for _, title in _rows(response)) == sorted(titles)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("ĐÀO", ["Đào tạo cán bộ"]),  # case never matters
        ("so hoa", ["Số hóa hồ sơ"]),  # a query without diacritics ignores them
        ("  ky   nang ", ["Phổ cập kỹ năng số"]),
        ("sổ", []),  # a query with diacritics keeps them: sổ is not số
        ("xã", ["Triển khai IOC xã"]),
    ],
)
def test_board_title_search(client, users, every_status, query, titles):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    response = client.get(f"{BASE}/", {"q": query})
    assert [title for _, title in _rows(response)] == titles


def test_reporter_board_shows_their_units_tasks_and_their_filters_only(client, users, every_status):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.UNIT_REPORTER])
    # when
    response = client.get(f"{BASE}/")
    # then
    assert sorted(title for _, title in _rows(response)) == [
        "Báo cáo quý trễ", "Số hóa hồ sơ", "Triển khai IOC xã", "Đào tạo cán bộ",
    ]  # fmt: skip
    units = response.context["filter"].form.fields["lead_unit"].queryset
    assert sorted(unit.code for unit in units) == ["03388", "03390"]  # own, and co_task's lead


def test_board_htmx_answers_the_results_alone(client, users, every_status):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    response = client.get(f"{BASE}/?q=LGSP", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="board-results">')
    assert "<html" not in html
    assert [title for _, title in _rows(response)] == ["Kết nối LGSP"]


def test_board_queries_do_not_grow_with_the_tasks(client, users, board, django_assert_num_queries):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.CENTER_STAFF])
    client.get(f"{BASE}/")  # warm the content types
    # when / then: session, user, role, the user's unit, the tasks, their reports, the holidays,
    # and the filters' directives, lead units and programmes
    with django_assert_num_queries(10):
        client.get(f"{BASE}/")
    for index in range(60):
        _task(board, f"Nhiệm vụ {index:02}", board.own_task.lead_unit)
    with django_assert_num_queries(10):
        response = client.get(f"{BASE}/")
    assert len(_rows(response)) == 50  # a page
    assert response.context["table"].paginator.count == 64


def test_board_pages_keep_the_filters(client, users, board):  # type: ignore[no-untyped-def]
    # given
    for index in range(60):
        _task(board, f"Nhiệm vụ {index:02}", board.own_task.lead_unit)
    client.force_login(users[Role.CENTER_STAFF])
    # when
    response = client.get(f"{BASE}/", {"q": "nhiem vu", "page": 2})
    # then
    assert [title for _, title in _rows(response)] == [f"Nhiệm vụ {i:02}" for i in range(50, 60)]
    assert 'href="?q=nhiem+vu&amp;page=1"' in response.content.decode()


def test_board_sorts_by_a_column(client, users, every_status):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    response = client.get(f"{BASE}/", {"sort": "-percent", "status": ["in_progress", "done_late"]})
    assert _rows(response) == [
        ("done_late", "Kết nối LGSP"),
        ("in_progress", "Xây dựng kho dữ liệu"),
    ]


def test_leader_sees_no_buttons(client, users, board):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.LEADER])
    # when
    pages = [
        client.get(f"{BASE}/").content.decode(),
        client.get(f"{BASE}/tasks/{board.own_task.pk}/").content.decode(),
        client.get(f"{BASE}/directives/{board.directive.pk}/").content.decode(),
        client.get(f"{BASE}/directives/").content.decode(),
    ]
    # then
    for testid in ("add", "edit", "cancel", "post-progress", "mark-done", "ask-extension"):
        assert [page for page in pages if f'data-testid="{testid}"' in page] == []


# My tasks ----------------------------------------------------------------------------------------


def test_my_tasks_are_the_open_ones_of_my_unit_most_urgent_first(client, users, every_status):  # type: ignore[no-untyped-def]
    # given: the co-operated task is done (its completion waits for review)
    client.force_login(users[Role.UNIT_REPORTER])
    # when
    response = client.get(f"{BASE}/mine/")
    # then
    assert _rows(response, "my-task") == [
        ("overdue", "Báo cáo quý trễ"), ("at_risk", "Số hóa hồ sơ"),
        ("not_started", "Đào tạo cán bộ"),
    ]  # fmt: skip
    html = response.content.decode()
    assert html.count('data-testid="post-progress"') == 3
    assert 'data-testid="waiting"' in html  # the co-operated completion and extension
    assert "later deadline asked" in html


def test_center_my_tasks_are_every_open_task(client, users, every_status):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    response = client.get(f"{BASE}/mine/")
    assert [status for status, _ in _rows(response, "my-task")] == [
        "overdue", "at_risk", "at_risk", "not_started", "in_progress",
    ]  # fmt: skip


# The task page -----------------------------------------------------------------------------------


def test_task_page_shows_facts_tree_indicators_and_history(
    client, users, board, own_unit, other_unit, today
):  # type: ignore[no-untyped-def]
    # given: a monthly task to the end of 2026 under the own task, two occurrences done
    staff = users[Role.CENTER_STAFF]
    indicator = Indicator.objects.create(
        code="DX_TASKS", name="Tỷ lệ nhiệm vụ được theo dõi điện tử", numerator="1"
    )
    task = services.create_task(
        actor=staff, directive=board.directive, parent=board.own_task, level=TaskLevel.UNIT,
        title="Báo cáo tháng", lead_unit=own_unit, recurrence=Recurrence.MONTHLY,
        first_due=dt.date(2026, 1, 25), last_due=dt.date(2026, 12, 25),
        co_units=[other_unit], indicators=[indicator], expected_product="Báo cáo",
        programme=board.programme,
    )  # fmt: skip
    for _ in range(2):
        _report(task, staff, 100, marks_done=True, review=Review.ACCEPTED)
    client.force_login(users[Role.UNIT_REPORTER])
    # when
    html = client.get(f"{BASE}/tasks/{task.pk}/").content.decode()
    parent = client.get(f"{BASE}/tasks/{board.own_task.pk}/").content.decode()
    # then
    assert 'data-testid="last-due">2026-12-25</dd>' in html
    assert 'data-testid="occurrences">2 of 12</dd>' in html
    assert 'data-testid="due">2026-03-25</dd>' in html  # the third occurrence is open
    assert 'data-status="overdue"' in html
    assert 'data-testid="co-units">Xã Bình Lư</dd>' in html
    assert '<a href="/monitoring/setup/indicators/DX_TASKS/">' in html
    assert f'<a href="/steering/tasks/{board.own_task.pk}/">Số hóa hồ sơ</a>' in html
    assert "Chuyển đổi số 2025" in html
    assert f'<a href="/steering/tasks/{task.pk}/">Báo cáo tháng</a>' in parent
    assert 'data-testid="audit-history"' in html
    assert 'data-testid="ask-extension"' not in html  # recurring: no extension


def test_task_page_hides_a_parent_out_of_reach(client, users, board, own_unit):  # type: ignore[no-untyped-def]
    child = _task(board, "Việc con", own_unit, parent=board.other_task)
    client.force_login(users[Role.UNIT_REPORTER])
    html = client.get(f"{BASE}/tasks/{child.pk}/").content.decode()
    assert "out of your reach" in html
    assert "Phổ cập kỹ năng số" not in html


def test_reporting_buttons_follow_the_task_state(client, users, board):  # type: ignore[no-untyped-def]
    # given: the co-operated task is done and has an extension waiting
    client.force_login(users[Role.UNIT_REPORTER])
    # when
    own = client.get(f"{BASE}/tasks/{board.own_task.pk}/").content.decode()
    done = client.get(f"{BASE}/tasks/{board.co_task.pk}/").content.decode()
    # then
    for testid in ("post-progress", "mark-done", "ask-extension"):
        assert f'data-testid="{testid}"' in own
        assert f'data-testid="{testid}"' not in done
    assert 'data-testid="edit"' not in own
    assert 'data-testid="cancel"' not in own


# Reporting ---------------------------------------------------------------------------------------


def test_posting_progress_records_one_report_with_its_evidence(client, users, board):  # type: ignore[no-untyped-def]
    # given
    reporter = users[Role.UNIT_REPORTER]
    client.force_login(reporter)
    url = f"{BASE}/tasks/{board.own_task.pk}/progress/"
    # when
    response = client.post(url, {
        "percent": "40", "narrative": "Đã số hóa 120/300 hồ sơ",
        "evidence": SimpleUploadedFile("danh sach.pdf", PDF),
    })  # fmt: skip
    # then
    assert response.status_code == 302
    assert response["Location"] == f"/steering/tasks/{board.own_task.pk}/"
    report = ProgressReport.objects.get(task=board.own_task)
    assert (report.percent, report.narrative, report.marks_done, report.review) == (
        40,
        "Đã số hóa 120/300 hồ sơ",
        False,
        "",
    )
    assert report.reported_by == reporter
    assert report.evidence.read() == PDF
    entry = AuditEntry.objects.get(content_type__model="progressreport", object_id=str(report.pk))
    assert (entry.action, entry.actor_id) == (AuditAction.CREATE, reporter.pk)
    page = client.get(response["Location"]).content.decode()
    assert f'href="/steering/progress/{report.pk}/evidence/"' in page
    assert "The progress was recorded." in page


def test_the_progress_form_starts_from_the_latest_percent(client, users, board):  # type: ignore[no-untyped-def]
    _report(board.own_task, users[Role.UNIT_REPORTER], 35)
    client.force_login(users[Role.UNIT_REPORTER])
    response = client.get(f"{BASE}/tasks/{board.own_task.pk}/progress/")
    assert response.context["form"].initial == {"percent": 35}


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"percent": "150"}, "percent", "Ensure this value is less than or equal to 100."),
        ({"percent": ""}, "percent", "This field is required."),
        (
            {"percent": "10", "evidence": ("x.html", b"<html>")},
            "evidence",
            "Evidence must be a PDF, a PNG or JPEG image, or an Office document.",
        ),
    ],
)
def test_a_refused_progress_says_why_and_writes_nothing(client, users, board, body, field, message):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.UNIT_REPORTER])
    if "evidence" in body:
        body["evidence"] = SimpleUploadedFile(*body["evidence"])
    before = state_of(ProgressReport.objects.all(), AuditEntry.objects.all())
    # when
    response = client.post(f"{BASE}/tasks/{board.own_task.pk}/progress/", body)
    # then
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert state_of(ProgressReport.objects.all(), AuditEntry.objects.all()) == before


def test_no_progress_on_a_cancelled_task(client, users, board):  # type: ignore[no-untyped-def]
    # given
    Task.objects.filter(pk=board.own_task.pk).update(cancelled_on=dt.date(2026, 1, 1))
    client.force_login(users[Role.UNIT_REPORTER])
    # when
    response = client.post(f"{BASE}/tasks/{board.own_task.pk}/progress/", {"percent": "20"})
    # then
    assert response.context["form"].non_field_errors() == ["This task is cancelled."]
    assert ProgressReport.objects.filter(task=board.own_task).count() == 0


def test_marking_done_needs_the_product(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.UNIT_REPORTER])
    response = client.post(f"{BASE}/tasks/{board.own_task.pk}/done/", {"narrative": "Xong"})
    assert response.context["form"].errors == {
        "product": ["Attach the product to mark the task done."]
    }
    assert ProgressReport.objects.filter(task=board.own_task).count() == 0


def test_marking_done_records_a_completion_for_review(client, users, board, today):  # type: ignore[no-untyped-def]
    # given
    reporter = users[Role.UNIT_REPORTER]
    client.force_login(reporter)
    # when
    response = client.post(f"{BASE}/tasks/{board.own_task.pk}/done/", {
        "narrative": "Đã bàn giao", "product": SimpleUploadedFile("san pham.pdf", PDF),
    })  # fmt: skip
    # then
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=board.own_task)
    assert (report.percent, report.marks_done, report.review, report.narrative) == (
        100,
        True,
        Review.PENDING,
        "Đã bàn giao",
    )
    assert report.product.read() == PDF
    assert report.evidence.name == ""
    assert (
        AuditEntry.objects.filter(
            content_type__model="progressreport", object_id=str(report.pk), actor=reporter
        ).count()
        == 1
    )
    assert task_states([board.own_task], TODAY)[board.own_task.pk].status == "done_on_time"


def test_a_done_task_refuses_another_completion(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.UNIT_REPORTER])
    response = client.post(f"{BASE}/tasks/{board.co_task.pk}/done/", {
        "product": SimpleUploadedFile("lai.pdf", PDF),
    })  # fmt: skip
    assert response.context["form"].non_field_errors() == ["This task is already done."]
    assert ProgressReport.objects.filter(task=board.co_task).count() == 1


def test_asking_for_an_extension(client, users, board):  # type: ignore[no-untyped-def]
    # given
    reporter = users[Role.UNIT_REPORTER]
    client.force_login(reporter)
    # when
    response = client.post(f"{BASE}/tasks/{board.own_task.pk}/extension/", {
        "requested_deadline": "2027-03-31", "reason": "Chờ bổ sung máy quét",
    })  # fmt: skip
    # then
    assert response.status_code == 302
    request = ExtensionRequest.objects.get(task=board.own_task)
    assert (request.previous_deadline, request.requested_deadline, request.reason) == (
        dt.date(2026, 12, 31),
        dt.date(2027, 3, 31),
        "Chờ bổ sung máy quét",
    )
    assert (request.status, request.requested_by) == (Review.PENDING, reporter)
    assert (
        AuditEntry.objects.filter(
            content_type__model="extensionrequest", object_id=str(request.pk)
        ).count()
        == 1
    )
    board.own_task.refresh_from_db()
    assert board.own_task.deadline == dt.date(2026, 12, 31)  # until the center accepts


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"requested_deadline": "2027-03-31", "reason": ""},
            {"reason": ["Say why the deadline should move."]},
        ),
        (
            {"requested_deadline": "2026-12-01", "reason": "Sớm hơn"},
            {"requested_deadline": ["Ask for a date after the current deadline (31/12/2026)."]},
        ),
    ],
)
def test_a_refused_extension_says_why(client, users, board, body, errors):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.UNIT_REPORTER])
    response = client.post(f"{BASE}/tasks/{board.own_task.pk}/extension/", body)
    assert response.context["form"].errors == errors
    assert ExtensionRequest.objects.filter(task=board.own_task).count() == 0


def test_a_recurring_task_is_not_extended(client, users, board, own_unit):  # type: ignore[no-untyped-def]
    monthly = _task(
        board, "Báo cáo tháng", own_unit, deadline=None, recurrence=Recurrence.MONTHLY,
        first_due=dt.date(2026, 1, 25),
    )  # fmt: skip
    client.force_login(users[Role.UNIT_REPORTER])
    response = client.post(f"{BASE}/tasks/{monthly.pk}/extension/", {
        "requested_deadline": "2027-03-31", "reason": "Chậm",
    })  # fmt: skip
    assert response.context["form"].non_field_errors() == [
        "Only a task with a single deadline is extended."
    ]
    assert ExtensionRequest.objects.filter(task=monthly).count() == 0


# The review queue --------------------------------------------------------------------------------


def test_review_queue_lists_what_waits_oldest_first(client, users, board):  # type: ignore[no-untyped-def]
    # given: the other completion is older
    ProgressReport.objects.filter(pk=board.other_completion.pk).update(
        reported_at=timezone.now() - dt.timedelta(days=3)
    )
    client.force_login(users[Role.CENTER_STAFF])
    # when
    response = client.get(f"{BASE}/reviews/")
    # then
    assert [report.pk for report in response.context["completions"]] == [
        board.other_completion.pk,
        board.co_completion.pk,
    ]
    assert len(response.context["extensions"]) == 2
    html = response.content.decode()
    assert html.count('data-testid="completion-row"') == 2
    assert html.count('data-testid="extension-row"') == 2


def test_accepting_a_completion(client, users, board):  # type: ignore[no-untyped-def]
    # given
    staff = users[Role.CENTER_STAFF]
    client.force_login(staff)
    # when
    response = client.post(
        f"{BASE}/reviews/completions/{board.co_completion.pk}/", {"decision": "accept", "note": ""}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == "/steering/reviews/"
    board.co_completion.refresh_from_db()
    assert (board.co_completion.review, board.co_completion.reviewed_by) == (Review.ACCEPTED, staff)
    assert AuditEntry.objects.filter(
        content_type__model="progressreport", object_id=str(board.co_completion.pk),
        action=AuditAction.UPDATE, actor=staff,
    ).count() == 1  # fmt: skip


def test_returning_a_completion_needs_a_note(client, users, board):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.CENTER_STAFF])
    before = state_of(ProgressReport.objects.all(), AuditEntry.objects.all())
    # when
    response = client.post(
        f"{BASE}/reviews/completions/{board.co_completion.pk}/", {"decision": "return", "note": " "}
    )
    # then
    assert response.status_code == 200
    assert response.context["failed_form"].errors == {
        "note": ["Say why, so the unit knows what to correct."]
    }
    assert response.context["failed_pk"] == board.co_completion.pk
    assert "Say why, so the unit knows what to correct." in response.content.decode()
    assert state_of(ProgressReport.objects.all(), AuditEntry.objects.all()) == before


def test_returning_a_completion_reopens_the_task(client, users, board, today):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    client.post(f"{BASE}/reviews/completions/{board.co_completion.pk}/", {
        "decision": "return", "note": "Thiếu biên bản nghiệm thu",
    })  # fmt: skip
    board.co_completion.refresh_from_db()
    assert (board.co_completion.review, board.co_completion.review_note) == (
        Review.RETURNED,
        "Thiếu biên bản nghiệm thu",
    )
    assert task_states([board.co_task], TODAY)[board.co_task.pk].status == "at_risk"


def test_accepting_an_extension_moves_the_deadline(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    response = client.post(f"{BASE}/reviews/extensions/{board.co_extension.pk}/", {
        "decision": "accept", "note": "Đồng ý",
    })  # fmt: skip
    assert response.status_code == 302
    board.co_task.refresh_from_db()
    board.co_extension.refresh_from_db()
    assert board.co_task.deadline == dt.date(2027, 3, 31)
    assert (board.co_extension.status, board.co_extension.decision_note) == (
        Review.ACCEPTED,
        "Đồng ý",
    )


def test_returning_an_extension_needs_a_note(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    before = state_of(ExtensionRequest.objects.all(), Task.objects.all(), AuditEntry.objects.all())
    response = client.post(f"{BASE}/reviews/extensions/{board.co_extension.pk}/", {
        "decision": "return", "note": "",
    })  # fmt: skip
    assert response.context["failed_form"].errors == {
        "note": ["Say why, so the unit knows what to correct."]
    }
    assert (response.context["failed_kind"], response.context["failed_pk"]) == (
        "extension",
        board.co_extension.pk,
    )
    assert (
        state_of(ExtensionRequest.objects.all(), Task.objects.all(), AuditEntry.objects.all())
        == before
    )


def test_deciding_twice_is_refused(client, users, board):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.CENTER_STAFF])
    url = f"{BASE}/reviews/extensions/{board.co_extension.pk}/"
    client.post(url, {"decision": "accept"})
    before = state_of(ExtensionRequest.objects.all(), AuditEntry.objects.all())
    # when
    response = client.post(url, {"decision": "return", "note": "Không"}, follow=True)
    # then: the request has left the queue, so the refusal is said above it
    assert response.redirect_chain == [("/steering/reviews/", 302)]
    assert "This request has already been decided." in response.content.decode()
    assert state_of(ExtensionRequest.objects.all(), AuditEntry.objects.all()) == before


def test_a_decision_needs_a_known_answer(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    before = state_of(ProgressReport.objects.all(), AuditEntry.objects.all())
    url = f"{BASE}/reviews/completions/{board.co_completion.pk}/"
    assert client.post(url, {"decision": "maybe"}).status_code == 400
    assert client.post(url, {"note": "?"}).status_code == 400
    assert state_of(ProgressReport.objects.all(), AuditEntry.objects.all()) == before


# Directives --------------------------------------------------------------------------------------


def test_recording_a_directive_with_its_document(client, users):  # type: ignore[no-untyped-def]
    # given
    staff = users[Role.CENTER_STAFF]
    client.force_login(staff)
    # when
    response = client.post(f"{BASE}/directives/add/", {
        "number": "02-KH/BCĐ", "date": "2026-02-10", "issuing_body": "Ban Chỉ đạo tỉnh",
        "type": "plan", "summary": "Kế hoạch năm 2026",
        "attachment": SimpleUploadedFile("ke hoach.pdf", PDF),
    })  # fmt: skip
    # then
    directive = Directive.objects.get(number="02-KH/BCĐ")
    assert response["Location"] == f"/steering/directives/{directive.pk}/"
    assert (directive.date, directive.issuing_body, directive.type, directive.summary) == (
        dt.date(2026, 2, 10),
        "Ban Chỉ đạo tỉnh",
        "plan",
        "Kế hoạch năm 2026",
    )
    assert (
        AuditEntry.objects.filter(
            content_type__model="directive", object_id=str(directive.pk), action=AuditAction.CREATE
        ).count()
        == 1
    )
    client.force_login(users[Role.UNIT_REPORTER])
    download = client.get(f"{BASE}/directives/{directive.pk}/attachment/")
    assert b"".join(download.streaming_content) == PDF


def test_editing_a_directive_keeps_its_document(client, users, board):  # type: ignore[no-untyped-def]
    # given
    board.directive.attachment.save("cu.pdf", SimpleUploadedFile("cu.pdf", PDF))
    name = board.directive.attachment.name
    client.force_login(users[Role.CENTER_STAFF])
    # when
    form = client.get(f"{BASE}/directives/{board.directive.pk}/edit/")
    response = client.post(f"{BASE}/directives/{board.directive.pk}/edit/", {
        "number": "01-KH/BCĐ", "date": "2025-03-01", "issuing_body": "Ban Chỉ đạo tỉnh Lai Châu",
        "type": "plan", "summary": "Bổ sung",
    })  # fmt: skip
    # then
    assert form.context["form"].initial["number"] == "01-KH/BCĐ"
    assert "/media/" not in form.content.decode()  # the file is never offered by its address
    assert response.status_code == 302
    board.directive.refresh_from_db()
    assert (board.directive.summary, board.directive.attachment.name) == ("Bổ sung", name)


def test_a_directive_number_is_recorded_once_a_date(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    response = client.post(f"{BASE}/directives/add/", {
        "number": "01-KH/BCĐ", "date": "2025-03-01", "issuing_body": "Ban Chỉ đạo", "type": "plan",
    })  # fmt: skip
    assert response.context["form"].errors == {
        "number": ["A directive with this number and date is already recorded."]
    }
    assert Directive.objects.count() == 1


def test_a_directive_without_a_document_has_no_download(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    assert client.get(f"{BASE}/directives/{board.directive.pk}/attachment/").status_code == 404
    page = client.get(f"{BASE}/directives/{board.directive.pk}/").content.decode()
    assert 'data-testid="attachment"' not in page


def test_directive_page_shows_its_tasks_as_a_tree(client, users, board, own_unit):  # type: ignore[no-untyped-def]
    # given: a sub-task of the first task, and one below it
    child = _task(board, "Việc con", own_unit, parent=board.own_task)
    _task(board, "Việc cháu", own_unit, parent=child)
    client.force_login(users[Role.CENTER_STAFF])
    # when
    response = client.get(f"{BASE}/directives/{board.directive.pk}/")
    # then
    tree = [(row.task.title, depth) for row, depth in response.context["tree"]]
    assert tree == [
        ("Số hóa hồ sơ", 0), ("Việc con", 1), ("Việc cháu", 2), ("Triển khai IOC xã", 0),
        ("Phổ cập kỹ năng số", 0), ("Xóa điểm lõm sóng", 0),
    ]  # fmt: skip


def test_reporter_sees_the_directive_tasks_in_reach(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.UNIT_REPORTER])
    listing = client.get(f"{BASE}/directives/")
    detail = client.get(f"{BASE}/directives/{board.directive.pk}/")
    assert [row.task.title for row, _ in detail.context["tree"]] == [
        "Số hóa hồ sơ",
        "Triển khai IOC xã",
    ]
    assert [d.task_count for d in listing.context["table"].data] == [2]


# Tasks: the center's form ------------------------------------------------------------------------


def test_assigning_a_task(client, users, board, own_unit, other_unit):  # type: ignore[no-untyped-def]
    # given
    staff = users[Role.CENTER_STAFF]
    indicator = Indicator.objects.create(code="DX", name="Chuyển đổi số", numerator="1")
    client.force_login(staff)
    # when
    response = client.post(f"{BASE}/tasks/add/?directive={board.directive.pk}", {
        "directive": board.directive.pk, "parent": board.own_task.pk, "level": "unit",
        "title": "Số hóa hồ sơ đất đai", "lead_unit": own_unit.pk, "co_units": [other_unit.pk],
        "recurrence": "none", "deadline": "2026-10-31", "expected_product": "Cơ sở dữ liệu",
        "indicators": [indicator.pk], "programme": board.programme.pk,
    })  # fmt: skip
    # then
    task = Task.objects.get(title="Số hóa hồ sơ đất đai")
    assert response["Location"] == f"/steering/tasks/{task.pk}/"
    assert (task.parent, task.lead_unit, task.deadline, task.programme) == (
        board.own_task,
        own_unit,
        dt.date(2026, 10, 31),
        board.programme,
    )
    assert list(task.co_units.all()) == [other_unit]
    assert list(task.indicators.all()) == [indicator]
    assert (
        AuditEntry.objects.filter(
            content_type__model="task", object_id=str(task.pk), action=AuditAction.CREATE
        ).count()
        == 1
    )


def test_the_new_task_form_starts_under_its_parent(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.CENTER_STAFF])
    response = client.get(f"{BASE}/tasks/add/?parent={board.own_task.pk}")
    form = response.context["form"]
    assert form.initial == {
        "directive": board.directive,
        "parent": board.own_task,
        "level": TaskLevel.UNIT,
    }
    assert sorted(task.title for task in form.fields["parent"].queryset) == [
        "Phổ cập kỹ năng số",
        "Số hóa hồ sơ",
        "Triển khai IOC xã",
        "Xóa điểm lõm sóng",
    ]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"recurrence": "monthly", "deadline": ""}, {
            "first_due": ["A recurring task needs a first due date."],
        }),
        ({"deadline": ""}, {"deadline": ["Give a deadline or a recurrence."]}),
        ({"co_units": ["lead"]}, {"co_units": ["The lead unit cannot also co-operate."]}),
        ({"recurrence": "monthly", "deadline": "", "first_due": "2026-05-25",
          "last_due": "2026-01-25"}, {
            "last_due": ["The last due date cannot be before the first due date."],
        }),
    ],
)  # fmt: skip
def test_a_refused_task_says_why(client, users, board, own_unit, changes, errors):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.CENTER_STAFF])
    body = {
        "directive": board.directive.pk, "level": "unit", "title": "Đào tạo",
        "lead_unit": own_unit.pk, "recurrence": "none", "deadline": "2026-10-31",
        **changes,
    }  # fmt: skip
    if body.get("co_units") == ["lead"]:
        body["co_units"] = [own_unit.pk]
    before = state_of(Task.objects.all(), AuditEntry.objects.all())
    # when
    response = client.post(f"{BASE}/tasks/add/", body)
    # then
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert state_of(Task.objects.all(), AuditEntry.objects.all()) == before


def test_editing_a_task(client, users, board, other_unit):  # type: ignore[no-untyped-def]
    # given
    staff = users[Role.CENTER_STAFF]
    client.force_login(staff)
    url = f"{BASE}/tasks/{board.own_task.pk}/edit/"
    page = client.get(url)
    initial = page.context["form"].initial
    assert page.context["cancel_url"] == f"{BASE}/tasks/{board.own_task.pk}/"
    # when
    body = {
        "directive": board.directive.pk, "level": "unit", "title": "Số hóa hồ sơ (bổ sung)",
        "lead_unit": board.own_task.lead_unit_id, "co_units": [other_unit.pk],
        "recurrence": "monthly", "first_due": "2027-01-25", "last_due": "2027-06-25",
    }  # fmt: skip
    response = client.post(url, body)
    # then
    assert initial["deadline"] == dt.date(2026, 12, 31)
    assert response.status_code == 302
    task = Task.objects.get(pk=board.own_task.pk)
    assert (task.title, task.recurrence, task.deadline, task.first_due, task.last_due) == (
        "Số hóa hồ sơ (bổ sung)",
        "monthly",
        None,
        dt.date(2027, 1, 25),
        dt.date(2027, 6, 25),
    )
    assert list(task.co_units.all()) == [other_unit]
    entry = AuditEntry.objects.get(
        content_type__model="task", object_id=str(task.pk), action=AuditAction.UPDATE
    )
    assert entry.actor == staff


def test_cancelling_a_task_asks_first_then_keeps_it(client, users, board, today):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.CENTER_STAFF])
    url = f"{BASE}/tasks/{board.own_task.pk}/cancel/"
    # when
    asked = client.get(url)
    response = client.post(url)
    again = client.post(url, follow=True)
    # then
    assert 'data-testid="confirm-cancel"' in asked.content.decode()
    assert Task.objects.get(pk=board.own_task.pk).cancelled_on == TODAY
    assert response["Location"] == f"/steering/tasks/{board.own_task.pk}/"
    assert "This task is already cancelled." in again.content.decode()
    assert (
        AuditEntry.objects.filter(
            content_type__model="task", object_id=str(board.own_task.pk), action=AuditAction.UPDATE
        ).count()
        == 1
    )
    board_page = client.get(f"{BASE}/?status=cancelled")
    assert _rows(board_page) == [("cancelled", "Số hóa hồ sơ")]


# Home --------------------------------------------------------------------------------------------


def test_home_cards_count_overdue_and_at_risk_tasks(client, users, every_status):  # type: ignore[no-untyped-def]
    # given
    client.force_login(users[Role.UNIT_REPORTER])
    reporter = client.get("/").content.decode()
    client.force_login(users[Role.CENTER_STAFF])
    center = client.get("/").content.decode()
    # then
    for html, overdue, at_risk in ((reporter, 1, 1), (center, 1, 2)):
        assert f'<div class="value text-danger">{overdue}</div>' in html
        assert f'<div class="value text-warning-emphasis">{at_risk}</div>' in html
    assert 'data-testid="alert-waiting"' not in reporter
    assert 'data-testid="alert-waiting"' in center


def test_menu_and_tabs(client, users, board):  # type: ignore[no-untyped-def]
    client.force_login(users[Role.UNIT_REPORTER])
    html = client.get(f"{BASE}/").content.decode()
    assert '<a class="nav-link text-nowrap" href="/steering/">Tasks</a>' in html
    assert 'href="/steering/mine/">My tasks</a>' in html
    assert 'href="/steering/reviews/"' not in html
    client.force_login(users[Role.LEADER])
    html = client.get(f"{BASE}/").content.decode()
    assert 'href="/steering/mine/"' not in html
    assert 'href="/steering/reviews/"' not in html
