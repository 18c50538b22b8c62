"""dataValueSets over HTTP with the Excel template, in the background, and the import record;
the import and export commands with workbooks."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.models import TaskProgress
from tinhso.core.policies import SYSTEM
from tinhso.core.roles import Role
from tinhso.monitoring import excel
from tinhso.monitoring.models import DataImport, DataValue
from tinhso.monitoring.services import import_file
from tinhso.monitoring.tests.test_excel import _fill, _template

DOCUMENT = {
    "period": "202601",
    "orgUnit": "03388",
    "dataValues": [
        {"dataElement": "STARTUPS", "value": "3"},
        {"dataElement": "TRAINEES", "categoryOptionCombo": "FEMALE", "value": "40"},
    ],
}


def _post(client, body, content_type="application/json", query=""):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/dataValueSets{query}", body, content_type=content_type, HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_filled_template_is_posted_as_a_workbook(api_client, users, catalogue):
    # given
    api_client.force_login(users[Role.UNIT_REPORTER])
    filled = _fill(_template(catalogue), {("03388", "202601", "TRAINEES", "MALE"): 12})
    # when
    response = _post(api_client, filled, content_type=excel.CONTENT_TYPE)
    # then
    assert (response.status_code, response.json()["importCount"]["imported"]) == (200, 1)
    assert DataImport.objects.get().file_format == "xlsx"
    assert DataValue.objects.get().value == 12


def test_a_broken_workbook_is_a_400_naming_row_and_column(api_client, users, catalogue):
    # given
    api_client.force_login(users[Role.CENTER_STAFF])

    def tamper(book):  # type: ignore[no-untyped-def]
        _data_sheet(book)["C5"] = "202612"

    filled = _fill(_template(catalogue), {("03388", "202601", "STARTUPS", "default"): 1}, tamper)
    # when
    response = _post(api_client, filled, content_type=excel.CONTENT_TYPE)
    # then
    assert response.status_code == 400
    assert response.json()["conflicts"] == [
        {
            "property": "period",
            "value": "Column C was changed from “202601”; download a new template.",
            "indexes": [5],
        }
    ]
    assert DataValue.objects.count() == 0


def test_async_answers_202_with_the_task_and_the_summary_follows(
    api_client, users, catalogue, django_capture_on_commit_callbacks
):
    # given
    staff = users[Role.CENTER_STAFF]
    api_client.force_login(staff)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(api_client, json.dumps(DOCUMENT), query="?async=true")
    # then
    progress = TaskProgress.objects.get()
    assert response.status_code == 202
    assert response["Location"] == f"/api/v1/tasks/{progress.pk}/"
    assert response.json() == {"task": str(progress.pk), "url": f"/api/v1/tasks/{progress.pk}/"}
    task = api_client.get(response["Location"]).json()
    log = DataImport.objects.get()
    assert (task["status"], task["percent"]) == ("succeeded", 100)
    assert task["result_url"] == f"/api/v1/dataImports/{log.pk}"
    summary = api_client.get(task["result_url"]).json()
    assert (summary["status"], summary["dryRun"], summary["importCount"]["imported"]) == (
        "SUCCESS", False, 2,
    )  # fmt: skip
    assert (summary["source"], summary["format"]) == ("api", "json")
    assert DataValue.objects.count() == 2


def test_an_async_dry_run_with_conflicts_writes_nothing_and_reports_them(
    api_client, users, catalogue, django_capture_on_commit_callbacks
):
    # given
    api_client.force_login(users[Role.UNIT_REPORTER])
    document = {**DOCUMENT, "orgUnit": "03390"}
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(api_client, json.dumps(document), query="?async=true&dryRun=true")
    # then
    task = api_client.get(response["Location"]).json()
    summary = api_client.get(task["result_url"]).json()
    assert task["message"] == "2 conflicts; nothing was written."
    assert (summary["status"], summary["dryRun"]) == ("ERROR", True)
    assert [c["indexes"] for c in summary["conflicts"]] == [[1], [2]]
    assert DataValue.objects.count() == 0


def test_an_import_record_is_only_for_its_author_and_the_center(api_client, users, catalogue):
    # given
    author = users[Role.UNIT_REPORTER]
    summary = import_file(actor=author, data=json.dumps(DOCUMENT).encode(), file_format="json")
    other = UserFactory(role=Role.UNIT_REPORTER, org_unit=author.org_unit)
    url = f"/api/v1/dataImports/{summary.log_id}"
    # then
    for user, status in (
        (author, 200), (users[Role.CENTER_STAFF], 200), (other, 404), (users[Role.LEADER], 403),
    ):  # fmt: skip
        api_client.force_login(user)
        assert api_client.get(url).status_code == status


def test_leaders_cannot_post_async(api_client, users, catalogue):
    api_client.force_login(users[Role.LEADER])
    assert _post(api_client, json.dumps(DOCUMENT), query="?async=true").status_code == 403
    assert TaskProgress.objects.count() == 0


def test_export_as_a_workbook_within_the_callers_reach(api_client, users, catalogue):
    # given
    for unit in ("03388", "03390"):
        data = json.dumps({**DOCUMENT, "orgUnit": unit}).encode()
        import_file(actor=SYSTEM, data=data, file_format="json")
    query = "?dataSet=MONTHLY&period=202601&period=202602&orgUnit=12&children=true&format=xlsx"
    # when
    api_client.force_login(users[Role.UNIT_REPORTER])
    response = api_client.get(f"/api/v1/dataValueSets{query}")
    # then
    assert response["Content-Type"] == excel.CONTENT_TYPE
    sheet = _data_sheet(load_workbook(io.BytesIO(response.content)))
    assert [row[:3] + row[7:8] for row in sheet.iter_rows(min_row=5, values_only=True)] == [
        ("03388", "Phường Đoàn Kết", "202601", 3), ("03388", "Phường Đoàn Kết", "202601", 40),
        ("03388", "Phường Đoàn Kết", "202601", None), ("03388", "Phường Đoàn Kết", "202602", None),
        ("03388", "Phường Đoàn Kết", "202602", None), ("03388", "Phường Đoàn Kết", "202602", None),
    ]  # fmt: skip


def test_json_export_of_several_periods(api_client, users, catalogue):
    import_file(actor=SYSTEM, data=json.dumps(DOCUMENT).encode(), file_format="json")
    february = {**DOCUMENT, "period": "202602"}
    import_file(actor=SYSTEM, data=json.dumps(february).encode(), file_format="json")
    api_client.force_login(users[Role.LEADER])
    query = "?dataSet=MONTHLY&period=202601&period=202602&orgUnit=03388"
    values = api_client.get(f"/api/v1/dataValueSets{query}").json()["dataValues"]
    assert [(v["period"], v["dataElement"]) for v in values] == [
        ("202601", "STARTUPS"), ("202601", "TRAINEES"),
        ("202602", "STARTUPS"), ("202602", "TRAINEES"),
    ]  # fmt: skip


def test_a_workbook_export_of_the_wrong_period_type_is_a_400(api_client, users, catalogue):
    api_client.force_login(users[Role.CENTER_STAFF])
    response = api_client.get(
        "/api/v1/dataValueSets?dataSet=MONTHLY&period=2026&orgUnit=12&format=xlsx",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["period"][0]["message"] == "Báo cáo tháng is reported monthly."


def test_the_command_imports_a_workbook(catalogue, tmp_path, capsys):
    # given
    path = tmp_path / "report.xlsx"
    path.write_bytes(_fill(_template(catalogue), {("03388", "202601", "STARTUPS", "default"): 5}))
    # when
    call_command("import_datavalues", str(path))
    # then
    assert capsys.readouterr().out == "imported 1, updated 0, ignored 0, conflicts 0\n"
    assert DataImport.objects.get().file_format == "xlsx"


def test_the_command_refuses_a_broken_workbook_naming_the_row(catalogue, tmp_path):
    def tamper(book):  # type: ignore[no-untyped-def]
        _data_sheet(book)["D6"] = "STARTUPS"

    path = tmp_path / "report.xlsx"
    path.write_bytes(_fill(_template(catalogue), {}, tamper))
    with pytest.raises(CommandError, match="row 6, dataElement: Column D was changed"):
        call_command("import_datavalues", str(path))


def test_the_export_command_writes_each_format(catalogue, tmp_path, capsys):
    # given
    import_file(actor=SYSTEM, data=json.dumps(DOCUMENT).encode(), file_format="json")
    # when
    call_command("export_datavalues", "MONTHLY", "03388", "2026", "--format", "csv")
    out = capsys.readouterr().out
    call_command("export_datavalues", "MONTHLY", "03388", "202601", "-o", str(tmp_path / "x.xlsx"))
    # then
    assert [line.split(",")[:6] for line in out.splitlines()[1:]] == [
        ["STARTUPS", "202601", "03388", "default", "", "3"],
        ["TRAINEES", "202601", "03388", "FEMALE", "", "40"],
    ]
    book = load_workbook(tmp_path / "x.xlsx")
    assert _data_sheet(book).max_row == excel.FIRST_ROW - 1 + 3
    with pytest.raises(CommandError, match="needs --output"):
        call_command("export_datavalues", "MONTHLY", "03388", "202601", "--format", "xlsx")


def _data_sheet(book):  # type: ignore[no-untyped-def]
    """The sheet values are typed in; its title is in the language of the request."""
    return next(sheet for sheet in book.worksheets if sheet.title != excel.KEYS_SHEET)
