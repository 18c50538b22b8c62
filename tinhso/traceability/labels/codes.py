"""The codes a label carries, drawn without a browser or a native library.

- the QR code of the GS1 Digital Link URI of a product, a batch or a serialised item
  (``segno``);
- the EAN-13 of a GTIN-13 (a GTIN stored as 14 digits with a leading 0), encoded here from the
  ISO/IEC 15420 tables;
- the GS1-128 of ``(01) GTIN (10) lot``, ``(01) GTIN (21) serial`` or ``(01) GTIN (10) lot
  (21) serial``: Code 128 starting with FNC1, encoded by reportlab's Code 128 (FNC1 written as
  ``\\xf1``). A lot followed by a serial ends with an FNC1 separator; the last field needs none.
  At most 48 data characters (GS1 General Specifications, GS1-128), which a long lot and a long
  serial together can pass: such an item's barcode carries (01)(21) only.

A linear barcode is a string of modules, "1" a bar and "0" a space; :func:`barcode_svg` and
:func:`barcode_png` draw it with its quiet zones and the human-readable text below.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from matplotlib import get_data_path
from PIL import Image, ImageDraw, ImageFont
from reportlab.graphics.barcode.code128 import Code128

from tinhso.traceability.gs1.digital_link import DigitalLink
from tinhso.traceability.gs1.keys import check_digit

FNC1 = "\xf1"
GS1_128_MAX = 48  # data characters, AIs and separators included, the leading FNC1 not
QR_ERROR = "m"  # 15% of the symbol may be damaged and still read
_L = ("0001101", "0011001", "0010011", "0111101", "0100011",
      "0110001", "0101111", "0111011", "0110111", "0001011")  # fmt: skip
_R = tuple("".join("1" if bit == "0" else "0" for bit in code) for code in _L)
_G = tuple(code[::-1] for code in _R)
_PARITY = ("LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
           "LGGLLG", "LGGGLG", "LGLGGL", "LGLGLG", "LGGLGL")  # fmt: skip


class LabelError(ValueError):
    """The record cannot carry this code (e.g. no GTIN, or not a GTIN-13 for an EAN-13)."""


@dataclass(frozen=True)
class Linear:
    """A linear barcode: its modules, quiet zones (in modules) and human-readable text."""

    modules: str
    text: str
    quiet_left: int
    quiet_right: int


def site_base(request: Any = None) -> str:
    """Where the resolver answers: settings.SITE_URL, else the request's scheme and host."""
    if settings.SITE_URL:
        return str(settings.SITE_URL)
    if request is None:
        raise LabelError("SITE_URL is not set and there is no request to take the host from.")
    return f"{request.scheme}://{request.get_host()}"


def digital_link_uri(gtin: str, base: str, *, lot: str = "", serial: str = "") -> str:
    """``{base}/01/{gtin}[/10/{lot}][/21/{serial}]`` built by the Digital Link module."""
    if not gtin:
        raise LabelError("The product has no GTIN.")
    qualifiers = {ai: value for ai, value in (("10", lot), ("21", serial)) if value}
    return DigitalLink(key="01", value=gtin, qualifiers=qualifiers).uri(base)


def serial_uri(serial: Any, base: str) -> str:
    """The Digital Link of a serialised item: ``/01/{gtin}/10/{lot}/21/{serial}`` when it
    belongs to a batch (the standard's qualifier order, which the resolver requires), else
    ``/01/{gtin}/21/{serial}``."""
    lot = serial.batch.lot if serial.batch_id is not None else ""
    return digital_link_uri(serial.product.gtin, base, lot=lot, serial=serial.serial)


def qr_code(uri: str) -> segno.QRCode:
    """The QR code of ``uri`` (never a Micro QR: phones do not read those)."""
    return segno.make(uri, error=QR_ERROR, micro=False)


