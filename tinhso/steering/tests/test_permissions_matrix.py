"""Every steering endpoint by role × own unit / other unit × action. Columns: administrator,
center staff, leader, unit reporter, enterprise, anonymous. "own" is an object of Phường Đoàn
Kết (the reporter's unit, as lead or co-operating unit for tasks), "other" one of Xã Bình Lư.
A refused request changes nothing, audit trail included."""

from typing import Any

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.orgunits.models import OrgUnit
from tinhso.steering.models import (
    Allocation,
    Directive,
    Disbursement,
    ExtensionRequest,
    Holiday,
    Programme,
    ProgressReport,
    SteeringCommittee,
    Task,
)
from tinhso.steering.tests.conftest import Board

READ = (200, 200, 200, 200, 403, 401)
READ_OWN_ONLY = (200, 200, 200, 404, 403, 401)
CENTER_CREATES = (201, 201, 403, 403, 403, 401)
CENTER_CHANGES = (200, 200, 403, 403, 403, 401)
UNIT_REPORTS = (201, 201, 403, 201, 403, 401)
UNIT_REPORTS_OWN = (201, 201, 403, 404, 403, 401)

API = {
    ("directives.list", "-"): READ,
    ("directives.retrieve", "-"): READ,
    ("directives.create", "-"): CENTER_CREATES,
    ("directives.update", "-"): CENTER_CHANGES,
    ("tasks.list", "-"): READ,
    ("tasks.export", "-"): READ,
    ("tasks.retrieve", "own"): READ,
    ("tasks.retrieve", "co"): READ,
    ("tasks.retrieve", "other"): READ_OWN_ONLY,
    ("tasks.create", "-"): CENTER_CREATES,
    ("tasks.update", "own"): CENTER_CHANGES,
    ("tasks.cancel", "own"): CENTER_CHANGES,
    ("tasks.progress", "own"): UNIT_REPORTS,
    ("tasks.progress", "other"): UNIT_REPORTS_OWN,
    ("tasks.extensions", "own"): UNIT_REPORTS,
    ("tasks.extensions", "other"): UNIT_REPORTS_OWN,
    ("progressReports.list", "-"): READ,
    ("progressReports.retrieve", "own"): READ,
    ("progressReports.retrieve", "other"): READ_OWN_ONLY,
    ("progressReports.decide", "own"): CENTER_CHANGES,
    ("progressReports.decide", "other"): CENTER_CHANGES,
    ("extensions.list", "-"): READ,
    ("extensions.retrieve", "own"): READ,
    ("extensions.retrieve", "other"): READ_OWN_ONLY,
    ("extensions.decide", "own"): CENTER_CHANGES,
    ("extensions.decide", "other"): CENTER_CHANGES,
    ("programmes.list", "-"): READ,
    ("programmes.create", "-"): CENTER_CREATES,
    ("programmes.update", "-"): CENTER_CHANGES,
    ("allocations.list", "-"): READ,
    ("allocations.retrieve", "own"): READ,
    ("allocations.retrieve", "other"): READ_OWN_ONLY,
    ("allocations.create", "-"): CENTER_CREATES,
    ("allocations.update", "own"): CENTER_CHANGES,
    ("disbursements.list", "-"): READ,
    ("disbursements.create", "own"): CENTER_CREATES,
    ("steeringCommittees.list", "-"): READ,
    ("steeringCommittees.retrieve", "own"): READ,
    ("steeringCommittees.retrieve", "other"): READ_OWN_ONLY,
    ("steeringCommittees.create", "-"): CENTER_CREATES,
    ("steeringCommittees.update", "own"): CENTER_CHANGES,
    ("holidays.list", "-"): READ,
    ("holidays.create", "-"): CENTER_CREATES,
    ("holidays.update", "-"): CENTER_CHANGES,
    ("holidays.delete", "-"): (204, 204, 403, 403, 403, 401),
}

BASE = "/api/v1/steering"


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(
        Directive.objects.all(), Task.objects.all(), Task.co_units.through.objects.all(),
        ProgressReport.objects.all(), ExtensionRequest.objects.all(), Programme.objects.all(),
        Allocation.objects.all(), Disbursement.objects.all(), SteeringCommittee.objects.all(),
        Holiday.objects.all(), AuditEntry.objects.all(),
    )  # fmt: skip


