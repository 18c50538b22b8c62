"""The review report's page and command: who may have which unit's report, bad input named on
its field, the downloads."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tinhso.core.dates import local_date
from tinhso.core.roles import Role
from tinhso.core.tests.test_offline_and_csp import (
    EXTERNAL,
    INLINE_HANDLER,
    INLINE_SCRIPT,
    STYLE_ATTRIBUTE,
)
from tinhso.monitoring.demo import DEMO_SOURCE
from tinhso.monitoring.models import DataImport
from tinhso.monitoring.review.report import review_report
from tinhso.monitoring.tests.test_review_document import LETTERHEAD
from tinhso.monitoring.tests.test_review_figures import review_data  # noqa: F401
from tinhso.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

URL = reverse("monitoring:review")


def _post(**changes: str) -> dict[str, str]:
    data = {
        "org_unit": "12", "start": "2026Q1", "end": "2026Q2", "group": "", "kind": "six_month",
        "subject": "Nghị quyết số 57-NQ/TW", "parent_body": "UBND TỈNH LAI CHÂU",
        "issuer": "Trung tâm Đổi mới sáng tạo và Chuyển đổi số", "number": "15/BC-TTĐMST",
        "day": "2026-07-05", "signer_title": "GIÁM ĐỐC", "signer_name": "Nguyễn Văn An",
        "recipients": "UBND tỉnh\nLưu: VT", "proposals": "", "format": "docx",
    }  # fmt: skip
    return {**data, **changes}


def _english(client: Any, user: Any) -> Any:
    client.force_login(user)
    client.cookies["tinhso_language"] = "en"
    return client


def test_center_staff_downloads_the_docx(review_data: Any, users: Any, client: Any) -> None:  # noqa: F811
    # when
    response = _english(client, users[Role.CENTER_STAFF]).post(URL, _post())
    # then
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-12-2026Q1-2026Q2.docx"'
    document = Document(io.BytesIO(response.content))
    assert document.tables[0].cell(1, 0).text == "Số: 15/BC-TTĐMST"
    indicators = next(t for t in document.tables if len(t.columns) == 9)
    assert [c.text for c in indicators.rows[2].cells][3:8] == ["15", "9", "20", "2026", "75.0"]


def test_a_report_on_demo_data_says_so(review_data: Any, users: Any, client: Any) -> None:  # noqa: F811
    # given
    DataImport.objects.create(actor_name="system", source=DEMO_SOURCE, file_format="json")
    # when
    response = _english(client, users[Role.CENTER_STAFF]).post(URL, _post())
    # then
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert (
        texts[3] == "Note: the figures below include generated demonstration data."
    )  # after the rule


def test_the_leader_downloads_the_xlsx(review_data: Any, users: Any, client: Any) -> None:  # noqa: F811
    response = _english(client, users[Role.LEADER]).post(URL, _post(format="xlsx"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('bao-cao-12-2026Q1-2026Q2.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content))["Indicators"]
    assert [c.value for c in sheet[4]][3:8] == [15, 9, 20, 2026, 75.0]


def test_the_form_opens_on_the_users_unit(review_data: Any, users: Any, client: Any) -> None:  # noqa: F811
    response = _english(client, users[Role.CENTER_STAFF]).get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["org_unit"].value() == "12"
    assert form["parent_body"].value() == "UBND TỈNH LAI CHÂU"
    assert form["issuer"].value() == "INNOVATION AND DIGITAL TRANSFORMATION CENTER"
    assert form["day"].value() == local_date()
    page = response.content.decode()
    assert 'name="format" value="docx"' in page and 'name="format" value="xlsx"' in page


def test_the_page_keeps_the_strict_csp(review_data: Any, users: Any, client: Any) -> None:  # noqa: F811
    client.force_login(users[Role.ADMINISTRATOR])
    html = client.get(URL).content.decode()
    for pattern in (EXTERNAL, INLINE_SCRIPT, INLINE_HANDLER, STYLE_ATTRIBUTE):
        assert pattern.findall(html) == []


def test_a_reporter_has_only_their_unit(
    review_data: Any,  # noqa: F811
    users: Any,
    client: Any,
    own_unit: OrgUnit,
) -> None:
    reporter = users[Role.UNIT_REPORTER]
    client = _english(client, reporter)
    form = client.get(URL).context["form"]
    assert list(form.fields["org_unit"].queryset) == [own_unit]
    assert form["org_unit"].value() == own_unit.code
    # when: the reporter asks for the province's report
    response = client.post(URL, _post(org_unit="12"))
    # then
    assert response.status_code == 200
    assert response.context["form"].errors["org_unit"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert client.post(URL, _post(org_unit=own_unit.code)).status_code == 200
    with pytest.raises(PermissionDenied):
        review_report(
            actor=reporter, unit=OrgUnit.objects.get(code="12"), periods=[], letterhead=LETTERHEAD,
            file_format="docx", today=local_date(),
        )  # fmt: skip


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_enterprise_is_refused(review_data: Any, users: Any, client: Any, method: str) -> None:  # noqa: F811
    client.force_login(users[Role.ENTERPRISE])
    response = getattr(client, method)(URL, _post() if method == "post" else None)
    assert response.status_code == 403
    assert not response.has_header("Content-Disposition")


def test_anonymous_visitors_sign_in_first(client: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"start": "2026Q3", "end": "2026Q1"}, "end",
            "Cannot list periods from 2026Q3 to 2026Q1: the end comes before the start.",
        ),
        (
            {"start": "2026Q1", "end": "202609"}, "end",
            "Cannot list periods from 2026Q1 to 202609: they are of different types.",
        ),
        (
            {"start": "2026-Q1"}, "start",
            "“2026-Q1” is not a period code; expected e.g. 2026, 2026S1, 2026Q1 or 202601.",
        ),
        ({"signer_title": ""}, "signer_title", "This field is required."),
        ({"day": "31/02/2026"}, "day", "Enter a valid date."),
    ],
)  # fmt: skip
def test_bad_input_is_named_on_its_field(
    review_data: Any,  # noqa: F811
    users: Any,
    client: Any,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    response = _english(client, users[Role.CENTER_STAFF]).post(URL, _post(**changes))
    assert response.status_code == 200
    assert not response.has_header("Content-Disposition")
    assert response.context["form"].errors == {field: [message]}
    assert f'data-testid="error-{field}"' in response.content.decode()


def test_an_unknown_format_is_refused(review_data: Any, users: Any, client: Any) -> None:  # noqa: F811
    response = _english(client, users[Role.CENTER_STAFF]).post(URL, _post(format="pdf"))
    assert response.context["form"].non_field_errors() == ["Choose DOCX or XLSX."]


def test_the_command_writes_both_files(review_data: Any, tmp_path: Path) -> None:  # noqa: F811
    # when
    out = io.StringIO()
    call_command(
        "review_report", "--unit", "12", "--from", "2026Q1", "--to", "2026Q2",
        "--out", str(tmp_path / "report.docx"), "--as-of", "2026-07-10", "--date", "2026-07-05",
        "--signer-title", "KT. GIÁM ĐỐC", "--signer-title", "PHÓ GIÁM ĐỐC",
        "--signer-name", "Nguyễn Văn An", "--number", "15/BC-TTĐMST", "--language", "en",
        stdout=out,
    )  # fmt: skip
    call_command(
        "review_report", "--unit", "12", "--from", "2026Q1", "--to", "2026Q2",
        "--out", str(tmp_path / "report.xlsx"), "--as-of", "2026-07-10", "--language", "en",
        stdout=out,
    )  # fmt: skip
    # then
    document = Document(str(tmp_path / "report.docx"))
    header = document.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "UBND TỈNH LAI CHÂU"
    assert header.cell(1, 1).text == "Lai Châu, ngày 05 tháng 7 năm 2026"
    assert document.paragraphs[1].text.startswith("Six-month review of the implementation")
    assert [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text] == [
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An",
    ]  # fmt: skip
    reporting = load_workbook(tmp_path / "report.xlsx")["Reporting"]
    assert [c.value for c in reporting[3]][2:8] == [38, 190, 3, 2, 1, 187]
    assert "report.xlsx" in out.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "2026Q3", "--to", "2026Q1"], "--to: Cannot list periods from 2026Q3"),
        (["--from", "2026Q1", "--to", "2026"], "--to: Cannot list periods from 2026Q1 to 2026"),
        (["--from", "2026Q1", "--to", "2026Q2", "--unit", "99"], "--unit: Select a valid choice"),
    ],
)
def test_the_command_names_the_bad_option(
    review_data: Any,  # noqa: F811
    tmp_path: Path,
    arguments: list[str],
    message: str,
) -> None:
    unit = [] if "--unit" in arguments else ["--unit", "12"]
    out = tmp_path / "report.docx"
    with pytest.raises(CommandError, match=message):
        call_command("review_report", *unit, *arguments, "--out", str(out), "--language", "en")
    assert not out.exists()
