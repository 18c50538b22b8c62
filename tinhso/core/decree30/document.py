"""The layout of an administrative document under Decree 30/2020/NĐ-CP (Appendix I), in
python-docx: A4 page and margins, Times New Roman, the letterhead with the national motto, the
title, body paragraphs, tables, figures, the signature and the recipients.

The national motto, "Số:", "Nơi nhận:" and "Lưu: VT" are formulae the decree fixes word for
word; they stay Vietnamese whatever the language the rest of the document is written in.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NUMBER = "Số:"
RECIPIENTS = "Nơi nhận:"
ARCHIVE = "Lưu: VT"

# A4 with margins inside the decree's ranges: top and bottom 20–25 mm, left 30–35 mm,
# right 15–20 mm; the text block is 165 mm wide.
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
# The letterhead's columns: the issuing body left, the national motto right.
LEFT_MM, RIGHT_MM = 65, 100

Container = DocumentObject | _Cell
_CENTRE = WD_ALIGN_PARAGRAPH.CENTER
BLANK = "\u2002" * 6  # room for the clerk to write the number in
# The elements that must follow w:pBdr in w:pPr, and w:lang in w:rPr (ECMA-376 part 1, 17.3).
PBDR_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
LANG_SUCCESSORS = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def new_document(*, title: str, author: str) -> DocumentObject:
    """An empty A4 document with the decree's margins, fonts and page numbers."""
    document = Document()
    _page(document.sections[0])
    _fonts(document)
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.language = "vi-VN"
    return document


def _page(section: Section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # The page number is centred in the header from page 2 on; page 1 has the letterhead.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)


def _page_field(paragraph: Paragraph) -> None:
    """A PAGE field: Word and LibreOffice put the current page's number in its place."""
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    styled(paragraph, "", size=BODY_PT)._r.append(instruction)
    _field_char(paragraph, "separate")
    styled(paragraph, "2", size=BODY_PT)  # shown by a reader that does not update fields
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    styled(paragraph, "", size=BODY_PT)._r.append(mark)


def _fonts(document: DocumentObject) -> None:
    """Times New Roman 14 for every script, Vietnamese proofing, justified, 1 cm first line."""
    normal: Any = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _all_scripts(normal.element.get_or_add_rPr())
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().insert_element_before(language, *LANG_SUCCESSORS)
    layout = normal.paragraph_format
    layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    layout.first_line_indent = Mm(10)
    layout.space_before = Pt(6)
    layout.space_after = Pt(0)
    layout.line_spacing = 1.15


def _all_scripts(properties: Any) -> None:
    fonts = properties.get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def styled(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
) -> Run:
    """A run in Times New Roman (named on the run too, so that a copy into another document
    keeps it)."""
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    run.font.name = FONT
    _all_scripts(run._r.get_or_add_rPr())
    if size is not None:
        run.font.size = Pt(size)
    return run


def paragraph(
    container: Container,
    text: str = "",
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = True,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    before: float | None = None,
    after: float | None = None,
) -> Paragraph:
    """A paragraph of one run; a body paragraph (justified, first line indented) by default."""
    para: Paragraph = container.add_paragraph()
    if align is not None:
        para.alignment = align
    if not indent:
        para.paragraph_format.first_line_indent = Mm(0)
    if before is not None:
        para.paragraph_format.space_before = Pt(before)
    if after is not None:
        para.paragraph_format.space_after = Pt(after)
    if text:
        styled(para, text, bold=bold, italic=italic, size=size)
    return para


def placeholder(container: Container, text: str) -> Paragraph:
    """A body paragraph highlighted yellow: text the author is expected to rewrite."""
    para = paragraph(container)
    styled(para, text, italic=True).font.highlight_color = WD_COLOR_INDEX.YELLOW
    return para


def rule(container: Container, length_mm: float, width_mm: float) -> Paragraph:
    """A short centred horizontal line: an empty, 1 pt high paragraph with a bottom border,
    indented from both sides so that the border is ``length_mm`` long."""
    para = paragraph(container, indent=False, before=0, after=4)
    side = Mm(max(width_mm - length_mm, 0) / 2)
    layout = para.paragraph_format
    layout.left_indent = layout.right_indent = side
    layout.line_spacing = Pt(1)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(name), value)
    border.append(bottom)
    # Word rejects a document whose paragraph properties are out of the schema's order.
    para._p.get_or_add_pPr().insert_element_before(border, *PBDR_SUCCESSORS)
    return para


# The letterhead and the title -------------------------------------------------------------------


def letterhead(
    document: DocumentObject, *, parent_body: str, issuer: str, number: str, date_line: str
) -> None:
    """Left: the parent body, the issuing body in bold with a rule, the number; right: the
    national name, the motto with a rule as long as itself, the place and date in italics."""
    table = _grid(document, rows=2, widths_mm=[LEFT_MM, RIGHT_MM], borders=False)
    (left, right), (number_cell, date_cell) = _cells(table)
    _first(left, parent_body.upper(), size=12)
    paragraph(left, issuer.upper(), align=_CENTRE, indent=False, bold=True, size=12, before=0)
    rule(left, 25, LEFT_MM - 4)
    _first(right, NATION, bold=True, size=12)
    paragraph(right, MOTTO, align=_CENTRE, indent=False, bold=True, size=13, before=0)
    rule(right, 56, RIGHT_MM - 4)
    _first(number_cell, number_line(number), size=13)
    _first(date_cell, date_line, italic=True, size=14)


