"""Labels: the QR code of the Digital Link URI, EAN-13 and GS1-128 barcodes (SVG, PNG), the
PDF sheet of a batch's labels, the labels of serialised items (their own URI and GS1-128, a PDF
of one label per serial number, 200 a file), the "Labels" card of the detail pages, and who may
fetch them (columns: administrator, center staff, leader, unit reporter, enterprise,
anonymous)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from PIL import Image
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from tinhso.core.testing import expand, sign_in
from tinhso.traceability.choices import ProductCategory, QuantityUnit
from tinhso.traceability.labels import codes
from tinhso.traceability.labels.sheet import batch_sheet, fit, label_lines, serial_lines
from tinhso.traceability.labels.sheet import serial_sheet as make_serial_sheet
from tinhso.traceability.models import Batch, Product, Serial
from tinhso.traceability.tests.conftest import Registry

pytestmark = pytest.mark.django_db
SITE = "https://truyxuat.tinhso.vn"
GTIN = "08934567000017"  # GTIN-13 8934567000017 as 14 digits
START_C, FNC1, STOP = "11010011100", "11110101110", "1100011101011"  # Code 128 patterns


@pytest.fixture(autouse=True)
def english_and_site(client, settings):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.SITE_URL = SITE


def _pages(body: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", body))


# -- the codes ---------------------------------------------------------------------------


def test_digital_link_uri_of_product_batch_and_serial() -> None:
    assert codes.digital_link_uri(GTIN, SITE) == f"{SITE}/01/{GTIN}"
    assert codes.digital_link_uri(GTIN, SITE + "/", lot="DK 01") == f"{SITE}/01/{GTIN}/10/DK%2001"
    assert (
        codes.digital_link_uri(GTIN, SITE, lot="A1", serial="S/9")
        == f"{SITE}/01/{GTIN}/10/A1/21/S%2F9"
    )
    with pytest.raises(codes.LabelError):
        codes.digital_link_uri("", SITE)


def test_qr_code_carries_the_uri() -> None:
    uri = f"{SITE}/01/{GTIN}/10/DK-01"
    symbol = codes.qr_code(uri)
    assert symbol.matrix == segno.make(uri, error="m", micro=False).matrix
    assert not symbol.is_micro and symbol.error == "M"
    svg = codes.qr_svg(uri).decode()
    assert svg.startswith("<?xml") and "<svg" in svg and f"<title>{uri}</title>" in svg


def test_ean13_bars_of_a_known_gtin() -> None:
    code = codes.ean13(GTIN)
    # start, left digits 9 3 4 5 6 7 with the parity of the leading 8 (L G L G L G), centre,
    # right digits 0 0 0 0 1 7 (R), end — from the ISO/IEC 15420 tables
    expected = (
        "101" + "0001011" + "0100001" + "0100011" + "0111001" + "0101111" + "0010001"
        + "01010" + "1110010" * 4 + "1100110" + "1000100" + "101"
    )  # fmt: skip
    assert code.modules == expected
    assert code.text == "8934567000017"
    assert codes.ean13("8934567000017") == code


@pytest.mark.parametrize("gtin", ["18934567000014", "08934567000018", "12345670"])
def test_ean13_refuses_what_is_not_a_gtin13(gtin: str) -> None:
    with pytest.raises(codes.LabelError):
        codes.ean13(gtin)


def test_gs1_128_data_and_symbol() -> None:
    data = codes.gs1_128_data(GTIN, "DK-01")
    assert data == "\xf1" + "01" + GTIN + "10" + "DK-01"
    symbol = Code128(data)
    symbol.validate()
    symbol.encode()
    values = symbol.encoded
    # start C, FNC1, the GTIN as code C pairs after AI 01, AI 10, then code B for the lot
    assert values[:11] == [105, 102, 1, 8, 93, 45, 67, 0, 0, 17, 10]
    assert values[-1] == 106
    assert values[-2] == (values[0] + sum(i * v for i, v in enumerate(values[1:-2], 1))) % 103
    code = codes.gs1_128(GTIN, "DK-01")
    assert code.modules.startswith(START_C + FNC1)
    assert code.modules.endswith(STOP)
    assert len(code.modules) == 11 * (len(values) - 1) + 13
    assert code.text == f"(01){GTIN}(10)DK-01"


def test_barcode_svg_and_png() -> None:
    code = codes.ean13(GTIN)
    svg = codes.barcode_svg(code).decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 113 74"')
    assert svg.count("<rect ") == 1 + code.modules.count("01") + 1  # white ground + bars
    assert ">8934567000017</text>" in svg
    image = Image.open(io.BytesIO(codes.barcode_png(code, scale=2)))
    assert image.size == (113 * 2, 74 * 2)
    row = [image.getpixel((x * 2, 10)) for x in range(113)]
    assert "".join("1" if p == 0 else "0" for p in row) == "0" * 11 + code.modules + "0" * 7


def _batch(lot: str = "ĐK-01", expiry: dt.date | None = dt.date(2026, 4, 1)) -> Any:
    product = Product(gtin=GTIN, name="Chè Shan tuyết cổ thụ Suối Giàng")
    return Batch(product=product, lot=lot, production_date=dt.date(2025, 4, 1),
                 expiry_date=expiry)  # fmt: skip


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (24, 1), (25, 2), (48, 2), (49, 3)])
def test_sheet_pages(count: int, pages: int) -> None:
    body = batch_sheet(_batch(), f"{SITE}/01/{GTIN}/10/DK-01", count)
    assert body.startswith(b"%PDF-")
    assert _pages(body) == pages
    assert b"DejaVuSans" in body  # the embedded font with Vietnamese glyphs


def test_sheet_text_fits_its_label() -> None:
    batch_sheet(_batch(), SITE, 1)  # registers the fonts
    long = f"{SITE}/01/{GTIN}/10/" + "X" * 60
    assert fit(SITE, 4.5, 200) == SITE
    cut = fit(long, 4.5, 64 * mm)
    assert cut.endswith("…") and long.startswith(cut[:-1]) and len(cut) < len(long)
    assert pdfmetrics.stringWidth(cut, "DejaVuSans", 4.5) <= 64 * mm
    with translation.override("en"):
        lines, bare = label_lines(_batch()), label_lines(_batch(expiry=None))
    assert lines == [
        ("Lot", "ĐK-01"),
        ("Produced", "01/04/2025"),
        ("Expires", "01/04/2026"),
        ("GTIN", GTIN),
    ]
    assert bare[-1] == ("GTIN", GTIN) and len(bare) == 3


# -- the endpoints -----------------------------------------------------------------------


def _url(registry: Registry, name: str, target: str = "own") -> str:
    side = registry.other if target == "other" else registry.own
    product, batch = side.product.pk, side.batch.pk
    return {
        "product_qr.svg": f"/traceability/products/{product}/qr.svg",
        "product_qr.png": f"/traceability/products/{product}/qr.png",
        "product_ean13.svg": f"/traceability/products/{product}/ean13.svg",
        "product_ean13.png": f"/traceability/products/{product}/ean13.png",
        "batch_qr.svg": f"/traceability/batches/{batch}/qr.svg",
        "batch_qr.png": f"/traceability/batches/{batch}/qr.png",
        "batch_gs1_128.svg": f"/traceability/batches/{batch}/gs1-128.svg",
        "batch_gs1_128.png": f"/traceability/batches/{batch}/gs1-128.png",
        "batch_labels": f"/traceability/batches/{batch}/labels.pdf",
        "serial_qr.svg": f"/traceability/serials/{side.serial.pk}/qr.svg",
        "serial_qr.png": f"/traceability/serials/{side.serial.pk}/qr.png",
        "serial_gs1_128.svg": f"/traceability/serials/{side.serial.pk}/gs1-128.svg",
        "serial_gs1_128.png": f"/traceability/serials/{side.serial.pk}/gs1-128.png",
        "batch_serial_labels": f"/traceability/batches/{batch}/serial-labels.pdf",
        "product_serial_labels": f"/traceability/products/{product}/serial-labels.pdf",
    }[name]


READ = (200, 200, 200, 200, 200, 302)
READ_OTHER = (200, 200, 200, 404, 404, 302)
ENDPOINTS = [
    "product_qr.svg", "product_qr.png", "product_ean13.svg", "product_ean13.png",
    "batch_qr.svg", "batch_qr.png", "batch_gs1_128.svg", "batch_gs1_128.png", "batch_labels",
    "serial_qr.svg", "serial_qr.png", "serial_gs1_128.svg", "serial_gs1_128.png",
    "batch_serial_labels", "product_serial_labels",
]  # fmt: skip
MATRIX = {
    **{(name, "own"): READ for name in ENDPOINTS},
    **{(name, "other"): READ_OTHER for name in ENDPOINTS},
}


@pytest.mark.parametrize("case", expand(MATRIX), ids=str)
def test_label_matrix(case, client, users, registry):  # type: ignore[no-untyped-def]
    sign_in(client, users, case.role)
    response = client.get(_url(registry, case.action, case.target))
    assert response.status_code == case.status
    if case.status == 302:
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next=")
    if case.status == 200:
        kind = {"svg": "image/svg+xml", "png": "image/png"}.get(case.action[-3:])
        assert response["Content-Type"] == (kind or "application/pdf")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_batch_qr_endpoints_carry_the_batch_uri(client, users, registry):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.ENTERPRISE)
    batch = registry.own.batch
    uri = f"{SITE}/01/{batch.product.gtin}/10/{batch.lot}"
    expected_svg = io.BytesIO()
    segno.make(uri, error="m", micro=False).save(expected_svg, kind="svg", scale=4, border=4,
                                                  title=uri)  # fmt: skip
    assert client.get(_url(registry, "batch_qr.svg")).content == expected_svg.getvalue()
    png = Image.open(io.BytesIO(client.get(_url(registry, "batch_qr.png")).content)).convert("L")
    matrix = segno.make(uri, error="m", micro=False).matrix
    size = len(matrix)
    assert png.size == ((size + 8) * 8, (size + 8) * 8)
    sampled = tuple(
        bytearray(1 if png.getpixel(((c + 4) * 8 + 4, (r + 4) * 8 + 4)) < 128 else 0
                  for c in range(size))
        for r in range(size)
    )  # fmt: skip
    assert sampled == tuple(bytearray(row) for row in matrix)


def test_uri_on_the_request_host_without_site_url(client, users, registry, settings):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    settings.SITE_URL = ""
    sign_in(client, users, Role.CENTER_STAFF)
    body = client.get(_url(registry, "product_qr.svg")).content.decode()
    assert f"<title>http://testserver/01/{registry.own.product.gtin}</title>" in body


def test_product_codes(client, users, registry):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.ENTERPRISE)
    product = registry.own.product
    assert client.get(_url(registry, "product_ean13.svg")).content == codes.barcode_svg(
        codes.ean13(product.gtin)
    )
    assert (
        f"<title>{SITE}/01/{product.gtin}</title>"
        in client.get(_url(registry, "product_qr.svg")).content.decode()
    )
    gs1 = client.get(_url(registry, "batch_gs1_128.svg")).content
    assert gs1 == codes.barcode_svg(codes.gs1_128(product.gtin, registry.own.batch.lot))
    assert client.get(f"/traceability/products/{product.pk}/qr.gif").status_code == 404


@pytest.mark.parametrize(
    ("query", "status", "pages"),
    [("", 200, 1), ("?count=24", 200, 1), ("?count=25", 200, 2), ("?count=240", 200, 10),
     ("?count=0", 400, 0), ("?count=241", 400, 0), ("?count=abc", 400, 0),
     ("?count=-3", 400, 0)],
)  # fmt: skip
def test_sheet_endpoint(client, users, registry, query, status, pages):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.ENTERPRISE)
    response = client.get(_url(registry, "batch_labels") + query)
    assert response.status_code == status
    if status == 200:
        assert response.content.startswith(b"%PDF-")
        assert _pages(response.content) == pages
        assert response["Content-Disposition"].startswith("inline; filename=")


def test_records_without_the_code_answer_404(client, users, registry):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.CENTER_STAFF)
    enterprise = registry.own.enterprise
    bare = Product.objects.create(enterprise=enterprise, gtin="", name="Thảo quả",
                                  category=ProductCategory.TEA)  # fmt: skip
    lot = Batch.objects.create(
        product=bare, lot="TQ-1", production_date=dt.date(2025, 1, 1), quantity=Decimal(1),
        quantity_unit=QuantityUnit.KILOGRAM,
    )  # fmt: skip
    gtin14 = Product.objects.create(enterprise=enterprise, gtin="18934567000014", name="Thùng",
                                    category=ProductCategory.TEA)  # fmt: skip
    base = "/traceability"
    for url in (f"{base}/products/{bare.pk}/qr.svg", f"{base}/products/{bare.pk}/ean13.png",
                f"{base}/batches/{lot.pk}/qr.png", f"{base}/batches/{lot.pk}/gs1-128.svg",
                f"{base}/batches/{lot.pk}/labels.pdf", f"{base}/products/{gtin14.pk}/ean13.svg",
                f"{base}/products/999999/qr.svg", f"{base}/batches/999999/labels.pdf"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.get(f"{base}/products/{gtin14.pk}/qr.svg").status_code == 200
    page = client.get(f"{base}/products/{bare.pk}/").content.decode()
    assert "Record the product's GTIN to print its codes." in page


def test_detail_pages_show_the_labels_card(client, users, registry):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.ENTERPRISE)
    product, batch = registry.own.product, registry.own.batch
    page = client.get(f"/traceability/products/{product.pk}/").content.decode()
    assert f'<img src="/traceability/products/{product.pk}/qr.svg"' in page
    assert f'href="/traceability/products/{product.pk}/ean13.png"' in page
    page = client.get(f"/traceability/batches/{batch.pk}/").content.decode()
    assert f'<img src="/traceability/batches/{batch.pk}/qr.svg"' in page
    assert f'href="/traceability/batches/{batch.pk}/gs1-128.svg"' in page
    assert f'action="/traceability/batches/{batch.pk}/labels.pdf"' in page


# -- serialised items --------------------------------------------------------------------


def _serial(serial: str = "DK0001", lot: str | None = "DK-01") -> Serial:
    """An unsaved serial of a product with GTIN; of a batch unless ``lot`` is None."""
    product = Product(gtin=GTIN, name="Chè Shan tuyết cổ thụ Suối Giàng")
    if lot is None:
        return Serial(product=product, serial=serial)
    batch = Batch(pk=1, product=product, lot=lot, production_date=dt.date(2025, 4, 1))
    return Serial(product=product, batch=batch, serial=serial)


def test_serial_uri_carries_lot_then_serial() -> None:
    assert codes.serial_uri(_serial(), SITE) == f"{SITE}/01/{GTIN}/10/DK-01/21/DK0001"
    assert codes.serial_uri(_serial("S/9", lot="ĐK 1"), SITE + "/") == (
        f"{SITE}/01/{GTIN}/10/%C4%90K%201/21/S%2F9"
    )
    assert codes.serial_uri(_serial(lot=None), SITE) == f"{SITE}/01/{GTIN}/21/DK0001"


def test_the_resolver_opens_a_serial_label(client, registry):  # type: ignore[no-untyped-def]
    # given
    serial = registry.own.serial
    uri = codes.serial_uri(serial, SITE)
    # when
    page = client.get(uri.removeprefix(SITE))
    # then
    assert uri == f"{SITE}/01/{serial.product.gtin}/10/{serial.batch.lot}/21/{serial.serial}"
    assert page.status_code == 200
    assert page.context["resolved"].serial == serial


def test_serial_gs1_128_with_and_without_the_lot() -> None:
    data = codes.gs1_128_data(GTIN, "DK-01", "DK0001")
    assert data == "\xf1" + "01" + GTIN + "10" + "DK-01" + "\xf1" + "21" + "DK0001"
    assert codes.gs1_128_data(GTIN, serial="DK0001") == "\xf1" + "01" + GTIN + "21DK0001"
    symbol = Code128(data)
    symbol.validate()
    symbol.encode()
    assert symbol.encoded.count(102) == 2  # FNC1 first, and after the lot
    code = codes.serial_gs1_128(_serial())
    assert code.text == f"(01){GTIN}(10)DK-01(21)DK0001"
    assert code == codes.gs1_128(GTIN, "DK-01", "DK0001")
    assert codes.serial_gs1_128(_serial(lot=None)).text == f"(01){GTIN}(21)DK0001"


def test_a_lot_and_serial_too_long_for_one_gs1_128_keep_the_serial() -> None:
    # given: 16 + 2 + 14 + 1 + 2 + 14 = 49 data characters
    lot, serial = "L" * 14, "S" * 14
    with pytest.raises(codes.LabelError):
        codes.gs1_128_data(GTIN, lot, serial)
    assert len(codes.gs1_128_data(GTIN, lot, serial[:-1])) - 1 == 48
    # when
    code = codes.serial_gs1_128(_serial(serial, lot=lot))
    # then
    assert code.text == f"(01){GTIN}(21){serial}"


@pytest.mark.parametrize(("count", "pages"), [(1, 1), (24, 1), (25, 2), (49, 3)])
def test_serial_sheet_has_one_label_per_serial(count: int, pages: int) -> None:
    serials = [_serial(f"DK{n:04d}") for n in range(count)]
    uris = [codes.serial_uri(serial, SITE) for serial in serials]
    body = make_serial_sheet("Chè — DK-01", serials, uris)
    assert body.startswith(b"%PDF-")
    assert _pages(body) == pages


def test_serial_label_lines() -> None:
    with translation.override("en"):
        lines, bare = serial_lines(_serial()), serial_lines(_serial(lot=None))
    assert lines == [("Serial", "DK0001"), ("Lot", "DK-01"), ("Produced", "01/04/2025"),
                     ("GTIN", GTIN)]  # fmt: skip
    assert bare == [("Serial", "DK0001"), ("GTIN", GTIN)]


def test_serial_codes_carry_the_serial_uri(client, users, registry):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.ENTERPRISE)
    serial = registry.own.serial
    uri = f"{SITE}/01/{serial.product.gtin}/10/{serial.batch.lot}/21/{serial.serial}"
    assert f"<title>{uri}</title>" in client.get(_url(registry, "serial_qr.svg")).content.decode()
    assert client.get(_url(registry, "serial_gs1_128.svg")).content == codes.barcode_svg(
        codes.gs1_128(serial.product.gtin, serial.batch.lot, serial.serial)
    )


@pytest.fixture
def many_serials(registry, monkeypatch):  # type: ignore[no-untyped-def]
    """66 serial numbers in the own batch (DK0001 and DK1000…DK1064), 30 a file."""
    monkeypatch.setattr("tinhso.traceability.views.labels.SERIALS_PER_PAGE", 30)
    side = registry.own
    Serial.objects.bulk_create(
        Serial(product=side.product, batch=side.batch, serial=f"DK{n}") for n in range(1000, 1065)
    )
    return side


@pytest.mark.parametrize(
    ("query", "status", "pages"),
    [("", 200, 2), ("?page=1", 200, 2), ("?page=3", 200, 1), ("?page=4", 400, 0),
     ("?page=0", 400, 0), ("?page=abc", 400, 0)],
)  # fmt: skip
def test_batch_serial_sheet_files(client, users, registry, many_serials, query, status, pages):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.ENTERPRISE)
    response = client.get(_url(registry, "batch_serial_labels") + query)
    assert response.status_code == status
    if status == 200:
        assert _pages(response.content) == pages
        assert response["Content-Disposition"].startswith("inline; filename=")
    else:
        assert response.content.decode() == "The page must be a whole number from 1 to 3."


def test_a_serial_sheet_file_labels_its_serials_in_order(client, users, registry, many_serials,
                                                         monkeypatch):  # type: ignore[no-untyped-def]  # fmt: skip
    from tinhso.core.roles import Role

    # given
    made: dict[str, Any] = {}

    def spy(title: str, serials: list[Serial], uris: list[str]) -> bytes:
        made.update(title=title, serials=[s.serial for s in serials], uris=uris)
        return b"%PDF-"

    monkeypatch.setattr("tinhso.traceability.labels.sheet.serial_sheet", spy)
    sign_in(client, users, Role.ENTERPRISE)
    gtin, lot = many_serials.product.gtin, many_serials.batch.lot
    # when
    client.get(_url(registry, "batch_serial_labels") + "?page=3")
    # then
    expected = [f"DK{n}" for n in range(1059, 1065)]
    assert made["serials"] == expected
    assert made["uris"] == [f"{SITE}/01/{gtin}/10/{lot}/21/{serial}" for serial in expected]
    assert made["title"] == f"{many_serials.product.name} — {lot}"
    # when: the product's file has its serials of no batch too
    Serial.objects.create(product=many_serials.product, serial="ZZ01")
    client.get(_url(registry, "product_serial_labels") + "?page=3")
    # then
    assert made["serials"] == [*expected, "ZZ01"]
    assert made["uris"][-1] == f"{SITE}/01/{gtin}/21/ZZ01"


def test_serial_labels_need_serials_and_a_gtin(client, users, registry):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.CENTER_STAFF)
    product = registry.own.product
    empty = Batch.objects.create(
        product=product, lot="DK-02", production_date=dt.date(2025, 5, 1), quantity=Decimal(1),
        quantity_unit=QuantityUnit.KILOGRAM,
    )  # fmt: skip
    bare = Product.objects.create(enterprise=registry.own.enterprise, gtin="", name="Thảo quả",
                                  category=ProductCategory.TEA)  # fmt: skip
    loose = Serial.objects.create(product=bare, serial="TQ1")
    base = "/traceability"
    urls = (
        f"{base}/batches/{empty.pk}/serial-labels.pdf",
        f"{base}/products/{bare.pk}/serial-labels.pdf",
        f"{base}/serials/{loose.pk}/qr.svg",
        f"{base}/serials/{loose.pk}/gs1-128.png",
        f"{base}/serials/999999/qr.svg",
        f"{base}/batches/999999/serial-labels.pdf",
    )
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_detail_pages_link_the_serial_labels(client, users, registry):  # type: ignore[no-untyped-def]
    from tinhso.core.roles import Role

    sign_in(client, users, Role.ENTERPRISE)
    product, batch, serial = registry.own.product, registry.own.batch, registry.own.serial
    page = client.get(f"/traceability/batches/{batch.pk}/").content.decode()
    assert f'href="/traceability/batches/{batch.pk}/serial-labels.pdf?page=1"' in page
    assert f'href="/traceability/serials/{serial.pk}/qr.svg"' in page
    assert f'href="/traceability/serials/{serial.pk}/gs1-128.svg"' in page
    page = client.get(f"/traceability/products/{product.pk}/").content.decode()
    assert f'href="/traceability/products/{product.pk}/serial-labels.pdf?page=1"' in page
    other = Product.objects.create(enterprise=registry.own.enterprise, gtin="", name="Thảo quả",
                                   category=ProductCategory.TEA)  # fmt: skip
    assert "serial-labels" not in client.get(f"/traceability/products/{other.pk}/").content.decode()
