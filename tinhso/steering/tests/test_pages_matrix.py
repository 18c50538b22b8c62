"""Every workflow page of the steering module by role × the reporter's own task / a task they
co-operate on / a task out of their reach, GET and POST. Columns: administrator, center staff,
leader, unit reporter, enterprise, anonymous (sent to sign in: 302). A refused request changes
nothing, audit trail included; an accepted write leaves an audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.core.tests.test_offline_and_csp import (
    EXTERNAL,
    INLINE_HANDLER,
    INLINE_SCRIPT,
    STYLE_ATTRIBUTE,
)
from tinhso.steering.models import Directive, ExtensionRequest, ProgressReport, Task
from tinhso.steering.tests.conftest import Board

PDF = b"%PDF-1.4\n%%EOF\n"

READ = (200, 200, 200, 200, 403, 302)
READ_OWN_ONLY = (200, 200, 200, 404, 403, 302)
CENTER_OPENS = (200, 200, 403, 403, 403, 302)
REPORTER_OPENS = (200, 200, 403, 200, 403, 302)
REPORTER_OPENS_OWN = (200, 200, 403, 404, 403, 302)
CENTER_WRITES = (302, 302, 403, 403, 403, 302)
REPORTER_WRITES = (302, 302, 403, 302, 403, 302)
REPORTER_WRITES_OWN = (302, 302, 403, 404, 403, 302)

PAGES = {
    ("board", "-"): READ,
    ("my_tasks", "-"): REPORTER_OPENS,
    ("directive_list", "-"): READ,
    ("directive_detail", "-"): READ,
    ("directive_attachment", "-"): READ,
    ("directive_create", "-"): CENTER_OPENS,
    ("directive_edit", "-"): CENTER_OPENS,
    ("task_detail", "own"): READ,
    ("task_detail", "co"): READ,
    ("task_detail", "other"): READ_OWN_ONLY,
    ("task_create", "-"): CENTER_OPENS,
    ("task_edit", "own"): CENTER_OPENS,
    ("task_cancel", "own"): CENTER_OPENS,
    ("task_progress", "own"): REPORTER_OPENS,
    ("task_progress", "other"): REPORTER_OPENS_OWN,
    ("task_done", "own"): REPORTER_OPENS,
    ("task_done", "other"): REPORTER_OPENS_OWN,
    ("task_extension", "own"): REPORTER_OPENS,
    ("task_extension", "other"): REPORTER_OPENS_OWN,
    ("progress_evidence", "co"): READ,
    ("progress_evidence", "other"): READ_OWN_ONLY,
    ("progress_product", "co"): READ,
    ("progress_product", "other"): READ_OWN_ONLY,
    ("reviews", "-"): CENTER_OPENS,
}

WRITES = {
    ("directive_create", "-"): CENTER_WRITES,
    ("directive_edit", "-"): CENTER_WRITES,
    ("task_create", "-"): CENTER_WRITES,
    ("task_edit", "own"): CENTER_WRITES,
    ("task_cancel", "own"): CENTER_WRITES,
    ("task_progress", "own"): REPORTER_WRITES,
    ("task_progress", "other"): REPORTER_WRITES_OWN,
    ("task_done", "own"): REPORTER_WRITES,
    ("task_done", "other"): REPORTER_WRITES_OWN,
    ("task_extension", "own"): REPORTER_WRITES,
    ("task_extension", "other"): REPORTER_WRITES_OWN,
    ("decide_completion", "co"): CENTER_WRITES,
    ("decide_completion", "other"): CENTER_WRITES,
    ("decide_extension", "co"): CENTER_WRITES,
    ("decide_extension", "other"): CENTER_WRITES,
    # GET-only pages refuse a POST without writing
    ("board", "-"): (405, 405, 405, 405, 403, 302),
    ("directive_attachment", "-"): (405, 405, 405, 405, 403, 302),
    ("progress_product", "co"): (405, 405, 405, 405, 403, 302),
    ("reviews", "-"): (405, 405, 403, 403, 403, 302),
}


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def files(board: Board) -> Board:
    """The directive's document, and evidence and product on both waiting completions."""
    board.directive.attachment.save("ke-hoach.pdf", ContentFile(PDF))
    for report in (board.co_completion, board.other_completion):
        report.evidence.save("anh.pdf", ContentFile(PDF), save=False)
        report.product.save("bao-cao.pdf", ContentFile(PDF))
    return board


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(
        Directive.objects.all(), Task.objects.all(), Task.co_units.through.objects.all(),
        Task.indicators.through.objects.all(), ProgressReport.objects.all(),
        ExtensionRequest.objects.all(), AuditEntry.objects.all(),
    )  # fmt: skip