def number_line(number: str) -> str:
    """ "Số: 15/BC-TTĐMST"; a number left out ("/BC-TTĐMST", or nothing) leaves room for it."""
    shown = number.strip()
    if not shown:
        return f"{NUMBER}{BLANK}/BC-"
    return f"{NUMBER}{BLANK}{shown}" if shown.startswith("/") else f"{NUMBER} {shown}"


def _first(cell: _Cell, text: str, **style: Any) -> Paragraph:
    """The cell's own first paragraph, centred, with ``text``."""
    para: Paragraph = cell.paragraphs[0]
    para.alignment = _CENTRE
    para.paragraph_format.first_line_indent = Mm(0)
    para.paragraph_format.space_before = Pt(0)
    styled(para, text, **style)
    return para


def title(document: DocumentObject, kind: str, summary: str) -> None:
    """The kind of document in bold capitals, its summary line in bold, a short rule."""
    paragraph(document, kind.upper(), align=_CENTRE, indent=False, bold=True, size=14, before=18)
    paragraph(document, summary, align=_CENTRE, indent=False, bold=True, size=14, before=0)
    rule(document, 50, TEXT_WIDTH_MM)


def heading(document: DocumentObject, text: str, *, capitals: bool = False) -> Paragraph:
    """A section heading in bold, flush with the text's first lines."""
    return paragraph(document, text.upper() if capitals else text, bold=True, before=9)


# Tables and figures -----------------------------------------------------------------------------


def caption(document: DocumentObject, text: str, *, italic: bool = False) -> Paragraph:
    return paragraph(
        document, text, align=_CENTRE, indent=False, bold=not italic, italic=italic, size=13
    )


def data_table(
    document: DocumentObject,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_mm: Sequence[float],
    numeric: Sequence[bool],
    total: bool = False,
    size: float = TABLE_PT,
) -> Table:
    """A bordered table; the header row repeats on every page; numbers right-aligned."""
    table = _grid(document, rows=1 + len(rows), widths_mm=widths_mm, borders=True)
    header, *body = _cells(table)
    _repeat_header(table.rows[0]._tr)
    for cell, text in zip(header, columns, strict=True):
        _cell_text(cell, text, align=_CENTRE, bold=True, size=size)
    for r, (cells, values) in enumerate(zip(body, rows, strict=True), 1):
        last = total and r == len(rows)
        for c, (cell, text) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric[c] else WD_ALIGN_PARAGRAPH.LEFT
            if c == 0 and not last:
                align = _CENTRE  # the row number
            _cell_text(cell, text, align=align, bold=last, size=size)
    return table


def _cells(table: Table) -> list[list[_Cell]]:
    """The cells row by row, read straight from the XML: python-docx's ``table.cell(r, c)``
    walks the whole table on each call, which is quadratic on a 50-row table."""
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]


def _cell_text(
    cell: _Cell, text: str, *, align: WD_ALIGN_PARAGRAPH, bold: bool, size: float
) -> None:
    para: Paragraph = cell.paragraphs[0]
    para.alignment = align
    layout = para.paragraph_format
    layout.first_line_indent = Mm(0)
    layout.space_before = layout.space_after = Pt(2)
    layout.line_spacing = 1.0
    styled(para, text, bold=bold, size=size)


def _grid(
    document: DocumentObject, *, rows: int, widths_mm: Sequence[float], borders: bool
) -> Table:
    table: Table = document.add_table(rows=rows, cols=len(widths_mm))
    if borders:
        table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word and LibreOffice both keep the widths
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in _cells(table):
        for cell, width in zip(row, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _repeat_header(row: Any) -> None:
    properties = row.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    no_split = OxmlElement("w:cantSplit")
    properties.append(no_split)


def picture(document: DocumentObject, png: bytes, *, width_mm: float, text: str) -> None:
    """A centred picture with its caption in italics underneath."""
    para = paragraph(document, align=_CENTRE, indent=False, before=6)
    styled(para, "").add_picture(io.BytesIO(png), width=Mm(width_mm))
    caption(document, text, italic=True)


# The signature ----------------------------------------------------------------------------------


def signature(
    document: DocumentObject,
    *,
    recipients: Sequence[str],
    signer_title: Sequence[str],
    signer_name: str,
) -> None:
    """Left: "Nơi nhận:" in bold italic 12 pt with the list in 11 pt; right: the signer's title
    in bold capitals, room for the signature and seal, the name in bold."""
    table = _grid(document, rows=1, widths_mm=[80, 85], borders=False)
    ((left, right),) = _cells(table)
    para = _first(left, RECIPIENTS, bold=True, italic=True, size=12)
    para.alignment = WD_ALIGN_PARAGRAPH.LEFT
    para.paragraph_format.space_before = Pt(6)
    for line in recipient_lines(recipients):
        paragraph(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, size=11, before=0)
    lines = [line.strip() for line in signer_title if line.strip()] or [""]
    first = _first(right, lines[0].upper(), bold=True, size=14)
    first.paragraph_format.space_before = Pt(6)
    for line in lines[1:]:
        paragraph(right, line.upper(), align=_CENTRE, indent=False, bold=True, size=14, before=0)
    for _blank in range(4):
        paragraph(right, "", indent=False, before=0, size=14)
    paragraph(right, signer_name, align=_CENTRE, indent=False, bold=True, size=14, before=12)


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """ "- Name;" for each recipient and "- Lưu: VT." last, as the decree writes the list."""
    names = [r.strip().lstrip("-").strip().rstrip(";.").strip() for r in recipients]
    names = [n for n in names if n]
    if not any(n.startswith("Lưu") for n in names):
        names.append(ARCHIVE)
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]
