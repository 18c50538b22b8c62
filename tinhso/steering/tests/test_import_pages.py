"""The task import pages: check first (nothing written), then import; problems by row and
column; big files in the background; the template download; and who may do any of it.
Matrix columns: administrator, center staff, leader, unit reporter, enterprise, anonymous."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tinhso.core.models import TaskProgress
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in
from tinhso.steering.import_workbook import SHEET
from tinhso.steering.models import Task
from tinhso.steering.tests.conftest import Board
from tinhso.steering.tests.import_sheets import sheet, task_row, written
from tinhso.steering.views import imports as import_views

URL = "/steering/tasks/import/"
TEMPLATE_URL = "/steering/tasks/import/template/"
CENTER_OPENS = (200, 200, 403, 403, 403, 302)
CENTER_IMPORTS = (302, 302, 403, 403, 403, 302)
MATRIX = {
    ("open", "-"): CENTER_OPENS,
    ("template", "-"): CENTER_OPENS,
    ("check", "-"): CENTER_OPENS,
    ("import", "-"): CENTER_IMPORTS,
}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
GOOD = (task_row(key="1"), task_row(key="2", title="Con", level="unit", parent="1"))


def _upload(data: bytes, name: str = "nhiem-vu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _english(client: Any, users: dict[Role, Any], role: Role | None) -> None:
    sign_in(client, users, role)
    client.cookies["tinhso_language"] = "en"


def _uploads() -> list[str]:
    folder = import_views.UPLOADS
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def _cells(html: str, testid: str) -> list[list[str]]:
    """The body cells of the table marked ``testid``, tags stripped."""
    table = html.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


@pytest.mark.parametrize("case", expand(MATRIX), ids=str)
def test_import_pages_matrix(case, users, client, board: Board):  # type: ignore[no-untyped-def]
    # given
    _english(client, users, case.role)
    data = sheet(*GOOD)
    if case.action == "import" and case.status == 302 and case.role is not None:
        assert client.post(URL, {"file": _upload(data)}).status_code == 200  # checked first
    before = written()
    # when
    if case.action == "open":
        response = client.get(URL)
    elif case.action == "template":
        response = client.get(TEMPLATE_URL)
    elif case.action == "check":
        response = client.post(URL, {"file": _upload(data)})
    else:
        response = client.post(URL, {"confirm": "1"})
    # then
    assert response.status_code == case.status
    if case.role is None:
        assert response["Location"].startswith("/accounts/login/")
    if case.action == "import" and not case.denied:
        assert response["Location"] == URL
        assert len(written()[0]) == len(before[0]) + 2
    else:
        assert written() == before
    if case.status == 200 and response["Content-Type"].startswith("text/html"):
        html = response.content.decode()
        assert INLINE_SCRIPT.findall(html) == STYLE_ATTRIBUTE.findall(html) == []
        assert 'data-testid="steering-tabs"' in html and f'href="{URL}"' in html


def test_a_check_lists_what_would_happen_then_the_import_writes_it(users, client, board: Board):
    # given
    _english(client, users, Role.CENTER_STAFF)
    before = written()
    # when: checked
    known = task_row(title="Số hóa hồ sơ", level="unit", deadline="31/12/2026")  # the board's
    checked = client.post(URL, {"file": _upload(sheet(*GOOD, known))})
    # then
    html = checked.content.decode()
    assert 'data-ok="true" data-dry-run="true"' in html
    assert _cells(html, "results") == [
        ["3", "Create", "Số hóa hồ sơ đất đai", "03388", ""],
        ["4", "Create", "Con", "03388", ""],
        ["5", "Unchanged", "Số hóa hồ sơ", "03388", ""],
    ]
    assert f'href="/steering/tasks/{board.own_task.pk}/">Số hóa hồ sơ</a>' in html
    assert 'name="confirm"' in html
    assert written() == before
    assert len(_uploads()) == 1
    # when: imported
    imported = client.post(URL, {"confirm": "1"}, follow=True)
    # then
    assert imported.redirect_chain == [(URL, 302)]
    assert "Imported: 2 created, 1 unchanged." in imported.content.decode()
    assert Task.objects.get(title="Con").parent == Task.objects.get(title="Số hóa hồ sơ đất đai")
    assert _uploads() == []


def test_a_file_with_problems_lists_them_by_row_and_column_and_writes_nothing(
    users, client, board: Board
):  # type: ignore[no-untyped-def]
    # given
    _english(client, users, Role.ADMINISTRATOR)
    bad = sheet(*GOOD, task_row(title="X", lead_unit="99999", deadline="31/02/2026"))
    before = written()
    # when
    response = client.post(URL, {"file": _upload(bad)})
    # then
    html = response.content.decode()
    assert 'data-ok="false"' in html
    assert _cells(html, "errors") == [
        ["5", "F (Lead unit code)", "No org unit has the code “99999”."],
        ["5", "H (Deadline)", "“31/02/2026” is not a real date."],
    ]
    assert 'title="Row 5, column F (Lead unit code): No org unit has the code “99999”."' in html
    assert 'name="confirm"' not in html
    assert written() == before
    assert _uploads() == []


def test_the_page_shows_vietnamese_first(users, client, board: Board):  # type: ignore[no-untyped-def]
    sign_in(client, users, Role.CENTER_STAFF)
    response = client.get(URL)
    assert response.headers["Content-Language"] == "vi"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "nhiem-vu.csv",
            b"a,b\n",
            "Upload an Excel workbook (.xlsx); save an .xls file as .xlsx first.",
        ),
        ("nhiem-vu.xlsx", b"", "The submitted file is empty."),
    ],
)
def test_a_wrong_upload_is_refused_on_the_form(users, client, board, name, data, message):  # type: ignore[no-untyped-def]
    _english(client, users, Role.CENTER_STAFF)
    before = written()
    response = client.post(URL, {"file": _upload(data, name)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert written() == before
    assert _uploads() == []


def test_a_broken_workbook_is_reported_as_such(users, client, board: Board):  # type: ignore[no-untyped-def]
    _english(client, users, Role.CENTER_STAFF)
    response = client.post(URL, {"file": _upload(b"PK\x03\x04 not really")})
    assert _cells(response.content.decode(), "errors") == [
        ["", "", "The file is not an Excel workbook (.xlsx)."]
    ]


def test_importing_without_a_checked_file_asks_for_it_again(users, client, board: Board):  # type: ignore[no-untyped-def]
    _english(client, users, Role.CENTER_STAFF)
    before = written()
    response = client.post(URL, {"confirm": "1"}, follow=True)
    assert "Upload the file again: the checked file is no longer here." in response.content.decode()
    assert written() == before


def test_a_big_file_is_checked_and_imported_in_the_background(
    users, client, board: Board, monkeypatch, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    # given
    monkeypatch.setattr(import_views, "BACKGROUND_ROWS", 1)
    staff = users[Role.CENTER_STAFF]
    _english(client, users, Role.CENTER_STAFF)
    before = written()
    # when: checked
    with django_capture_on_commit_callbacks(execute=True):
        checked = client.post(URL, {"file": _upload(sheet(*GOOD))})
    # then
    check = TaskProgress.objects.get(owner=staff)
    assert checked["Location"] == f"/tasks/{check.pk}/"
    assert (check.status, check.message) == ("succeeded", "Checked: 2 to create, 0 unchanged.")
    assert check.result_url == f"/steering/tasks/import/result/{check.pk}/"
    assert written() == before
    result = client.get(check.result_url).content.decode()
    assert 'data-ok="true" data-dry-run="true"' in result and 'name="confirm"' in result
    # when: imported
    with django_capture_on_commit_callbacks(execute=True):
        imported = client.post(URL, {"confirm": "1"})
    # then
    run = TaskProgress.objects.exclude(pk=check.pk).get(owner=staff)
    assert imported["Location"] == f"/tasks/{run.pk}/"
    assert (run.status, run.message) == ("succeeded", "Imported: 2 created, 0 unchanged.")
    assert Task.objects.filter(title__in=["Con", "Số hóa hồ sơ đất đai"]).count() == 2
    assert _uploads() == []
    done = client.get(run.result_url).content.decode()
    assert 'data-dry-run="false"' in done and 'name="confirm"' not in done


def test_a_result_page_is_only_its_owners(
    users, client, board: Board, monkeypatch, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    # given
    monkeypatch.setattr(import_views, "BACKGROUND_ROWS", 0)
    _english(client, users, Role.CENTER_STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"file": _upload(sheet(*GOOD))})
    progress = TaskProgress.objects.get()
    # when / then
    _english(client, users, Role.ADMINISTRATOR)
    assert client.get(progress.result_url).status_code == 404
    _english(client, users, Role.LEADER)
    assert client.get(progress.result_url).status_code == 403


def test_the_template_downloads_as_a_workbook(users, client, board: Board):  # type: ignore[no-untyped-def]
    _english(client, users, Role.CENTER_STAFF)
    response = client.get(TEMPLATE_URL)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert re.fullmatch(
        r'attachment; filename="tinhso-nhiem-vu-\d{8}\.xlsx"', response["Content-Disposition"]
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == [SHEET, "Instructions"]


def test_a_file_already_imported_has_nothing_to_import(users, client, board: Board):  # type: ignore[no-untyped-def]
    # given
    _english(client, users, Role.CENTER_STAFF)
    data = sheet(*GOOD)
    client.post(URL, {"file": _upload(data)})
    client.post(URL, {"confirm": "1"})
    # when
    html = client.post(URL, {"file": _upload(data)}).content.decode()
    # then
    assert [row[:2] for row in _cells(html, "results")] == [["3", "Unchanged"], ["4", "Unchanged"]]
    assert 'data-testid="nothing-to-import"' in html and 'name="confirm"' not in html
