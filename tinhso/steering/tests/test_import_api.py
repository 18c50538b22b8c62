"""POST /api/v1/steering/tasks/import: a multipart ``file``, ``dryRun``; the summary, or 400 in
the project's error shape with every problem by row and column; center only.
Matrix columns: administrator, center staff, leader, unit reporter, enterprise, anonymous."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator

from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in
from tinhso.steering.models import Task
from tinhso.steering.tests.conftest import Board
from tinhso.steering.tests.import_sheets import sheet, task_row, written

URL = "/api/v1/steering/tasks/import"
GOOD = (task_row(key="1"), task_row(key="2", title="Con", level="unit", parent="1"))
MATRIX = {
    ("check", "-"): (200, 200, 403, 403, 403, 401),
    ("import", "-"): (200, 200, 403, 403, 403, 401),
}


def _post(client: Any, data: bytes, dry_run: bool | None = None, **headers: Any) -> Any:
    query = "" if dry_run is None else f"?dryRun={str(dry_run).lower()}"
    upload = SimpleUploadedFile("nhiem-vu.xlsx", data)
    return client.post(f"{URL}{query}", {"file": upload}, format="multipart", **headers)


@pytest.mark.parametrize("case", expand(MATRIX), ids=str)
def test_import_api_matrix(case, users, api_client, board: Board):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    before = written()
    # when
    response = _post(api_client, sheet(*GOOD), dry_run=case.action == "check")
    # then
    assert response.status_code == case.status, response.content
    if case.action == "import" and not case.denied:
        assert len(written()[0]) == len(before[0]) + 2
    else:
        assert written() == before
    if case.denied:
        assert set(response.json()) == {"code", "message", "errors"}


def test_a_dry_run_answers_the_summary_and_writes_nothing(users, api_client, board: Board):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    before = written()
    # when
    response = _post(api_client, sheet(*GOOD), dry_run=True)
    # then
    assert response.status_code == 200
    assert response.json() == {
        "dry_run": True, "created": 2, "unchanged": 0, "errors": {},
        "tasks": [
            {"row": 3, "action": "create", "task": None, "title": "Số hóa hồ sơ đất đai",
             "lead_unit": "03388", "note": ""},
            {"row": 4, "action": "create", "task": None, "title": "Con", "lead_unit": "03388",
             "note": ""},
        ],
    }  # fmt: skip
    assert written() == before


def test_an_import_creates_the_tasks_and_the_same_file_again_creates_nothing(
    users, api_client, board: Board
):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, Role.ADMINISTRATOR)
    data = sheet(*GOOD)
    # when
    first = _post(api_client, data)
    second = _post(api_client, data, dry_run=False)
    # then
    parent, child = Task.objects.get(title="Số hóa hồ sơ đất đai"), Task.objects.get(title="Con")
    assert child.parent == parent
    assert [(t["action"], t["task"]) for t in first.json()["tasks"]] == [
        ("create", parent.pk), ("create", child.pk),
    ]  # fmt: skip
    body = second.json()
    assert (second.status_code, body["created"], body["unchanged"]) == (200, 0, 2)
    assert [(t["action"], t["task"]) for t in body["tasks"]] == [
        ("unchanged", parent.pk), ("unchanged", child.pk),
    ]  # fmt: skip


def test_problems_answer_400_in_the_error_shape_and_write_nothing(users, api_client, board: Board):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, Role.CENTER_STAFF)
    bad = sheet(*GOOD, task_row(title="X", lead_unit="99999"))
    before = written()
    # when
    response = _post(api_client, bad, HTTP_ACCEPT_LANGUAGE="en")
    # then
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "The file was not imported; nothing was written.",
        "errors": {"file": [{
            "code": "invalid", "row": 5, "field": "lead_unit", "column": "F",
            "message": "Row 5, column F (Lead unit code): No org unit has the code “99999”.",
        }]},
        "dry_run": False, "created": 0, "unchanged": 0,
    }  # fmt: skip
    assert written() == before


def test_messages_follow_accept_language(users, api_client, board: Board):  # type: ignore[no-untyped-def]
    sign_in(api_client, users, Role.CENTER_STAFF)
    response = _post(api_client, b"not a workbook", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.json()["errors"]["file"][0]["message"] == (
        "Tệp không phải bảng tính Excel (.xlsx)."
    )


def test_no_file_is_a_400_in_the_error_shape(users, api_client, board: Board):  # type: ignore[no-untyped-def]
    sign_in(api_client, users, Role.CENTER_STAFF)
    response = api_client.post(URL, {}, format="multipart", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid", "message": "Invalid input.",
        "errors": {"file": [{"code": "required", "message": "No file was submitted."}]},
    }  # fmt: skip


def test_the_schema_documents_the_upload_the_flag_and_both_answers() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/steering/tasks/import"]["post"]
    assert operation["operationId"] == "steering_tasks_import"
    assert [p["name"] for p in operation["parameters"]] == ["dryRun"]
    assert list(operation["requestBody"]["content"]) == ["multipart/form-data"]
    assert set(operation["responses"]) >= {"200", "400"}
    summary = schema["components"]["schemas"]["TaskImportSummary"]
    assert set(summary["properties"]) == {"dry_run", "created", "unchanged", "tasks", "errors"}
