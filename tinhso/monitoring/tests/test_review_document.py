"""The review report's files: the DOCX read back with python-docx (Decree 30 letterhead, fonts,
margins, figures), the XLSX with openpyxl (the same figures, as numbers). The figures are those
worked out by hand in test_review_figures."""

import io
from datetime import date
from typing import Any

import pytest
from django.utils import translation
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from tinhso.core.tests.documents import table_after, table_rows
from tinhso.monitoring.review.document import Letterhead, build_docx
from tinhso.monitoring.review.figures import collect, review_periods
from tinhso.monitoring.review.workbook import build_xlsx
from tinhso.monitoring.tests.test_review_figures import TODAY, review_data  # noqa: F401
from tinhso.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

ISSUER = "Trung tâm Đổi mới sáng tạo và Chuyển đổi số"
LETTERHEAD = Letterhead(
    kind="six_month",
    subject="Nghị quyết số 57-NQ/TW",
    parent_body="UBND TỈNH LAI CHÂU",
    issuer=ISSUER,
    number="15/BC-TTĐMST",
    place="Lai Châu",
    day=date(2026, 7, 5),
    signer_title=["KT. GIÁM ĐỐC", "Phó Giám đốc"],
    signer_name="Nguyễn Văn An",
    recipients=["UBND tỉnh (để báo cáo);", "- Sở Khoa học và Công nghệ"],
)


def _review(lai_chau: OrgUnit) -> Any:
    return collect(unit=lai_chau, periods=review_periods("2026Q1", "2026Q2"), today=TODAY)


@pytest.fixture
def document(review_data: Any, lai_chau: OrgUnit) -> DocumentObject:  # noqa: F811
    return Document(io.BytesIO(build_docx(_review(lai_chau), LETTERHEAD)))


def _mm(length: Any) -> float:
    return round(float(length.mm), 1)


def _texts(cell: Any) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _paragraph(document: DocumentObject, text: str) -> Paragraph:
    return next(p for p in document.paragraphs if p.text == text)


def test_letterhead_in_the_decree_30_layout(document: DocumentObject) -> None:
    header = document.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert _texts(left) == ["UBND TỈNH LAI CHÂU", "TRUNG TÂM ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ"]
    assert _texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert _texts(header.cell(1, 0)) == ["Số: 15/BC-TTĐMST"]
    assert _texts(header.cell(1, 1)) == ["Lai Châu, ngày 05 tháng 7 năm 2026"]
    parent, issuer, issuer_rule = left.paragraphs
    nation, motto, motto_rule = right.paragraphs
    assert not parent.runs[0].bold and issuer.runs[0].bold
    assert nation.runs[0].bold and motto.runs[0].bold
    assert header.cell(1, 1).paragraphs[0].runs[0].italic
    # the short rules under the issuing body and the motto: bordered empty paragraphs
    for rule in (issuer_rule, motto_rule):
        assert rule.text == ""
        assert rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    assert _mm(issuer_rule.paragraph_format.left_indent) == (65 - 4 - 25) / 2
    assert {p.alignment for p in [parent, issuer, nation, motto]} == {WD_ALIGN_PARAGRAPH.CENTER}


def test_title_and_summary_line(document: DocumentObject) -> None:
    title = _paragraph(document, "BÁO CÁO")
    summary = _paragraph(
        document,
        "Six-month review of the implementation of Nghị quyết số 57-NQ/TW in the first six "
        "months of 2026",
    )
    for paragraph in (title, summary):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraph.runs[0].bold
    assert document.core_properties.title == summary.text