def qr_svg(uri: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(uri).save(buffer, kind="svg", scale=4, border=4, title=uri)
    return buffer.getvalue()


def qr_png(uri: str) -> bytes:
    buffer = io.BytesIO()
    qr_code(uri).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def gtin13_of(gtin: str) -> str:
    """The GTIN-13 of a GTIN stored as 14 digits; LabelError when it is not one."""
    if len(gtin) != 14 or not gtin.isdigit() or gtin[0] != "0":
        raise LabelError("An EAN-13 carries a GTIN-13 only.")
    if check_digit(gtin[1:13]) != gtin[13]:
        raise LabelError("The GTIN's check digit is wrong.")
    return gtin[1:]


def ean13(gtin: str) -> Linear:
    """The EAN-13 of a GTIN-13 (or a 14-digit GTIN with a leading 0): 95 modules."""
    digits = gtin13_of(gtin) if len(gtin) == 14 else gtin13_of("0" + gtin)
    parity = _PARITY[int(digits[0])]
    left = "".join(
        (_L if side == "L" else _G)[int(d)] for d, side in zip(digits[1:7], parity, strict=True)
    )
    right = "".join(_R[int(d)] for d in digits[7:])
    return Linear("101" + left + "01010" + right + "101", digits, 11, 7)


def gs1_128_data(gtin: str, lot: str = "", serial: str = "") -> str:
    """The GS1-128 data: FNC1, (01) and the 14-digit GTIN, then (10) and the lot and/or (21)
    and the serial. LabelError without a GTIN, or past 48 data characters."""
    if not gtin:
        raise LabelError("The product has no GTIN.")
    data = _gs1_128_payload(gtin, lot, serial)
    if len(data) - 1 > GS1_128_MAX:
        raise LabelError("Too long for one GS1-128 symbol.")
    return data


def _gs1_128_payload(gtin: str, lot: str, serial: str) -> str:
    """(01) has a fixed length, so nothing separates it from what follows; a lot has not, so
    an FNC1 ends it when a serial follows; the last field needs no separator."""
    data = f"{FNC1}01{gtin}"
    if lot:
        data += f"10{lot}"
    if serial:
        data += f"{FNC1 if lot else ''}21{serial}"
    return data


def gs1_128_text(gtin: str, lot: str = "", serial: str = "") -> str:
    """The human-readable line: ``(01)…(10)…(21)…``."""
    pairs = (("01", gtin), ("10", lot), ("21", serial))
    return "".join(f"({ai}){value}" for ai, value in pairs if value)


def gs1_128(gtin: str, lot: str = "", serial: str = "") -> Linear:
    """The GS1-128 of ``(01) GTIN`` with ``(10) lot`` and/or ``(21) serial``."""
    symbol = Code128(gs1_128_data(gtin, lot, serial))
    symbol.validate()
    symbol.encode()
    symbol.decompose()  # widths: A-D bars, a-d spaces, 1-4 modules each
    modules = "".join(
        ("1" if width.isupper() else "0") * (ord(width.upper()) - ord("A") + 1)
        for width in symbol.decomposed
    )
    return Linear(modules, gs1_128_text(gtin, lot, serial), 10, 10)


def serial_gs1_128(serial: Any) -> Linear:
    """The GS1-128 of a serialised item: ``(01)(10)(21)`` when the lot and the serial fit in
    one symbol, else ``(01)(21)``: the GTIN and the serial identify the item on their own."""
    gtin = serial.product.gtin
    lot = serial.batch.lot if serial.batch_id is not None else ""
    if len(_gs1_128_payload(gtin, lot, serial.serial)) - 1 > GS1_128_MAX:
        lot = ""
    return gs1_128(gtin, lot, serial.serial)


def _bars(modules: str) -> list[tuple[int, int]]:
    """(start, width) of each bar."""
    bars, start = [], None
    for index, bit in enumerate(modules + "0"):
        if bit == "1" and start is None:
            start = index
        elif bit == "0" and start is not None:
            bars.append((start, index - start))
            start = None
    return bars


BAR_HEIGHT = 60  # modules
TEXT_HEIGHT = 14  # modules


def barcode_svg(code: Linear) -> bytes:
    """The barcode as SVG, one module one user unit, the text below."""
    width = code.quiet_left + len(code.modules) + code.quiet_right
    height = BAR_HEIGHT + TEXT_HEIGHT
    rects = "".join(
        f'<rect x="{code.quiet_left + x}" y="0" width="{w}" height="{BAR_HEIGHT}"/>'
        for x, w in _bars(code.modules)
    )
    text = (
        f'<text x="{width / 2:g}" y="{height - 2}" font-family="DejaVu Sans, sans-serif" '
        f'font-size="11" text-anchor="middle">{_escape(code.text)}</text>'
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width * 2}" height="{height * 2}">'
        f'<rect width="{width}" height="{height}" fill="#fff"/>'
        f'<g fill="#000">{rects}</g>{text}</svg>'
    ).encode()


def barcode_png(code: Linear, scale: int = 3) -> bytes:
    """The barcode as a PNG, ``scale`` pixels a module, the text below in DejaVu Sans."""
    width = (code.quiet_left + len(code.modules) + code.quiet_right) * scale
    image = Image.new("L", (width, (BAR_HEIGHT + TEXT_HEIGHT) * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, w in _bars(code.modules):
        left = (code.quiet_left + x) * scale
        draw.rectangle((left, 0, left + w * scale - 1, BAR_HEIGHT * scale - 1), fill=0)
    font = ImageFont.truetype(str(font_path()), 11 * scale)
    draw.text((width / 2, (BAR_HEIGHT + 1) * scale), code.text, fill=0, font=font, anchor="mt")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@cache
def font_path(bold: bool = False) -> Path:
    """DejaVu Sans (Vietnamese glyphs included) as matplotlib ships it: always offline."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return Path(get_data_path()) / "fonts" / "ttf" / name


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