def _objects(board: Board, target: str) -> dict[str, Any]:
    """The object each endpoint acts on for a target."""
    own = target in {"own", "-"}
    return {
        "tasks": {"own": board.own_task, "co": board.co_task, "other": board.other_task}.get(
            target, board.own_task
        ),
        "progressReports": board.co_completion if own else board.other_completion,
        "extensions": board.co_extension if own else board.other_extension,
        "allocations": board.own_allocation if own else board.other_allocation,
        "steeringCommittees": board.own_committee if own else board.other_committee,
        "directives": board.directive,
        "programmes": board.programme,
        "holidays": board.holiday,
    }


def _request(client: Any, board: Board, endpoint: str, action: str, target: str) -> Any:
    obj = _objects(board, target).get(endpoint)
    url = f"{BASE}/{endpoint}/"
    detail = f"{url}{obj.pk}/" if obj is not None else None
    if action == "list":
        return client.get(url)
    if action == "retrieve":
        return client.get(detail)
    if action == "export":
        return client.get(f"{url}export/")
    if action == "delete":
        return client.delete(detail)
    if action == "create":
        return client.post(url, _create_body(board, endpoint), format="json")
    if action == "update":
        return client.patch(detail, _update_body(endpoint), format="json")
    if action == "cancel":
        return client.post(f"{detail}cancel/")
    if action == "progress":
        return client.post(f"{detail}progress/", {"percent": 40, "narrative": "Đã khảo sát"})
    if action == "extensions":
        body = {"requested_deadline": "2027-06-30", "reason": "Chờ phân bổ vốn"}
        return client.post(f"{detail}extensions/", body, format="json")
    if action == "decide":
        return client.post(f"{detail}decide/", {"accept": True}, format="json")
    raise AssertionError(action)


def _create_body(board: Board, endpoint: str) -> dict[str, Any]:
    unit = board.own_task.lead_unit
    free_unit = OrgUnit.objects.get(code="03394")
    bodies: dict[str, dict[str, Any]] = {
        "directives": {
            "number": "02-KH/BCĐ", "date": "2025-05-01", "issuing_body": "UBND tỉnh",
            "type": "plan",
        },
        "tasks": {
            "directive": board.directive.pk, "level": "unit", "title": "Đào tạo",
            "lead_unit": unit.code, "deadline": "2026-10-31",
        },
        "programmes": {"name": "KH&CN 2025", "first_year": 2025, "last_year": 2025},
        "allocations": {
            "programme": board.programme.pk, "year": 2026, "project": "IOC giai đoạn 2",
            "amount": "5000000000",
        },
        "disbursements": {
            "allocation": board.own_allocation.pk, "date": "2025-08-01",
            "document_number": "UNC-09", "amount": "1000000",
        },
        "steeringCommittees": {
            "org_unit": free_unit.code, "decision_number": "12/QĐ-UBND",
            "decision_date": "2025-07-20", "head": "Chủ tịch UBND xã",
        },
        "holidays": {"date": "2026-04-27", "name": "Giỗ Tổ Hùng Vương"},
    }  # fmt: skip
    return bodies[endpoint]


def _update_body(endpoint: str) -> dict[str, Any]:
    return {
        "directives": {"summary": "Bổ sung"},
        "tasks": {"deadline": "2026-11-30"},
        "programmes": {"name": "Chuyển đổi số 2025–2026"},
        "allocations": {"amount": "1200000000"},
        "steeringCommittees": {"head": "Bí thư Đảng ủy"},
        "holidays": {"name": "Quốc khánh 2/9"},
    }[endpoint]


@pytest.mark.parametrize("case", expand(API), ids=str)
def test_steering_api_matrix(case, users, api_client, board):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    endpoint, action = case.action.split(".")
    before = _everything()
    # when
    response = _request(api_client, board, endpoint, action, case.target)
    # then
    assert response.status_code == case.status, response.content
    if case.denied:
        assert _everything() == before
    else:
        assert response.status_code < 300


def test_denied_answers_use_the_error_shape(users, api_client, board):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, Role.LEADER)
    # when
    response = api_client.post(
        f"{BASE}/holidays/", {"date": "2026-04-27", "name": "x"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    # then
    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "You do not have permission to perform this action.",
        "errors": {},
    }
