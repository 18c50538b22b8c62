"""Printable sheets of labels: A4, 3 × 8 labels of 70 × 36 mm, each with the product's name,
a few lines (lot, dates, serial number, GTIN) and a QR code of a Digital Link URI, in DejaVu Sans
so that Vietnamese prints.

- a batch's sheet: ``count`` identical labels of the batch's URI;
- a sheet of serialised items: one label per serial number, each with its own URI.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
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
    """(label, value) lines printed beside the QR code of a batch's label."""
    return [*_batch_facts(batch), *_gtin_line(batch.product)]


def serial_lines(serial: Any) -> list[tuple[str, str]]:
    """(label, value) lines of a serialised item's label: its serial number, then its batch's
    lot and dates when it has one, and the GTIN."""
    facts = _batch_facts(serial.batch) if serial.batch_id is not None else []
    return [(_("Serial"), serial.serial), *facts, *_gtin_line(serial.product)]


def _batch_facts(batch: Any) -> list[tuple[str, str]]:
    lines = [
        (_("Lot"), batch.lot),
        (_("Produced"), formats.date_format(batch.production_date, "d/m/Y")),
    ]
    if batch.expiry_date:
        lines.append((_("Expires"), formats.date_format(batch.expiry_date, "d/m/Y")))
    return lines


def _gtin_line(product: Any) -> list[tuple[str, str]]:
    return [(_("GTIN"), product.gtin)] if product.gtin else []


Label = tuple[str, list[tuple[str, str]], Any, str]  # name, lines, QR matrix, URI


def batch_sheet(batch: Any, uri: str, count: int = PER_PAGE) -> bytes:
    """A PDF of ``count`` identical labels of ``batch`` whose QR codes carry ``uri``."""
    label: Label = (batch.product.name, label_lines(batch), qr_code(uri).matrix, uri)
    return _sheet(f"{batch.product.name} — {batch.lot}", [label] * count)


def serial_sheet(title: str, serials: Sequence[Any], uris: Sequence[str]) -> bytes:
    """A PDF of one label per serialised item, its QR code carrying its URI (``uris`` in the
    order of ``serials``), 24 a page."""
    labels = [
        (serial.product.name, serial_lines(serial), qr_code(uri).matrix, uri)
        for serial, uri in zip(serials, uris, strict=True)
    ]
    return _sheet(title, labels)


def _sheet(title: str, labels: Sequence[Label]) -> bytes:
    """The labels in rows of three, top to bottom, a new A4 page every 24."""
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("Tỉnh Số")
    page_width, page_height = A4
    left = (page_width - COLUMNS * LABEL_WIDTH) / 2
    top = page_height - (page_height - ROWS * LABEL_HEIGHT) / 2
    for index, (name, lines, matrix, uri) in enumerate(labels):
        if index and index % PER_PAGE == 0:
            canvas.showPage()
        row, column = divmod(index % PER_PAGE, COLUMNS)
        x = left + column * LABEL_WIDTH
        y = top - (row + 1) * LABEL_HEIGHT
        _draw_label(canvas, x, y, name, lines, matrix, uri)
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
    """The QR code's dark modules, each row's runs of them as one rectangle (the same picture
    as square by square, in a third of the drawing work and of the file), with its 4-module
    quiet zone inside QR_SIZE."""
    size = len(matrix)
    module = QR_SIZE / (size + 8)
    canvas.setFillGray(0)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        bottom = y + QR_SIZE - (row_index + 5) * module
        for start, length in _runs(row):
            path.rect(x + (start + 4) * module, bottom, length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def _runs(row: Any) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row of the matrix."""
    runs: list[tuple[int, int]] = []
    start = None
    for index, dark in enumerate([*row, 0]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs
