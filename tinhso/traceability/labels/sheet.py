"""The printable sheet of a batch's labels: A4, 3 × 8 labels of 70 × 36 mm, each with the
product's name, the lot, the production and expiry dates, the QR code of the batch's Digital
Link URI and the GTIN, in DejaVu Sans so that Vietnamese prints."""

from __future__ import annotations

import io
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tinhso.traceability.labels.codes import font_path, qr_code

COLUMNS, ROWS = 3, 8
PER_PAGE = COLUMNS * ROWS
MAX_LABELS = 10 * PER_PAGE
LABEL_WIDTH, LABEL_HEIGHT = 70 * mm, 36 * mm
QR_SIZE = 30 * mm
PADDING = 3 * mm
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    registered = pdfmetrics.getRegisteredFontNames()
    for name, bold in ((FONT, False), (BOLD, True)):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(font_path(bold))))


def label_lines(batch: Any) -> list[tuple[str, str]]:
    """(label, value) lines printed beside the QR code."""
    lines = [
        (_("Lot"), batch.lot),
        (_("Produced"), formats.date_format(batch.production_date, "d/m/Y")),
    ]
    if batch.expiry_date:
        lines.append((_("Expires"), formats.date_format(batch.expiry_date, "d/m/Y")))
    if batch.product.gtin:
        lines.append((_("GTIN"), batch.product.gtin))
    return lines


def batch_sheet(batch: Any, uri: str, count: int = PER_PAGE) -> bytes:
    """A PDF of ``count`` identical labels of ``batch`` whose QR codes carry ``uri``."""
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{batch.product.name} — {batch.lot}")
    canvas.setAuthor("Tỉnh Số")
    page_width, page_height = A4
    left = (page_width - COLUMNS * LABEL_WIDTH) / 2
    top = page_height - (page_height - ROWS * LABEL_HEIGHT) / 2
    matrix = qr_code(uri).matrix
    lines = label_lines(batch)
    for index in range(count):
        if index and index % PER_PAGE == 0:
            canvas.showPage()
        row, column = divmod(index % PER_PAGE, COLUMNS)
        x = left + column * LABEL_WIDTH
        y = top - (row + 1) * LABEL_HEIGHT
        _draw_label(canvas, x, y, batch.product.name, lines, matrix, uri)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_label(
    canvas: Canvas,
    x: float,
    y: float,
    name: str,
    lines: list[tuple[str, str]],
    matrix: Any,
    uri: str,
) -> None:
    canvas.setStrokeGray(0.8)
    canvas.setLineWidth(0.25)
    canvas.rect(x, y, LABEL_WIDTH, LABEL_HEIGHT)  # a cutting guide
    _draw_qr(canvas, x + PADDING, y + (LABEL_HEIGHT - QR_SIZE) / 2, matrix)
    text_x = x + PADDING + QR_SIZE + 2 * mm
    text_width = LABEL_WIDTH - (text_x - x) - PADDING
    cursor = y + LABEL_HEIGHT - PADDING - 8
    canvas.setFillGray(0)
    canvas.setFont(BOLD, 8)
    for part in simpleSplit(name, BOLD, 8, text_width)[:2]:
        canvas.drawString(text_x, cursor, part)
        cursor -= 9.5
    cursor -= 1.5
    canvas.setFont(FONT, 6.5)
    floor = y + 3 * mm  # above the URI line
    for label, value in lines:
        for part in simpleSplit(f"{label}: {value}", FONT, 6.5, text_width)[:2]:
            if cursor < floor:
                break
            canvas.drawString(text_x, cursor, part)
            cursor -= 8
    canvas.setFont(FONT, 4.5)
    canvas.setFillGray(0.3)
    canvas.drawString(x + PADDING, y + 1.2 * mm, fit(uri, 4.5, LABEL_WIDTH - 2 * PADDING))


def fit(text: str, size: float, width: float) -> str:
    """``text`` cut short with "…" to fit ``width`` in DejaVu Sans of ``size`` points."""
    if pdfmetrics.stringWidth(text, FONT, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", FONT, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_qr(canvas: Canvas, x: float, y: float, matrix: Any) -> None:
    """The QR code's dark modules as squares, with its 4-module quiet zone inside QR_SIZE."""
    size = len(matrix)
    module = QR_SIZE / (size + 8)
    canvas.setFillGray(0)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                path.rect(
                    x + (col_index + 4) * module,
                    y + QR_SIZE - (row_index + 5) * module,
                    module,
                    module,
                )
    canvas.drawPath(path, stroke=0, fill=1)
