"""The tasks API: scoping (a reporter sees the tasks their unit leads or co-operates on), the
derived status and its filter, progress over the API, and the export for national systems."""

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.core.dates import local_date as province_date
from tinhso.core.roles import Role
from tinhso.steering.choices import Review
from tinhso.steering.models import ProgressReport, Task

BASE = "/api/v1/steering"
TODAY = dt.date(2026, 12, 28)  # a Monday; the board's deadlines are Thu 31/12/2026


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    def local_date(moment=None):  # type: ignore[no-untyped-def]
        return TODAY if moment is None else province_date(moment)

    monkeypatch.setattr("tinhso.steering.selectors.local_date", local_date)
    return TODAY


def _titles(response: Any) -> list[str]:
    return sorted(row["title"] for row in response.json()["results"])


def test_reporter_sees_tasks_led_or_shared_by_their_unit(board, users, api_client):  # type: ignore[no-untyped-def]
    # given
    api_client.force_login(users[Role.UNIT_REPORTER])
    # when
    response = api_client.get(f"{BASE}/tasks/")
    # then
    assert _titles(response) == ["Số hóa hồ sơ", "Triển khai IOC xã"]


def test_reporter_sees_records_of_tasks_in_reach_only(board, users, api_client):  # type: ignore[no-untyped-def]
    api_client.force_login(users[Role.UNIT_REPORTER])
    extensions = api_client.get(f"{BASE}/extensions/").json()["results"]
    reports = api_client.get(f"{BASE}/progressReports/").json()["results"]
    assert [row["id"] for row in extensions] == [board.co_extension.pk]
    assert [row["id"] for row in reports] == [board.co_completion.pk]


def test_leader_sees_every_task(board, users, api_client):  # type: ignore[no-untyped-def]
    api_client.force_login(users[Role.LEADER])
    response = api_client.get(f"{BASE}/tasks/")
    assert response.json()["count"] == 4


def test_tasks_carry_their_derived_status(board, users, api_client, today):  # type: ignore[no-untyped-def]
    # given: 3 working days to the deadline; own task 60 % done
    ProgressReport.objects.create(
        task=board.own_task, percent=60, reported_by=users[Role.UNIT_REPORTER],
        reported_at=dt.datetime(2026, 12, 20, 9, tzinfo=dt.UTC),
    )  # fmt: skip
    api_client.force_login(users[Role.CENTER_STAFF])
    # when
    rows = api_client.get(f"{BASE}/tasks/").json()["results"]
    # then
    assert {row["title"]: (row["status"], row["percent"], row["due"]) for row in rows} == {
        "Số hóa hồ sơ": ("in_progress", 60, "2026-12-31"),
        "Triển khai IOC xã": ("done_on_time", 100, "2026-12-31"),
        "Phổ cập kỹ năng số": ("at_risk", 0, "2026-12-31"),
        "Xóa điểm lõm sóng": ("done_on_time", 100, "2026-12-31"),
    }


def test_filter_by_derived_status_and_lead_unit(board, users, api_client, today, other_unit):  # type: ignore[no-untyped-def]
    api_client.force_login(users[Role.CENTER_STAFF])
    at_risk = api_client.get(f"{BASE}/tasks/?status=at_risk")
    done = api_client.get(f"{BASE}/tasks/?status=done_on_time&lead_unit={other_unit.code}")
    assert _titles(at_risk) == ["Phổ cập kỹ năng số", "Số hóa hồ sơ"]
    assert _titles(done) == ["Triển khai IOC xã", "Xóa điểm lõm sóng"]
    refused = api_client.get(f"{BASE}/tasks/?status=typed", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert refused.json()["code"] == "invalid"


def test_task_list_queries_are_bounded(board, users, api_client, django_assert_max_num_queries):  # type: ignore[no-untyped-def]
    # given: many more tasks than the board's four
    for number in range(20):
        Task.objects.create(
            directive=board.directive, level="unit", title=f"Việc {number}",
            lead_unit=board.own_task.lead_unit, deadline=dt.date(2026, 6, 30),
        )  # fmt: skip
    api_client.force_login(users[Role.LEADER])
    # when / then: session, user, count, page, 2 prefetches, reports, holidays
    with django_assert_max_num_queries(10):
        response = api_client.get(f"{BASE}/tasks/")
    assert response.json()["count"] == 24


def test_reporter_marks_done_with_product_over_the_api(board, users, api_client):  # type: ignore[no-untyped-def]
    # given
    api_client.force_login(users[Role.UNIT_REPORTER])
    product = SimpleUploadedFile("san-pham.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    # when
    response = api_client.post(
        f"{BASE}/tasks/{board.own_task.pk}/progress/",
        {"marks_done": "true", "narrative": "Hoàn thành", "product": product},
        format="multipart",
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["percent"], body["marks_done"], body["review"]) == (100, True, "pending")
    task = api_client.get(f"{BASE}/tasks/{board.own_task.pk}/").json()
    assert task["status"] == "done_on_time"


def test_progress_errors_use_the_error_shape(board, users, api_client):  # type: ignore[no-untyped-def]
    api_client.force_login(users[Role.UNIT_REPORTER])
    response = api_client.post(
        f"{BASE}/tasks/{board.own_task.pk}/progress/", {"marks_done": True}, format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "product": [{"code": "invalid", "message": "Attach the product to mark the task done."}]
    }


def test_export_documents_tasks_and_progress(board, users, api_client, today):  # type: ignore[no-untyped-def]
    # given
    api_client.force_login(users[Role.UNIT_REPORTER])
    # when
    document = api_client.get(f"{BASE}/tasks/export/").json()
    # then
    assert document["schema"] == "tinhso.steering.tasks/1"
    assert document["as_of"] == "2026-12-28"
    assert document["province"] == "12"
    co_task = next(task for task in document["tasks"] if task["id"] == board.co_task.pk)
    assert {key: co_task[key] for key in ("lead_unit", "co_units", "status", "done_on")} == {
        "lead_unit": "03390", "co_units": ["03388"], "status": "done_on_time",
        "done_on": co_task["progress"][0]["reported_at"][:10],
    }  # fmt: skip
    assert co_task["directive"] == {
        "number": "01-KH/BCĐ", "date": "2025-03-01",
        "issuing_body": "Ban Chỉ đạo tỉnh Lai Châu", "type": "plan",
    }  # fmt: skip
    assert [(p["percent"], p["marks_done"], p["review"]) for p in co_task["progress"]] == [
        (100, True, Review.PENDING)
    ]
    assert sorted(task["id"] for task in document["tasks"]) == [
        board.own_task.pk, board.co_task.pk
    ]  # fmt: skip