def _url(board: Board, page: str, target: str) -> str:
    task = {"own": board.own_task, "co": board.co_task, "other": board.other_task}.get(
        target, board.own_task
    )
    completion = board.co_completion if target == "co" else board.other_completion
    extension = board.co_extension if target == "co" else board.other_extension
    base = "/steering"
    return {
        "board": f"{base}/",
        "my_tasks": f"{base}/mine/",
        "directive_list": f"{base}/directives/",
        "directive_detail": f"{base}/directives/{board.directive.pk}/",
        "directive_attachment": f"{base}/directives/{board.directive.pk}/attachment/",
        "directive_create": f"{base}/directives/add/",
        "directive_edit": f"{base}/directives/{board.directive.pk}/edit/",
        "task_detail": f"{base}/tasks/{task.pk}/",
        "task_create": f"{base}/tasks/add/",
        "task_edit": f"{base}/tasks/{task.pk}/edit/",
        "task_cancel": f"{base}/tasks/{task.pk}/cancel/",
        "task_progress": f"{base}/tasks/{task.pk}/progress/",
        "task_done": f"{base}/tasks/{task.pk}/done/",
        "task_extension": f"{base}/tasks/{task.pk}/extension/",
        "progress_evidence": f"{base}/progress/{completion.pk}/evidence/",
        "progress_product": f"{base}/progress/{completion.pk}/product/",
        "reviews": f"{base}/reviews/",
        "decide_completion": f"{base}/reviews/completions/{completion.pk}/",
        "decide_extension": f"{base}/reviews/extensions/{extension.pk}/",
    }[page]


def _body(board: Board, page: str) -> dict[str, Any]:
    unit = board.own_task.lead_unit
    return {
        "directive_create": {
            "number": "02-KH/BCĐ", "date": "2025-05-01", "issuing_body": "UBND tỉnh",
            "type": "plan", "summary": "",
        },
        "directive_edit": {
            "number": "01-KH/BCĐ", "date": "2025-03-01", "issuing_body": "Ban Chỉ đạo",
            "type": "plan", "summary": "Bổ sung",
        },
        "task_create": {
            "directive": board.directive.pk, "level": "unit", "title": "Đào tạo",
            "lead_unit": unit.pk, "recurrence": "none", "deadline": "2026-10-31",
        },
        "task_edit": {
            "directive": board.directive.pk, "level": "unit", "title": "Số hóa hồ sơ",
            "lead_unit": unit.pk, "recurrence": "none", "deadline": "2027-01-29",
        },
        "task_progress": {"percent": 40, "narrative": "Đã khảo sát"},
        "task_done": {"product": SimpleUploadedFile("san-pham.pdf", PDF), "narrative": "Xong"},
        "task_extension": {"requested_deadline": "2027-06-30", "reason": "Chờ phân bổ vốn"},
        "decide_completion": {"decision": "accept", "note": ""},
        "decide_extension": {"decision": "accept", "note": ""},
    }.get(page, {})  # fmt: skip


def _assert_strict_page(html: str) -> None:
    assert INLINE_SCRIPT.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []
    assert EXTERNAL.findall(html) == []


def _assert_sent_to_sign_in(response: Any) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_pages_matrix(case, users, client, files):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    before = _everything()
    # when
    response = client.get(_url(files, case.action, case.target))
    # then
    assert response.status_code == case.status
    assert _everything() == before
    if case.role is None:
        _assert_sent_to_sign_in(response)
    elif case.status == 200 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        _assert_strict_page(html)
        assert 'data-testid="steering-tabs"' in html


@pytest.mark.parametrize("case", expand(WRITES), ids=str)
def test_writes_matrix(case, users, client, files):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    before = _everything()
    audited = AuditEntry.objects.count()
    # when
    response = client.post(_url(files, case.action, case.target), _body(files, case.action))
    # then
    assert response.status_code == case.status
    if case.role is None:
        _assert_sent_to_sign_in(response)
    if case.denied or case.status == 405:
        assert _everything() == before
    else:
        assert "/accounts/login/" not in response["Location"]
        assert AuditEntry.objects.count() > audited


def test_downloads_carry_the_file(users, client, files):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, Role.UNIT_REPORTER)
    # when
    product = client.get(_url(files, "progress_product", "co"))
    document = client.get(_url(files, "directive_attachment", "-"))
    # then
    assert b"".join(product.streaming_content) == PDF
    assert product["Content-Disposition"].startswith('attachment; filename="bao-cao')
    assert b"".join(document.streaming_content) == PDF
    assert document["Content-Disposition"].startswith('attachment; filename="ke-hoach')