def test_a4_page_margins_and_page_numbers(document: DocumentObject) -> None:
    section = document.sections[0]
    # (Word stores lengths in twentieths of a point, so compare in whole tenths of a mm)
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert (_mm(section.top_margin), _mm(section.bottom_margin)) == (20, 20)
    assert (_mm(section.left_margin), _mm(section.right_margin)) == (30, 15)
    # page numbers centred in the header from page 2: the first page has a header of its own
    assert section.different_first_page_header_footer
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [i.text for i in number._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert [p.text for p in section.first_page_header.paragraphs] == [""]


def test_times_new_roman_everywhere(document: DocumentObject) -> None:
    normal: Any = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert _mm(normal.paragraph_format.first_line_indent) == 10
    runs = [run for p in _all_paragraphs(document) for run in p.runs]
    assert len(runs) > 300
    assert {run.font.name for run in runs} == {"Times New Roman"}
    body = _paragraph(document, "I. GENERAL SITUATION").runs[0]
    assert body.bold and body.font.size is None  # the Normal style's 14 pt


def _all_paragraphs(document: DocumentObject) -> list[Paragraph]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return paragraphs


def test_indicator_table_figures(document: DocumentObject) -> None:
    table = table_after(document, "Table 2.")
    assert table_rows(table) == [
        ["No.", "Indicator", "Unit of measure", "Result", "Same period a year before",
         "Target", "Target year", "Progress (%)", "Rating"],
        ["1", "Tỷ lệ nữ được tập huấn", "%", "40.0", "-", "40.0", "2026", "100.0", "On track"],
        ["2", "Khởi nghiệp được hỗ trợ", "doanh nghiệp", "15", "9", "20", "2026", "75.0",
         "Off track"],
    ]  # fmt: skip
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None  # on every page


def test_reporting_and_unit_tables(document: DocumentObject) -> None:
    assert table_rows(table_after(document, "Table 1."))[1:] == [
        ["Báo cáo tháng", "Monthly", "38", "190", "3", "2", "1", "187", "1.6", "1.1"],
        ["Báo cáo năm", "Yearly", "38", "0", "0", "0", "0", "0", "-", "-"],
        ["Total", "", "38", "190", "3", "2", "1", "187", "1.6", "1.1"],
    ]
    units = table_rows(table_after(document, "Table 3."))
    assert units[0] == [
        "No.", "Unit", "Tỷ lệ nữ được tập huấn (%)", "Khởi nghiệp được hỗ trợ (doanh nghiệp)",
    ]  # fmt: skip
    assert units[1:] == [["1", "Xã Bình Lư", "20.0", "9"], ["2", "Phường Đoàn Kết", "60.0", "6"]]
    overdue = table_rows(table_after(document, "Table 4."))
    assert len(overdue) == 1 + 38


def test_sections_text_charts_and_signature(document: DocumentObject) -> None:
    texts = [p.text for p in document.paragraphs]
    headings = [t for t in texts if t[:3] in ("I. ", "II.", "III", "IV.")]
    assert headings == [
        "I. GENERAL SITUATION", "II. RESULTS BY INDICATOR", "III. REMAINING ISSUES",
        "IV. PROPOSALS AND RECOMMENDATIONS",
    ]  # fmt: skip
    assert (
        "Of 190 reports due, 3 were received (1.6%), 2 of them on time (1.1%) and 1 late; "
        "187 reports are overdue and not yet received." in texts
    )
    assert "Indicators off track: Khởi nghiệp được hỗ trợ (75.0%)." in texts
    assert "Table 3. Main indicators by unit under tỉnh Lai Châu" in texts  # not "Tỉnh"
    assert "187 reports from 38 units are overdue and not yet received:" in texts
    assert len(document.inline_shapes) == 2  # progress by indicator, the trend
    placeholder = next(p for p in document.paragraphs if p.text.startswith("[Write here"))
    assert placeholder.runs[0].font.highlight_color is not None
    signature = document.tables[-1]
    recipients, signer = signature.cell(0, 0), signature.cell(0, 1)
    assert _texts(recipients) == [
        "Nơi nhận:", "- UBND tỉnh (để báo cáo);", "- Sở Khoa học và Công nghệ;", "- Lưu: VT.",
    ]  # fmt: skip
    heading = recipients.paragraphs[0].runs[0]
    assert (heading.bold, heading.italic, heading.font.size) == (True, True, Pt(12))
    assert recipients.paragraphs[1].runs[0].font.size == Pt(11)
    assert _texts(signer) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"]
    assert all(p.runs[0].bold for p in signer.paragraphs if p.text)


def test_vietnamese_number_formats(review_data: Any, lai_chau: OrgUnit) -> None:  # noqa: F811
    with translation.override("vi"):
        document = Document(io.BytesIO(build_docx(_review(lai_chau), LETTERHEAD)))
    table = next(t for t in document.tables if len(t.columns) == 9)
    assert [c.text for c in table.rows[1].cells][3:8] == ["40,0", "-", "40,0", "2026", "100,0"]


def test_a_blank_number_leaves_room_for_the_clerk(
    review_data: Any,  # noqa: F811
    lai_chau: OrgUnit,
) -> None:
    letterhead = Letterhead(**{**LETTERHEAD.__dict__, "number": "/BC-TTĐMST", "proposals": "A\nB"})
    document = Document(io.BytesIO(build_docx(_review(lai_chau), letterhead)))
    assert document.tables[0].cell(1, 0).text == "Số:\u2002\u2002\u2002\u2002\u2002\u2002/BC-TTĐMST"
    assert [p.text for p in document.paragraphs][-3:-1] == ["A", "B"]


def test_the_workbook_has_the_same_figures_as_numbers(
    review_data: Any,  # noqa: F811
    lai_chau: OrgUnit,
) -> None:
    # when
    workbook = load_workbook(io.BytesIO(build_xlsx(_review(lai_chau), LETTERHEAD)))
    # then
    assert workbook.sheetnames == [
        "Report", "Reporting", "Indicators", "Units", "Overdue reports", "Trend",
    ]  # fmt: skip
    indicators = _sheet_rows(workbook["Indicators"])
    assert indicators[0] == ("Indicators in the first six months of 2026",) + (None,) * 8
    assert indicators[2:] == [
        (1, "Tỷ lệ nữ được tập huấn", "%", 40.0, None, 40.0, 2026, 100.0, "On track"),
        (2, "Khởi nghiệp được hỗ trợ", "doanh nghiệp", 15, 9, 20, 2026, 75.0, "Off track"),
    ]
    assert workbook["Indicators"]["D3"].number_format == "#,##0.0"
    reporting = _sheet_rows(workbook["Reporting"])
    assert reporting[2] == ("Báo cáo tháng", "Monthly", 38, 190, 3, 2, 1, 187, 1.6, 1.1)
    assert reporting[-1] == ("Total", None, 38, 190, 3, 2, 1, 187, 1.6, 1.1)
    assert _sheet_rows(workbook["Units"])[2:] == [
        (1, "Xã Bình Lư", 20.0, 9), (2, "Phường Đoàn Kết", 60.0, 6),
    ]  # fmt: skip
    assert _sheet_rows(workbook["Trend"])[2:] == [
        ("Quarter 1/2026", 60.0, None), ("Quarter 2/2026", 20.0, None),
    ]  # fmt: skip
    assert len(_sheet_rows(workbook["Overdue reports"])) == 2 + 38
    cover = dict(row[:2] for row in _sheet_rows(workbook["Report"])[2:])
    assert cover["From period"] == "2026Q1" and cover["To period"] == "2026Q2"


def _sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))
