"""In headless Chromium, the traceability journey end to end (issue 5): an enterprise's user
registers a product and a batch, records its harvest and its shipment, prints the batch's
labels; the QR code of the label, decoded, leads a phone to the consumer page, which shows
the product and both steps, in Vietnamese."""

from __future__ import annotations

import base64
import datetime as dt
import re
import zlib
from decimal import Decimal
from typing import Any

import zxingcpp
from PIL import Image, ImageDraw

from tinhso.accounts.tests.factories import UserFactory
from tinhso.core.dates import local_date
from tinhso.core.roles import Role
from tinhso.core.tests.browser import ARTIFACTS, BROWSER_TEST, sign_in
from tinhso.orgunits.models import OrgUnit
from tinhso.traceability.choices import LocationKind
from tinhso.traceability.models import Enterprise, Location
from tinhso.traceability.tests.conftest import gtin13

pytestmark = BROWSER_TEST

GTIN = gtin13("893600300001")  # 893: GS1 Vietnam
PRODUCT = "Chè Shan Tuyết Sì Thâu Chải"
LOT = "SHT-2026-07"
FARM = "Vùng chè Sì Thâu Chải"
WAREHOUSE = "Kho Tân Uyên"
PHONE = {"width": 390, "height": 844}
A4 = (595.2756, 841.8898)  # points
PIXELS_PER_POINT = 3
CONTENTS = re.compile(rb"/Contents (\d+) 0 R")
RECT = re.compile(rb"(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re")
QR_SIZE = 85.1  # points (30 mm): a filled square no larger is part of a QR code; the
# cutting guides around the labels are 198 × 102


def enterprise_account(unit: OrgUnit) -> Any:
    """An enterprise of ``unit`` with a tea farm and a warehouse, and the account acting for it."""
    enterprise = Enterprise.objects.create(
        name="HTX Chè Sì Thâu Chải", tax_code="6200000003", gs1_company_prefix="8936003",
        org_unit=unit,
    )  # fmt: skip
    user = UserFactory(username="sithauchai", role=Role.ENTERPRISE, org_unit=None)
    enterprise.users.set([user])
    places = ((FARM, LocationKind.FARM, "001"), (WAREHOUSE, LocationKind.WAREHOUSE, "002"))
    for name, kind, code in places:
        Location.objects.create(
            enterprise=enterprise, name=name, kind=kind, org_unit=unit,
            local_code=f"LC-{unit.code}-{code}", latitude=Decimal("22.39"),
            longitude=Decimal("103.47") + Decimal(code) / 100,
        )  # fmt: skip
    return user


def submit(page: Any) -> None:
    """Save the registry form and wait for the page the service sends the user to."""
    form = page.locator("[data-testid=registry-form]")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.locator("[data-testid=registry-form]").count() == 0, page.content()


def record_step(page: Any, step: str, day: dt.date, time: str, **where: str) -> None:
    page.click("[data-testid=record-step]")
    page.select_option("#id_step", step)
    page.fill("#id_date", day.isoformat())
    page.fill("#id_time", time)
    page.select_option("#id_location", label=where["at"])
    if "to" in where:
        page.select_option("#id_destination", label=where["to"])
    submit(page)


def step_facts(step: Any) -> tuple[str, str, str]:
    """What a step of the consumer's timeline says: what, when and where."""
    # The step's name has no data-testid: the resolver's tests read that markup as it is.
    what = step.locator("p.fw-semibold").inner_text()
    when, where = (
        step.locator(f"[data-testid={name}]").inner_text() for name in ("step-moment", "step-place")
    )
    return what, when, where


def batch_id(page: Any) -> str:
    found = re.search(r"/traceability/batches/(\d+)/$", page.url)
    assert found is not None, page.url
    return found.group(1)


def decoded_qr(page: Any, selector: str) -> str:
    """The text of the QR code as the page draws it (a screenshot of the element, decoded)."""
    shot = ARTIFACTS / "traceability-label-qr.png"
    page.locator(selector).screenshot(path=str(shot))
    found = zxingcpp.read_barcodes(Image.open(shot))
    assert [code.format for code in found] == [zxingcpp.BarcodeFormat.QRCode]
    return str(found[0].text)


def pdf_pages(pdf: bytes) -> list[bytes]:
    """The drawing instructions of each page of a PDF written by reportlab (its content
    streams, ASCII85- and Flate-encoded)."""
    pages = []
    for number in CONTENTS.findall(pdf):
        stream = re.compile(
            rb"\n" + number + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n(.*?)endstream", re.S
        )
        found = stream.search(pdf)
        assert found is not None, number
        head, body = found.groups()
        if b"/ASCII85Decode" in head:
            body = base64.a85decode(body.strip(), adobe=True)
        if b"/FlateDecode" in head:
            body = zlib.decompress(body)
        pages.append(body)
    return pages


