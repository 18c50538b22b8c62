"""The GS1 Digital Link resolver: parse errors, unknown keys, the consumer page with its journey
(events captured through the EPCIS service), the linkset, link-type redirects, the resolver
description, the public image, the page's fixed query count and its offline, CSP-clean HTML."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tinhso.core.roles import Role
from tinhso.epcis.choices import JobStatus
from tinhso.epcis.services import capture_document
from tinhso.traceability.choices import LinkType, LocationKind
from tinhso.traceability.gs1.keys import check_digit
from tinhso.traceability.models import Location, ProductLink
from tinhso.traceability.tests.conftest import OWN_PREFIX, Registry

pytestmark = pytest.mark.django_db
CONTEXT = ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"]


def gln(ref: str) -> str:
    body = OWN_PREFIX + ref
    return body + check_digit(body)


@pytest.fixture
def english(client: Client) -> Client:
    client.cookies["tinhso_language"] = "en"
    return client


@pytest.fixture
def journey(registry: Registry, users: dict[Role, Any]) -> dict[str, Any]:
    """A harvest of the own batch at its farm and its shipment to a warehouse, captured."""
    side = registry.own
    farm = side.location
    farm.gln = gln("00011")
    farm.save()
    side.batch.expiry_date = dt.date(2026, 4, 1)
    side.batch.save()
    side.product.certifications = [{"name": "VietGAP", "number": "VG-123", "issuer": "Sở NN"}]
    side.product.save()
    store = Location.objects.create(
        enterprise=side.enterprise, name="Kho Tam Đường", kind=LocationKind.WAREHOUSE,
        gln=gln("00028"), latitude=Decimal("22.35"), longitude=Decimal("103.55"),
    )  # fmt: skip
    gtin = side.product.gtin
    lot = f"https://id.gs1.org/01/{gtin}/10/{side.batch.lot}"
    farm_id = f"https://id.gs1.org/414/{farm.gln}"
    store_id = f"https://id.gs1.org/414/{store.gln}"
    harvest = {
        "type": "ObjectEvent", "eventTime": "2025-04-01T07:30:00.000+07:00",
        "eventTimeZoneOffset": "+07:00", "action": "ADD", "bizStep": "commissioning",
        "quantityList": [{"epcClass": lot, "quantity": 100, "uom": "KGM"}],
        "readPoint": {"id": farm_id}, "bizLocation": {"id": farm_id},
    }  # fmt: skip
    shipping = {
        "type": "ObjectEvent", "eventTime": "2025-04-02T01:15:00.000Z",
        "eventTimeZoneOffset": "+07:00", "action": "OBSERVE", "bizStep": "shipping",
        "quantityList": [{"epcClass": lot, "quantity": 100, "uom": "KGM"}],
        "readPoint": {"id": farm_id},
        "sourceList": [{"type": "location", "source": farm_id}],
        "destinationList": [{"type": "location", "destination": store_id}],
    }  # fmt: skip
    doc = {
        "@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": "2025-04-02T09:00:00.000+07:00",
        "epcisBody": {"eventList": [harvest, shipping]},
    }  # fmt: skip
    job = capture_document(actor=users[Role.ADMINISTRATOR], doc=doc, owner=side.enterprise)
    assert job.status == JobStatus.SUCCESS, job.errors
    return {"side": side, "farm": farm, "store": store}


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/01/09506000134353", "GTIN has a wrong check digit: expected 2, got 3."),
        (
            "/01/09506000134352/21/A/10/B",
            "Key qualifiers of AI (01) must be in the order (22), (10), (21); "
            "(10) came after (21).",
        ),
        (
            "/01/09506000134352/10",
            "The path after AI (01) must be /{AI}/{value} pairs; an AI or a value is missing.",
        ),
        (
            "/01/09506000134352/17/250101",
            "AI (17) is not a key qualifier of AI (01) and cannot be in the path; allowed: "
            "(22), (10), (21), (235). Data attributes go in the query string.",
        ),
    ],
)
def test_malformed_link_is_400_with_the_reason(english: Client, path: str, reason: str) -> None:
    page = english.get(path)
    assert page.status_code == 400
    assert re.search(r'data-testid="reason">([^<]*)<', page.text)[1] == (  # type: ignore[index]
        reason.replace("'", "&#x27;")
    )
    problem = english.get(path, headers={"Accept": "application/json"})
    assert problem.status_code == 400
    assert problem["Content-Type"] == "application/problem+json"
    assert problem.json()["message"] == reason


def test_unknown_keys_are_404(registry: Registry, english: Client) -> None:
    gtin = registry.own.product.gtin
    for path in ("/01/09506000134352", f"/01/{gtin}/10/NOPE", f"/01/{gtin}/21/NOPE"):
        page = english.get(path)
        assert page.status_code == 404, path
        assert "This code is not registered" in page.text
    # a serial of another batch than the lot named
    other_lot = registry.own.batch.lot + "X"
    registry.own.product.batches.create(
        lot=other_lot, production_date=dt.date(2025, 5, 1), quantity=1, quantity_unit="kg"
    )
    assert (
        english.get(f"/01/{gtin}/10/{other_lot}/21/{registry.own.serial.serial}").status_code == 404
    )
    problem = english.get("/01/09506000134352", headers={"Accept": "application/json"})
    assert problem.json()["code"] == "not_found"


def test_consumer_page_shows_product_producer_batch_and_both_steps(
    journey: dict[str, Any], english: Client
) -> None:
    side = journey["side"]
    page = english.get(f"/01/{side.product.gtin}/10/{side.batch.lot}")
    assert page.status_code == 200
    text = page.text
    assert f'<h1 class="h3 mb-1">{side.product.name}</h1>' in text
    assert f'src="/01/{side.product.gtin}/image"' in text
    assert re.search(r'data-testid="producer">([^<]*)<', text)[1] == "HTX Chè Đoàn Kết"  # type: ignore[index]
    origin = side.location
    assert f'data-testid="origin">{origin.name}, {origin.org_unit}</dd>' in text
    assert 'data-testid="production-date">01/04/2025<' in text
    assert 'data-testid="expiry-date">01/04/2026<' in text
    assert "VietGAP" in text and "VG-123" in text
    steps = re.findall(r'<p class="mb-0 fw-semibold">([^<]*)</p>', text)
    assert steps == ["Harvested or produced", "Shipping"]
    # 01:15 UTC is 08:15 in Hồ Chí Minh City
    assert re.findall(r"<time datetime=\"[^\"]*\">([^<]*)</time>", text) == [
        "07:30 01/04/2025",
        "08:15 02/04/2025",
    ]
    assert f'data-testid="step-back">{origin.name}, {origin.org_unit}</dd>' in text
    assert 'data-testid="step-forward">Kho Tam Đường</dd>' in text
    assert 'data-testid="journey-map"' in text
    assert text.count('class="consumer-map-point"') == 2
    # the product page and the serial page show the same journey
    for path in (f"/01/{side.product.gtin}", f"/01/{side.product.gtin}/21/{side.serial.serial}"):
        other = english.get(path).text
        assert re.findall(r'<p class="mb-0 fw-semibold">([^<]*)</p>', other) == steps, path


def test_vietnamese_by_default(journey: dict[str, Any], client: Client) -> None:
    page = client.get(f"/01/{journey['side'].product.gtin}")
    assert page.status_code == 200
    assert '<html lang="vi">' in page.text


def test_other_enterprises_events_stay_out(
    journey: dict[str, Any], registry: Registry, users: dict[Role, Any], english: Client
) -> None:
    side = journey["side"]
    event = {
        "type": "ObjectEvent", "eventTime": "2025-04-03T07:30:00.000+07:00",
        "eventTimeZoneOffset": "+07:00", "action": "OBSERVE", "bizStep": "receiving",
        "quantityList": [{"epcClass": f"https://id.gs1.org/01/{side.product.gtin}/10/{side.batch.lot}"}],
    }  # fmt: skip
    doc = {
        "@context": CONTEXT, "type": "EPCISDocument", "schemaVersion": "2.0",
        "creationDate": "2025-04-03T09:00:00.000+07:00", "epcisBody": {"eventList": [event]},
    }  # fmt: skip
    capture_document(actor=users[Role.ADMINISTRATOR], doc=doc, owner=registry.other.enterprise)
    text = english.get(f"/01/{side.product.gtin}/10/{side.batch.lot}").text
    assert re.findall(r'<p class="mb-0 fw-semibold">([^<]*)</p>', text) == [
        "Harvested or produced",
        "Shipping",
    ]


def test_page_has_no_external_urls_nor_inline_script_or_style(
    journey: dict[str, Any], english: Client
) -> None:
    text = english.get(f"/01/{journey['side'].product.gtin}").text
    assert re.findall(r'(?:src|href)="(https?:)?//', text) == []
    assert "<style" not in text
    assert " style=" not in text
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", text) == []
    assert "/static/tinhso/css/consumer.css" in text


@pytest.mark.parametrize(
    ("suffix", "queries"),
    [("", 4), ("/10/DK-01", 5), ("/21/DK0001", 5), ("/10/DK-01/21/DK0001", 6)],
)
def test_fixed_query_count(
    journey: dict[str, Any], client: Client, django_assert_num_queries: Any, suffix: str,
    queries: int,
) -> None:  # fmt: skip
    path = f"/01/{journey['side'].product.gtin}{suffix}"
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    with django_assert_num_queries(queries - 2):  # no events nor places for the linkset
        assert client.get(path + "?linkType=linkset").status_code == 200


def test_linkset(registry: Registry, client: Client) -> None:
    product = registry.own.product
    ProductLink.objects.create(
        product=product, link_type=LinkType.CERTIFICATION_INFO, href="https://example.vn/vietgap",
        title="VietGAP", language="vi", media_type="application/pdf", is_default=True,
    )  # fmt: skip
    anchor = f"http://testserver/01/{product.gtin}"
    expected = {
        "linkset": [
            {
                "anchor": anchor,
                "https://gs1.org/voc/pip": [
                    {"href": anchor, "title": "Trang SP", "hreflang": ["vi"], "type": "text/html"}
                ],
                "https://gs1.org/voc/certificationInfo": [
                    {
                        "href": "https://example.vn/vietgap",
                        "title": "VietGAP",
                        "hreflang": ["vi"],
                        "type": "application/pdf",
                    }
                ],
                "https://gs1.org/voc/defaultLink": [
                    {
                        "href": "https://example.vn/vietgap",
                        "title": "VietGAP",
                        "hreflang": ["vi"],
                        "type": "application/pdf",
                    }
                ],
            }
        ]
    }
    answer = client.get(f"/01/{product.gtin}?linkType=linkset")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/linkset+json"
    assert json.loads(answer.content) == expected
    assert answer["Link"] == (
        f'<{anchor}?linkType=linkset>; rel="linkset"; type="application/linkset+json", '
        f'<{anchor}>; rel="owl:sameAs"'
    )
    by_accept = client.get(f"/01/{product.gtin}", headers={"Accept": "application/linkset+json"})
    assert by_accept["Content-Type"] == "application/linkset+json"
    assert json.loads(by_accept.content) == expected


def test_linkset_without_links_names_the_consumer_page(registry: Registry, client: Client) -> None:
    product = registry.own.product
    ProductLink.objects.filter(product=product).delete()
    anchor = f"http://testserver/01/{product.gtin}/10/DK-01"
    own = {"href": anchor, "title": product.name, "hreflang": ["vi"], "type": "text/html"}
    answer = client.get(
        f"/01/{product.gtin}/10/DK-01", headers={"Accept": "application/linkset+json"}
    )
    assert json.loads(answer.content) == {
        "linkset": [
            {
                "anchor": anchor,
                "https://gs1.org/voc/pip": [own],
                "https://gs1.org/voc/defaultLink": [own],
            }
        ]
    }


def test_link_type_redirects(registry: Registry, client: Client) -> None:
    product = registry.own.product
    ProductLink.objects.create(
        product=product, link_type=LinkType.RECIPE_INFO, href="https://example.vn/recipes",
        title="Cách pha", language="vi",
    )  # fmt: skip
    answer = client.get(f"/01/{product.gtin}?linkType=gs1:recipeInfo")
    assert answer.status_code == 302
    assert answer["Location"] == "https://example.vn/recipes"
    assert (
        client.get(f"/01/{product.gtin}?linkType=https://gs1.org/voc/recipeInfo")["Location"]
        == "https://example.vn/recipes"
    )
    # no link of that type and no default link: the consumer page
    missing = client.get(f"/01/{product.gtin}?linkType=gs1:faqs")
    assert missing.status_code == 302
    assert missing["Location"] == f"http://testserver/01/{product.gtin}"
    ProductLink.objects.filter(link_type=LinkType.RECIPE_INFO).update(is_default=True)
    assert client.get(f"/01/{product.gtin}?linkType=gs1:faqs")["Location"] == (
        "https://example.vn/recipes"
    )


def test_well_known_description(client: Client) -> None:
    answer = client.get("/.well-known/gs1resolver")
    assert answer.status_code == 200
    body = answer.json()
    assert body["resolverRoot"] == "http://testserver"
    assert body["supportedPrimaryKeys"] == ["gtin"]
    assert body["linkTypeDefaultCanBeLinkset"] is True
    assert body["supportedLinkTypes"] == [
        {
            "namespace": "https://gs1.org/voc/",
            "prefix": "gs1:",
            "profile": "https://gs1.org/voc/?show=linktypes",
        }
    ]
    assert "https://gs1.org/voc/pip" in body["linkTypes"]


def test_public_image(registry: Registry, client: Client) -> None:
    product = registry.own.product
    answer = client.get(f"/01/{product.gtin}/image")
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
    product.image = ""
    product.save()
    assert client.get(f"/01/{product.gtin}/image").status_code == 404
    assert client.get("/01/09506000134352/image").status_code == 404


def test_a_lot_with_a_slash_resolves_from_the_raw_uri(registry: Registry, client: Client) -> None:
    product = registry.own.product
    product.batches.create(
        lot="DK/02", production_date=dt.date(2025, 6, 1), quantity=1, quantity_unit="kg"
    )
    path = f"/01/{product.gtin}/10/DK%2F02"
    page = client.get(path, RAW_URI=path)
    assert page.status_code == 200
    assert "· Lot DK/02" in page.text or "· Lô DK/02" in page.text


@pytest.mark.parametrize(
    "role",
    [None, Role.ADMINISTRATOR, Role.CENTER_STAFF, Role.LEADER, Role.UNIT_REPORTER, Role.ENTERPRISE],
)
def test_public_to_every_role(
    journey: dict[str, Any], registry: Registry, users: dict[Role, Any], client: Client,
    role: Role | None,
) -> None:  # fmt: skip
    """Anyone — signed in with any role, another enterprise's user, or anonymous — gets the same
    public answers; nothing here writes."""
    if role is not None:
        client.force_login(users[role])
    gtin = journey["side"].product.gtin
    for path in (f"/01/{gtin}", f"/01/{gtin}?linkType=linkset", f"/01/{gtin}/image",
                 "/.well-known/gs1resolver"):  # fmt: skip
        assert client.get(path).status_code == 200, path
    client.force_login(registry.other_user)
    assert client.get(f"/01/{gtin}").status_code == 200
    for method in (client.post, client.put, client.delete):
        assert method(f"/01/{gtin}").status_code == 405
