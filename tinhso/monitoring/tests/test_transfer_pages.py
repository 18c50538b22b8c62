"""The import, export and template pages: check first, then import; big files in the background;
downloads in three formats; every user within their reach."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from tinhso.accounts.tests.factories import UserFactory
from tinhso.audit.models import AuditEntry
from tinhso.core import uploads
from tinhso.core.models import TaskProgress
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring import excel
from tinhso.monitoring.models import DataImport, DataValue
from tinhso.monitoring.services import import_file
from tinhso.monitoring.tests.test_excel import _fill, _template
from tinhso.monitoring.views import transfer

DOCUMENT = {
    "period": "202601",
    "orgUnit": "03388",
    "dataValues": [
        {"dataElement": "STARTUPS", "value": "3"},
        {"dataElement": "TRAINEES", "categoryOptionCombo": "FEMALE", "value": "40"},
        {"dataElement": "TRAINEES", "categoryOptionCombo": "MALE", "value": "35"},
    ],
}


@pytest.fixture(autouse=True)
def no_uploads_left_from_other_tests() -> None:
    """The in-memory storage lives as long as the test process."""
    for name in _stored_files():
        default_storage.delete(f"imports/{name}")


def _upload(document=DOCUMENT, name="values.json"):  # type: ignore[no-untyped-def]
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return SimpleUploadedFile(name, body)


def _sign_in(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    client.cookies["tinhso_language"] = "en"


def _state():  # type: ignore[no-untyped-def]
    return (
        list(DataValue.objects.values().order_by("pk")),
        DataImport.objects.count(),
        AuditEntry.objects.filter(content_type__model="dataimport").count(),
    )


def _stored_files() -> list[str]:
    return default_storage.listdir("imports")[1] if default_storage.exists("imports") else []


def _count(html: str, name: str) -> str:
    return re.search(rf'data-testid="{name}">([^<]*)<', html).group(1)  # type: ignore[union-attr]


def test_a_check_shows_the_summary_and_writes_nothing_then_import_writes(client, users, catalogue):
    # given
    _sign_in(client, users[Role.UNIT_REPORTER])
    before = _state()
    # when: the file is checked
    checked = client.post("/monitoring/import/", {"file": _upload()})
    # then
    html = checked.text
    assert 'data-ok="true" data-dry-run="true"' in html
    assert [_count(html, n) for n in ("imported", "updated", "ignored")] == ["3", "0", "0"]
    assert 'name="confirm"' in html
    assert _state() == before
    # when: it is imported
    imported = client.post("/monitoring/import/", {"confirm": "1"})
    # then
    log = DataImport.objects.get()
    assert imported.url == f"/monitoring/import/{log.pk}/"
    assert (log.imported, log.dry_run, log.file_format, log.source) == (
        3,
        False,
        "json",
        "values.json",
    )
    assert DataValue.objects.filter(org_unit__code="03388").count() == 3
    assert _stored_files() == []
    result = client.get(imported.url).text
    assert 'data-ok="true" data-dry-run="false"' in result
    assert "The file was imported." in result
    assert 'name="confirm"' not in result


def test_a_workbook_with_a_bad_cell_shows_row_and_column_and_cannot_be_imported(
    client, users, catalogue
):
    # given
    _sign_in(client, users[Role.UNIT_REPORTER])
    filled = _fill(
        _template(catalogue),
        {
            ("03388", "202601", "STARTUPS", "default"): 3,
            ("03388", "202601", "TRAINEES", "MALE"): "ba",
        },
    )
    before = _state()
    # when
    response = client.post("/monitoring/import/", {"file": _upload(filled, "report.xlsx")})
    # then
    html = response.text
    assert 'data-ok="false"' in html
    assert (
        "<tr><td>7</td><td><code>H (value)</code></td><td>“ba” is not a number.</td></tr>" in html
    )
    assert 'name="confirm"' not in html
    assert _state() == before
    assert _stored_files() == []
    again = client.post("/monitoring/import/", {"confirm": "1"}, follow=True)
    assert "Upload the file again" in again.text
    assert _state() == before


def test_a_reporter_cannot_import_for_another_unit(client, users, catalogue):
    # given
    _sign_in(client, users[Role.UNIT_REPORTER])
    document = {**DOCUMENT, "orgUnit": "03390"}
    before = _state()
    # when
    response = client.post("/monitoring/import/", {"file": _upload(document)})
    # then
    assert "You cannot report for Xã Bình Lư." in response.text
    assert _state() == before


def test_only_json_csv_and_xlsx_files_are_taken(client, users, catalogue):
    _sign_in(client, users[Role.CENTER_STAFF])
    response = client.post("/monitoring/import/", {"file": _upload(b"x", "values.txt")})
    assert "Upload a .json, .csv or .xlsx file." in response.text
    assert _stored_files() == []


def test_a_big_file_is_checked_and_imported_in_the_background(
    client, users, catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    # given: every file counts as big
    monkeypatch.setattr(transfer, "BACKGROUND_BYTES", 0)
    _sign_in(client, users[Role.CENTER_STAFF])
    # when: the check is started
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/monitoring/import/", {"file": _upload()})
    # then: the task ran (immediately, in tests) and left its summary behind
    check = TaskProgress.objects.get()
    assert started.url == f"/tasks/{check.pk}/"
    log = DataImport.objects.get()
    assert (check.status, check.done, check.total) == ("succeeded", 3, 3)
    assert check.message == "Checked: 3 to import, 0 to update, 0 ignored."
    assert check.result_url == f"/monitoring/import/{log.pk}/"
    assert (log.dry_run, log.imported, log.conflicts) == (True, 3, [])
    assert DataValue.objects.count() == 0
    assert len(_stored_files()) == 1  # kept for the import
    result = client.get(check.result_url).text
    assert 'name="confirm"' in result
    # when: the import is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post("/monitoring/import/", {"confirm": "1"})
    # then
    run = TaskProgress.objects.exclude(pk=check.pk).get()
    real = DataImport.objects.get(dry_run=False)
    assert confirmed.url == f"/tasks/{run.pk}/"
    assert (run.status, run.message) == ("succeeded", "Imported 3, updated 0, ignored 0.")
    assert run.result_url == f"/monitoring/import/{real.pk}/"
    assert (real.imported, real.actor) == (3, users[Role.CENTER_STAFF])
    assert DataValue.objects.count() == 3
    assert _stored_files() == []


def test_a_background_check_with_conflicts_keeps_them_for_the_result_page(
    client, users, catalogue, monkeypatch, django_capture_on_commit_callbacks
):
    # given
    monkeypatch.setattr(transfer, "BACKGROUND_BYTES", 0)
    _sign_in(client, users[Role.CENTER_STAFF])
    document = {**DOCUMENT, "dataValues": [{"dataElement": "NOPE", "value": "1"}]}
    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/monitoring/import/", {"file": _upload(document)})
    # then
    progress, log = TaskProgress.objects.get(), DataImport.objects.get()
    assert (progress.status, progress.message) == ("succeeded", "1 conflict; nothing was written.")
    assert log.conflicts == [
        {"row": 1, "field": "dataElement", "message": "No data element has the code “NOPE”."}
    ]
    assert _stored_files() == []
    page = client.get(progress.result_url).text
    assert "<td>1</td><td><code>dataElement</code></td>" in page
    assert 'name="confirm"' not in page


def test_an_import_record_is_seen_by_its_author_and_the_center_only(client, users, catalogue):
    # given
    author = users[Role.UNIT_REPORTER]
    summary = import_file(actor=author, data=json.dumps(DOCUMENT).encode(), file_format="json")
    neighbour = UserFactory(role=Role.UNIT_REPORTER, org_unit=users[Role.UNIT_REPORTER].org_unit)
    url = f"/monitoring/import/{summary.log_id}/"
    # then
    for user, status in (
        (author, 200), (users[Role.CENTER_STAFF], 200), (neighbour, 404), (users[Role.LEADER], 403)
    ):  # fmt: skip
        _sign_in(client, user)
        assert client.get(url).status_code == status, user


@pytest.mark.parametrize(
    ("role", "import_page", "template", "export"),
    [
        (Role.ADMINISTRATOR, 200, 200, 200),
        (Role.CENTER_STAFF, 200, 200, 200),
        (Role.LEADER, 403, 403, 200),
        (Role.UNIT_REPORTER, 200, 200, 200),
        (Role.ENTERPRISE, 403, 403, 403),
    ],
)
def test_who_may_open_the_pages(client, users, catalogue, role, import_page, template, export):
    _sign_in(client, users[role])
    assert [
        client.get(path).status_code
        for path in ("/monitoring/import/", "/monitoring/template/", "/monitoring/export/")
    ] == [import_page, template, export]


def test_the_pages_need_a_sign_in(client, catalogue):
    response = client.get("/monitoring/import/")
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def _store_both_units() -> None:
    for unit in ("03388", "03390"):
        data = json.dumps({**DOCUMENT, "orgUnit": unit}).encode()
        assert import_file(actor=SYSTEM, data=data, file_format="json").ok


def _export_query(catalogue, org_unit, file_format, start="202601", end="202601"):  # type: ignore[no-untyped-def]
    return {
        "data_set": catalogue.monthly.pk, "org_unit": org_unit.pk, "start": start, "end": end,
        "format": file_format,
    }  # fmt: skip


def test_the_center_exports_a_subtree_as_csv_and_json(client, users, catalogue, lai_chau):
    # given
    _store_both_units()
    _sign_in(client, users[Role.CENTER_STAFF])
    # when
    as_csv = client.get("/monitoring/export/", _export_query(catalogue, lai_chau, "csv"))
    as_json = client.get("/monitoring/export/", _export_query(catalogue, lai_chau, "json"))
    # then
    assert as_csv["Content-Disposition"] == 'attachment; filename="MONTHLY_12_202601-202601.csv"'
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    keys = ("orgunit", "dataelement", "categoryoptioncombo", "value")
    assert [tuple(r[k] for k in keys) for r in rows] == [
        ("03388", "STARTUPS", "default", "3"), ("03388", "TRAINEES", "FEMALE", "40"),
        ("03388", "TRAINEES", "MALE", "35"), ("03390", "STARTUPS", "default", "3"),
        ("03390", "TRAINEES", "FEMALE", "40"), ("03390", "TRAINEES", "MALE", "35"),
    ]  # fmt: skip
    assert len(json.loads(as_json.content)["dataValues"]) == 6


def test_a_reporter_exports_and_downloads_templates_for_their_unit_only(
    client, users, catalogue, lai_chau, own_unit
):
    # given
    _store_both_units()
    _sign_in(client, users[Role.UNIT_REPORTER])
    # when
    province = client.get("/monitoring/export/", _export_query(catalogue, lai_chau, "csv"))
    own = client.get("/monitoring/export/", _export_query(catalogue, own_unit, "csv"))
    template = client.get("/monitoring/template/", _export_query(catalogue, own_unit, ""))
    # then: the province is not a choice for them; their own unit is
    assert province.status_code == 200
    assert "Select a valid choice." in province.text
    rows = list(csv.DictReader(io.StringIO(own.content.decode())))
    assert {r["orgunit"] for r in rows} == {"03388"}
    book = load_workbook(io.BytesIO(template.content))
    assert template["Content-Type"] == excel.CONTENT_TYPE
    assert {row[0] for row in _data_sheet(book).iter_rows(min_row=5, values_only=True)} == {"03388"}


def test_the_xlsx_export_is_the_template_with_the_values_and_round_trips(
    client, users, catalogue, lai_chau
):
    # given
    _store_both_units()
    _sign_in(client, users[Role.CENTER_STAFF])
    # when: exported, one value edited, uploaded
    exported = client.get("/monitoring/export/", _export_query(catalogue, lai_chau, "xlsx"))
    edited = _fill(exported.content, {("03390", "202601", "STARTUPS", "default"): 4})
    checked = client.post("/monitoring/import/", {"file": _upload(edited, "export.xlsx")})
    # then
    assert [_count(checked.text, n) for n in ("imported", "updated", "ignored")] == ["0", "1", "5"]
    # 38 communes report the set: every one has its rows, filled or not
    sheet = _data_sheet(load_workbook(io.BytesIO(exported.content)))
    assert sheet.max_row == excel.FIRST_ROW - 1 + 38 * 3


def test_a_period_range_of_the_wrong_type_is_refused_on_the_form(
    client, users, catalogue, lai_chau
):
    _sign_in(client, users[Role.CENTER_STAFF])
    query = _export_query(catalogue, lai_chau, "csv", start="202601", end="2025")
    response = client.get("/monitoring/export/", query)
    assert "The end comes before the start." in response.text
    query = {**_export_query(catalogue, lai_chau, "csv"), "data_set": catalogue.yearly.pk}
    response = client.get("/monitoring/export/", query)
    assert "is reported yearly; give such a period or a longer one." in response.text


def test_a_year_stands_for_its_periods(client, users, catalogue, own_unit):
    _sign_in(client, users[Role.UNIT_REPORTER])
    query = _export_query(catalogue, own_unit, "", start="2026", end="2026")
    book = load_workbook(io.BytesIO(client.get("/monitoring/template/", query).content))
    periods = [row[2] for row in _data_sheet(book).iter_rows(min_row=5, values_only=True)]
    assert sorted(set(periods)) == [f"2026{m:02d}" for m in range(1, 13)]


EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)
INLINE = re.compile(r"""<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=\s*["']|\sstyle\s*=\s*["']""")


@pytest.mark.parametrize(
    "path", ["/monitoring/import/", "/monitoring/export/", "/monitoring/template/"]
)
def test_the_pages_have_no_inline_code(client, users, catalogue, path):
    _sign_in(client, users[Role.ADMINISTRATOR])
    html = client.get(path).text
    assert (EXTERNAL.findall(html), INLINE.findall(html)) == ([], [])


def test_checked_files_nobody_imported_are_swept_away(client, users, catalogue, monkeypatch):
    # given: someone checked a file and walked away
    _sign_in(client, users[Role.CENTER_STAFF])
    client.post("/monitoring/import/", {"file": _upload()})
    [forgotten] = _stored_files()
    monkeypatch.setattr(uploads, "FORGOTTEN_AFTER", timedelta(0))
    # when: someone else checks a file
    _sign_in(client, users[Role.ADMINISTRATOR])
    client.post("/monitoring/import/", {"file": _upload()})
    # then
    assert forgotten not in _stored_files()
    assert len(_stored_files()) == 1


def _data_sheet(book):  # type: ignore[no-untyped-def]
    """The sheet values are typed in; its title is in the language of the request."""
    return next(sheet for sheet in book.worksheets if sheet.title != excel.KEYS_SHEET)