def printed_qr_codes(page_content: bytes) -> list[str]:
    """The texts of the QR codes a page of the label sheet prints: its squares and bars no
    larger than a QR code (the dark modules, one by one or in runs) drawn on a blank A4
    image, which the decoder then reads like a scanner."""
    width, height = A4
    image = Image.new("L", (round(width * PIXELS_PER_POINT), round(height * PIXELS_PER_POINT)), 255)
    draw = ImageDraw.Draw(image)
    for x, y, side_x, side_y in (map(float, rect) for rect in RECT.findall(page_content)):
        if max(side_x, side_y) <= QR_SIZE:
            left, top = x * PIXELS_PER_POINT, (height - y - side_y) * PIXELS_PER_POINT
            right, bottom = left + side_x * PIXELS_PER_POINT, top + side_y * PIXELS_PER_POINT
            draw.rectangle((left, top, right - 1, bottom - 1), fill=0)
    return [str(code.text) for code in zxingcpp.read_barcodes(image)]


def test_an_enterprise_traces_a_batch_and_a_phone_reads_its_journey(
    page: Any, site: Any, own_unit: OrgUnit, settings: Any
) -> None:
    # given: an enterprise of Phường Đoàn Kết with a tea farm and a warehouse, and its account
    settings.SITE_URL = site.url  # the labels carry the address the resolver answers at
    ARTIFACTS.mkdir(exist_ok=True)
    user = enterprise_account(own_unit)
    today = local_date()
    yesterday = today - dt.timedelta(days=1)

    # when: the user signs in and, from the traceability pages, registers the product
    sign_in(page, site, user.username)
    page.goto(f"{site.url}/traceability/")
    assert page.locator("[data-testid=object-name]").inner_text() == "HTX Chè Sì Thâu Chải"
    page.click("[data-testid=add-product]")
    page.fill("#id_gtin", GTIN)
    page.fill("#id_name", PRODUCT)
    page.select_option("#id_category", "tea")
    submit(page)
    assert page.locator("[data-testid=object-name]").inner_text() == PRODUCT
    assert page.locator("[data-testid=gtin]").inner_text() == f"GTIN 0{GTIN}"

    # and its batch, grown on the farm
    page.click("[data-testid=add-batch]")
    page.fill("#id_lot", LOT)
    page.fill("#id_production_date", yesterday.isoformat())
    page.fill("#id_expiry_date", (today + dt.timedelta(days=365)).isoformat())
    page.fill("#id_quantity", "120")
    page.select_option("#id_quantity_unit", "kg")
    page.select_option("#id_origin", label=FARM)
    submit(page)
    assert page.locator("[data-testid=object-name]").inner_text() == f"Lô hàng {LOT}"
    assert page.locator("[data-testid=digital-link]").inner_text() == f"/01/0{GTIN}/10/{LOT}"

    # and, on the batch's page, its harvest on the farm, then its shipment to the warehouse
    record_step(page, "harvest", yesterday, "07:30", at=FARM)
    record_step(page, "shipping", yesterday, "15:45", at=FARM, to=WAREHOUSE)
    assert page.locator("[data-testid=object-name]").inner_text() == f"Lô hàng {LOT}"

    # and prints the labels: the sheet opens in a new tab, a PDF of one A4 page of 24
    with page.expect_popup() as opened:
        page.click("[data-testid=print-labels]")
    sheet = opened.value
    sheet.wait_for_load_state()
    assert sheet.url == f"{site.url}/traceability/batches/{batch_id(page)}/labels.pdf?count=24"
    # Chromium's PDF viewer stands in for the file in the tab; the same request, with the
    # tab's cookies, gives the file itself.
    pdf = page.context.request.get(sheet.url)
    assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
    assert pdf.body().startswith(b"%PDF-")
    pages = pdf_pages(pdf.body())
    assert len(pages) == 1
    sheet.close()

    # then: each printed label's QR code carries the batch's Digital Link URI on this site,
    # and so does the code the batch's page shows
    uri = f"{site.url}/01/0{GTIN}/10/{LOT}"
    assert printed_qr_codes(pages[0]) == [uri] * 24
    assert decoded_qr(page, "[data-testid=label-qr]") == uri

    # when: a consumer's phone, which has never signed in, opens it
    phone = page.context.browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True)
    consumer = phone.new_page()
    errors: list[str] = []
    consumer.on("console", lambda message: message.type == "error" and errors.append(message.text))
    consumer.on("pageerror", lambda error: errors.append(str(error)))
    consumer.goto(uri)

    # then: the product, and its journey from the farm to the warehouse, in Vietnamese
    consumer.wait_for_selector("[data-testid=consumer-page]")
    assert consumer.locator("html").get_attribute("lang") == "vi"
    assert consumer.locator("[data-testid=consumer-page] h1").inner_text() == PRODUCT
    steps = consumer.locator("[data-testid=timeline-step]")
    day = f"{yesterday:%d/%m/%Y}"
    assert [step_facts(steps.nth(index)) for index in range(steps.count())] == [
        ("Thu hoạch hoặc sản xuất", f"07:30 {day}", f"{FARM}, Phường Đoàn Kết"),
        ("Xuất hàng", f"15:45 {day}", f"{FARM}, Phường Đoàn Kết"),
    ]
    back = consumer.locator("[data-testid=step-back]").inner_text()
    forward = consumer.locator("[data-testid=step-forward]").inner_text()
    assert (back, forward) == (f"{FARM}, Phường Đoàn Kết", f"{WAREHOUSE}, Phường Đoàn Kết")
    consumer.screenshot(path=str(ARTIFACTS / "traceability-consumer-phone.png"), full_page=True)
    phone.close()
    assert errors == []
    assert page.console_errors == []
