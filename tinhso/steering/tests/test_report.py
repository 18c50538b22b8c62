"""The task progress report: the DOCX read back with python-docx (Decree 30 letterhead, Times
New Roman, sections, tables, the chart), the page's form and the command. The figures are those
of the fixed year in test_dashboard."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from tinhso.core.roles import Role
from tinhso.core.tests.documents import table_after, table_rows
from tinhso.steering.report.document import ReportDetails, build_docx
from tinhso.steering.tests.test_dashboard import (  # noqa: F401
    ISSUER,
    YearBoard,
    _board,
    on_today,
    report_form,
    year_board,
)

pytestmark = pytest.mark.django_db

URL = "/steering/report/"
DETAILS = ReportDetails(
    subject="Nghị quyết số 57-NQ/TW",
    parent_body="UBND TỈNH LAI CHÂU",
    issuer=ISSUER,
    number="15/BC-TTĐMST",
    place="Lai Châu",
    day=dt.date(2026, 6, 16),
    signer_title=["KT. GIÁM ĐỐC", "Phó Giám đốc"],
    signer_name="Nguyễn Văn An",
    recipients=["UBND tỉnh (để báo cáo)", "Ban Chỉ đạo tỉnh"],
    proposals="Các đơn vị hoàn thành ngay nhiệm vụ quá hạn.\n\nĐẩy nhanh giải ngân.",
)
SECTIONS = [
    "I. GENERAL SITUATION",
    "II. RESULTS BY UNIT",
    "III. OVERDUE TASKS",
    "IV. TASKS PER DIRECTIVE",
    "V. BUDGET DISBURSEMENT",
    "VI. PROPOSALS AND RECOMMENDATIONS",
]


@pytest.fixture
def document(year_board: YearBoard, users: Any) -> DocumentObject:  # noqa: F811
    return _open(build_docx(_board(users[Role.LEADER]), DETAILS))


def _open(body: bytes) -> DocumentObject:
    return Document(io.BytesIO(body))


def _texts(document: DocumentObject) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def test_letterhead_title_and_sections_in_order(document: DocumentObject) -> None:
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 1).paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert header.cell(1, 0).text == "Số: 15/BC-TTĐMST"
    assert header.cell(1, 1).text == "Lai Châu, ngày 16 tháng 6 năm 2026"
    texts = _texts(document)
    assert texts[:2] == [
        "BÁO CÁO",
        "Progress of the tasks carrying out Nghị quyết số 57-NQ/TW in 2026",
    ]
    headings = [
        text for text in texts if text.split(". ")[0] in {"I", "II", "III", "IV", "V", "VI"}
    ]
    assert headings == SECTIONS
    for heading in headings:
        paragraph = next(p for p in document.paragraphs if p.text == heading)
        assert all(run.bold for run in paragraph.runs)
    # the proposals as written, one paragraph per line, then the closing "./."
    proposals = texts.index(SECTIONS[-1])
    assert texts[proposals + 1 : proposals + 4] == [
        "Các đơn vị hoàn thành ngay nhiệm vụ quá hạn.",
        "Đẩy nhanh giải ngân.",
        "The above is the report: progress of the tasks carrying out Nghị quyết số 57-NQ/TW in "
        "2026./.",
    ]


def test_the_general_situation_states_the_figures(document: DocumentObject) -> None:
    texts = _texts(document)
    assert (
        "13 tasks fall due in 2026: 3 done on time, 2 done late, 3 overdue, 1 at risk, "
        "2 in progress, 1 not started and 1 cancelled." in texts
    )
    assert (
        "The on-time rate is 37.5%: 3 of the 8 tasks done or past their deadline were done on "
        "time." in texts
    )
    assert (
        "4 of the 7 open tasks (57.1%) had a progress report in the system in the last 30 days; "
        "the national target is that 100% of assigned tasks are monitored electronically." in texts
    )
    assert "In addition, 1 task due before 2026 is still overdue." in texts
    assert table_rows(table_after(document, "Table 1.")) == [
        ["No.", "Status", "Tasks", "Share (%)"],
        ["1", "Done on time", "3", "23.1%"],
        ["2", "Done late", "2", "15.4%"],
        ["3", "Overdue", "3", "23.1%"],
        ["4", "At risk", "1", "7.7%"],
        ["5", "In progress", "2", "15.4%"],
        ["6", "Not started", "1", "7.7%"],
        ["7", "Cancelled", "1", "7.7%"],
        ["", "Total", "13", "100.0%"],
    ]


def test_units_overdue_directives_and_budget_tables(document: DocumentObject) -> None:
    assert table_rows(table_after(document, "Table 2.")) == [
        ["No.", "Lead unit", "Tasks", "Done on time", "Done late", "Overdue",
         "Open, not yet due", "Cancelled", "On-time rate (%)"],
        ["1", "Phường Đoàn Kết", "7", "2", "1", "1", "3", "0", "50.0"],
        ["2", "Xã Bình Lư", "6", "1", "1", "2", "1", "1", "25.0"],
    ]  # fmt: skip
    assert table_rows(table_after(document, "Table 3."))[1:] == [
        ["1", "Nhiệm vụ n (05-KH/UBND)", "Xã Bình Lư", "2026-04-29", "31", "10"],
        ["2", "Nhiệm vụ d (01-KH/BCĐ)", "Phường Đoàn Kết", "2026-05-15", "21", "40"],
        ["3", "Nhiệm vụ i (05-KH/UBND)", "Xã Bình Lư", "2026-05-29", "11", "0"],
    ]
    assert table_rows(table_after(document, "Table 4."))[1:] == [
        ["1", "05-KH/UBND (2026-02-01)", "6", "1", "1", "2", "1", "1", "25.0"],
        ["2", "01-KH/BCĐ (2026-01-10)", "7", "2", "1", "1", "3", "0", "50.0"],
    ]
    assert table_rows(table_after(document, "Table 5."))[1:] == [
        ["1", "Chuyển đổi số 2026", "3,000,000,000", "1,450,000,000", "48.33"],
        ["", "Total", "3,000,000,000", "1,450,000,000", "48.33"],
    ]


def test_the_chart_of_on_time_rates_is_a_png(document: DocumentObject) -> None:
    (shape,) = document.inline_shapes
    assert round(shape.width.mm) == 160
    assert "Chart 1. On-time rate by lead unit" in _texts(document)
    image = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert image.blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_times_new_roman_14_a4_and_page_numbers(document: DocumentObject) -> None:
    normal: Any = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = {
        run.font.name
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
        for run in paragraph.runs
    } | {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    assert section.different_first_page_header_footer
    field = section.header.paragraphs[0]._p.find(f".//{qn('w:instrText')}")
    assert field is not None and field.text.strip() == "PAGE"


def test_recipients_and_signature(document: DocumentObject) -> None:
    left, right = document.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:", "- UBND tỉnh (để báo cáo);", "- Ban Chỉ đạo tỉnh;", "- Lưu: VT.",
    ]  # fmt: skip
    assert [p.text for p in right.paragraphs if p.text] == [
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An",
    ]  # fmt: skip


def test_in_vietnamese_numbers_and_dates_are_written_the_vietnamese_way(
    year_board: YearBoard,  # noqa: F811
    users: Any,
) -> None:
    with translation.override("vi"):
        document = _open(build_docx(_board(users[Role.LEADER]), DETAILS))
    assert table_rows(table_after(document, "Bảng 3."))[1][3] == "29/04/2026"
    assert table_rows(table_after(document, "Bảng 5."))[1][2:] == [
        "3.000.000.000", "1.450.000.000", "48,33",
    ]  # fmt: skip
    assert table_rows(table_after(document, "Bảng 1."))[1] == [
        "1",
        "Hoàn thành đúng hạn",
        "3",
        "23,1%",
    ]


def test_an_empty_year_says_so_and_leaves_room_for_proposals(
    year_board: YearBoard,  # noqa: F811
    users: Any,
) -> None:
    details = ReportDetails(**{**DETAILS.__dict__, "proposals": ""})
    document = _open(build_docx(_board(users[Role.LEADER], year=2024), details))
    texts = _texts(document)
    assert "No task falls due in 2024." in texts
    assert "No task due in 2024 is overdue." in texts
    assert "No allocation is recorded for 2024." in texts
    placeholder = next(p for p in document.paragraphs if p.text.startswith("[Write here"))
    assert placeholder.runs[0].font.highlight_color is not None
    assert len(document.tables) == 2  # the letterhead and the signature only


# The page and the command -------------------------------------------------------------------


def test_the_form_opens_with_sensible_defaults(
    year_board: YearBoard,  # noqa: F811
    users: Any,
    client: Any,
    on_today: None,  # noqa: F811
) -> None:
    client.force_login(users[Role.CENTER_STAFF])
    client.cookies["tinhso_language"] = "en"
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["year"].value() == 2026
    assert form["parent_body"].value() == "UBND TỈNH LAI CHÂU"
    assert form["proposals"].value().startswith("1. Units with overdue tasks finish them")
    assert "Provincial People's Committee (to report)" in form["recipients"].value()
    page = response.content.decode()
    assert "<script>" not in page and "style=" not in page


def test_center_staff_download_the_docx(
    year_board: YearBoard,  # noqa: F811
    users: Any,
    client: Any,
    on_today: None,  # noqa: F811
) -> None:
    client.force_login(users[Role.CENTER_STAFF])
    response = client.post(URL, report_form(directive=str(year_board.d1.pk)))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    disposition = 'attachment; filename="bao-cao-tien-do-nhiem-vu-2026.docx"'
    assert response["Content-Disposition"] == disposition
    document = _open(response.content)
    texts = _texts(document)
    assert "Các đơn vị hoàn thành nhiệm vụ quá hạn." in texts
    # only the directive's tasks: a to g, d the one overdue
    overdue = table_rows(table_after(document, "Bảng 3."))
    assert [row[1] for row in overdue[1:]] == ["Nhiệm vụ d (01-KH/BCĐ)"]


def test_a_reporters_report_holds_only_their_tasks(
    year_board: YearBoard,  # noqa: F811
    users: Any,
    client: Any,
    on_today: None,  # noqa: F811
) -> None:
    client.force_login(users[Role.UNIT_REPORTER])
    client.cookies["tinhso_language"] = "en"
    document = _open(client.post(URL, report_form()).content)
    texts = _texts(document)
    assert "The report covers the tasks of Phường Đoàn Kết and the units under it only." in texts
    assert [row[1] for row in table_rows(table_after(document, "Table 3."))[1:]] == [
        "Nhiệm vụ d (01-KH/BCĐ)"
    ]
    assert table_rows(table_after(document, "Table 5."))[1][2:] == [
        "1,000,000,000",
        "250,000,000",
        "25.00",
    ]


def test_bad_input_is_named_on_its_field(
    year_board: YearBoard,  # noqa: F811
    users: Any,
    client: Any,
    on_today: None,  # noqa: F811
) -> None:
    client.force_login(users[Role.CENTER_STAFF])
    response = client.post(URL, report_form(year="1999", day=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="error-year"' in page and 'data-testid="error-day"' in page


def test_the_command_writes_the_docx_and_the_xlsx(
    year_board: YearBoard,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "bao-cao.docx"
    call_command(
        "steering_report", "--year", "2026", "--out", str(out), "--as-of", "2026-06-15",
        "--number", "15/BC-TTĐMST", "--date", "2026-06-16", "--language", "en",
        "--signer-name", "Nguyễn Văn An",
    )  # fmt: skip
    document = _open(out.read_bytes())
    assert document.tables[0].cell(1, 0).text == "Số: 15/BC-TTĐMST"
    texts = _texts(document)
    assert [t for t in texts if t in SECTIONS] == SECTIONS
    assert texts[texts.index(SECTIONS[-1]) + 1].startswith("1. Units with overdue tasks")
    assert table_rows(table_after(document, "Table 2."))[1][:3] == ["1", "Phường Đoàn Kết", "7"]
    workbook_path = tmp_path / "bao-cao.xlsx"
    call_command("steering_report", "--year", "2026", "--out", str(workbook_path),
                 "--as-of", "2026-06-15", "--language", "en")  # fmt: skip
    workbook = load_workbook(workbook_path)
    assert workbook["Overdue tasks"]["B3"].value == "Nhiệm vụ n"


def test_the_command_names_the_bad_option(year_board: YearBoard, tmp_path: Path) -> None:  # noqa: F811
    with pytest.raises(CommandError, match="--year"):
        call_command("steering_report", "--year", "1990", "--out", str(tmp_path / "r.docx"),
                     "--as-of", "2026-06-15", "--language", "en")  # fmt: skip
    with pytest.raises(CommandError, match=r"\.docx or \.xlsx"):
        call_command("steering_report", "--year", "2026", "--out", str(tmp_path / "r.pdf"))
    assert not list(tmp_path.iterdir())
