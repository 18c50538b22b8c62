"""Every registry page by role × the test enterprise's own records ("own": in the reporter's
commune, acted for by the enterprise user) / another enterprise's ("other": out of the
reporter's commune, acted for by another enterprise account), GET and POST. Columns:
administrator, center staff, leader, unit reporter, enterprise, anonymous (sent to sign in:
302). A refused request changes nothing, audit trail included; an accepted write is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.core.tests.test_offline_and_csp import (
    EXTERNAL,
    INLINE_HANDLER,
    INLINE_SCRIPT,
    STYLE_ATTRIBUTE,
)
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial
from tinhso.traceability.tests.conftest import Registry

READ = (200, 200, 200, 200, 200, 302)
READ_OTHER = (200, 200, 200, 404, 404, 302)
CENTER_AND_LEADERS = (200, 200, 200, 403, 403, 302)
CENTER_OPENS = (200, 200, 403, 403, 403, 302)
OWNER_OPENS = (200, 200, 403, 403, 200, 302)
OWNER_OPENS_OTHER = (200, 200, 403, 403, 404, 302)
CENTER_WRITES = (302, 302, 403, 403, 403, 302)
OWNER_WRITES = (302, 302, 403, 403, 302, 302)
OWNER_WRITES_OTHER = (302, 302, 403, 403, 404, 302)
REDIRECTS = (302, 302, 302, 302, 302, 302)

PAGES = {
    ("home", "-"): REDIRECTS,
    ("mine", "-"): (403, 403, 403, 403, 302, 302),
    ("overview", "-"): CENTER_AND_LEADERS,
    ("enterprise_list", "-"): READ,
    ("location_list", "-"): READ,
    ("product_list", "-"): READ,
    ("enterprise_detail", "own"): READ,
    ("enterprise_detail", "other"): READ_OTHER,
    ("product_detail", "own"): READ,
    ("product_detail", "other"): READ_OTHER,
    ("product_image", "own"): READ,
    ("product_image", "other"): READ_OTHER,
    ("batch_detail", "own"): READ,
    ("batch_detail", "other"): READ_OTHER,
    ("enterprise_create", "-"): CENTER_OPENS,
    ("enterprise_edit", "own"): OWNER_OPENS,
    ("enterprise_edit", "other"): OWNER_OPENS_OTHER,
    ("enterprise_users", "own"): CENTER_OPENS,
    ("location_create", "own"): OWNER_OPENS,
    ("location_create", "other"): OWNER_OPENS_OTHER,
    ("location_edit", "own"): OWNER_OPENS,
    ("location_edit", "other"): OWNER_OPENS_OTHER,
    ("product_create", "own"): OWNER_OPENS,
    ("product_create", "other"): OWNER_OPENS_OTHER,
    ("product_edit", "own"): OWNER_OPENS,
    ("product_edit", "other"): OWNER_OPENS_OTHER,
    ("batch_create", "own"): OWNER_OPENS,
    ("batch_create", "other"): OWNER_OPENS_OTHER,
    ("batch_edit", "own"): OWNER_OPENS,
    ("batch_edit", "other"): OWNER_OPENS_OTHER,
    ("serials_create", "own"): OWNER_OPENS,
    ("serials_create", "other"): OWNER_OPENS_OTHER,
    ("link_create", "own"): OWNER_OPENS,
    ("link_create", "other"): OWNER_OPENS_OTHER,
    ("link_edit", "own"): OWNER_OPENS,
    ("link_edit", "other"): OWNER_OPENS_OTHER,
    ("link_delete", "own"): OWNER_OPENS,
    ("link_delete", "other"): OWNER_OPENS_OTHER,
}

WRITES = {
    ("enterprise_create", "-"): CENTER_WRITES,
    ("enterprise_edit", "own"): OWNER_WRITES,
    ("enterprise_edit", "other"): OWNER_WRITES_OTHER,
    ("enterprise_users", "own"): CENTER_WRITES,
    ("location_create", "own"): OWNER_WRITES,
    ("location_create", "other"): OWNER_WRITES_OTHER,
    ("location_edit", "own"): OWNER_WRITES,
    ("location_edit", "other"): OWNER_WRITES_OTHER,
    ("product_create", "own"): OWNER_WRITES,
    ("product_create", "other"): OWNER_WRITES_OTHER,
    ("product_edit", "own"): OWNER_WRITES,
    ("product_edit", "other"): OWNER_WRITES_OTHER,
    ("batch_create", "own"): OWNER_WRITES,
    ("batch_create", "other"): OWNER_WRITES_OTHER,
    ("batch_edit", "own"): OWNER_WRITES,
    ("batch_edit", "other"): OWNER_WRITES_OTHER,
    ("serials_create", "own"): OWNER_WRITES,
    ("serials_create", "other"): OWNER_WRITES_OTHER,
    ("link_create", "own"): OWNER_WRITES,
    ("link_create", "other"): OWNER_WRITES_OTHER,
    ("link_edit", "own"): OWNER_WRITES,
    ("link_edit", "other"): OWNER_WRITES_OTHER,
    ("link_delete", "own"): OWNER_WRITES,
    ("link_delete", "other"): OWNER_WRITES_OTHER,
    # read-only pages refuse a POST without writing
    ("overview", "-"): (405, 405, 405, 403, 403, 302),
    ("product_detail", "own"): (405, 405, 405, 405, 405, 302),
    ("enterprise_list", "-"): (405, 405, 405, 405, 405, 302),
}


@pytest.fixture(autouse=True)
def english_pages(client):  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(
        Enterprise.objects.all(), Enterprise.users.through.objects.all(), Location.objects.all(),
        Product.objects.all(), Batch.objects.all(), Serial.objects.all(),
        ProductLink.objects.all(), AuditEntry.objects.all(),
    )  # fmt: skip


def _url(registry: Registry, page: str, target: str) -> str:
    side = registry.other if target == "other" else registry.own
    base = "/traceability"
    return {
        "home": f"{base}/",
        "mine": f"{base}/mine/",
        "overview": f"{base}/overview/",
        "enterprise_list": f"{base}/enterprises/",
        "location_list": f"{base}/locations/",
        "product_list": f"{base}/products/",
        "enterprise_detail": f"{base}/enterprises/{side.enterprise.pk}/",
        "enterprise_create": f"{base}/enterprises/add/",
        "enterprise_edit": f"{base}/enterprises/{side.enterprise.pk}/edit/",
        "enterprise_users": f"{base}/enterprises/{side.enterprise.pk}/accounts/",
        "location_create": f"{base}/enterprises/{side.enterprise.pk}/locations/add/",
        "location_edit": f"{base}/locations/{side.location.pk}/edit/",
        "product_create": f"{base}/enterprises/{side.enterprise.pk}/products/add/",
        "product_detail": f"{base}/products/{side.product.pk}/",
        "product_edit": f"{base}/products/{side.product.pk}/edit/",
        "product_image": f"{base}/products/{side.product.pk}/image/",
        "batch_create": f"{base}/products/{side.product.pk}/batches/add/",
        "batch_detail": f"{base}/batches/{side.batch.pk}/",
        "batch_edit": f"{base}/batches/{side.batch.pk}/edit/",
        "serials_create": f"{base}/batches/{side.batch.pk}/serials/add/",
        "link_create": f"{base}/products/{side.product.pk}/links/add/",
        "link_edit": f"{base}/links/{side.link.pk}/edit/",
        "link_delete": f"{base}/links/{side.link.pk}/delete/",
    }[page]


def _body(registry: Registry, page: str, target: str) -> dict[str, Any]:
    side = registry.other if target == "other" else registry.own
    unit = side.enterprise.org_unit
    location = {
        "name": "Kho mới", "kind": "warehouse", "gln": "", "org_unit": unit.pk, "address": "",
        "latitude": "22,5", "longitude": "103.5",
    }  # fmt: skip
    product = {
        "gtin": "", "name": "Chè búp", "name_en": "", "category": "tea", "description": "",
        "net_content": "", "net_content_unit": "", "cert-TOTAL_FORMS": "1",
        "cert-INITIAL_FORMS": "0", "cert-0-name": "VietGAP", "cert-0-number": "",
        "cert-0-issuer": "", "cert-0-valid_until": "2027-01-31",
    }  # fmt: skip
    batch = {
        "lot": "L-99", "production_date": "2025-10-01", "expiry_date": "", "quantity": "12,5",
        "quantity_unit": "kg", "origin": side.location.pk,
    }  # fmt: skip
    link = {
        "link_type": "gs1:recipeInfo", "title": "Cách pha", "href": "https://example.vn/pha",
        "language": "vi", "media_type": "text/html",
    }  # fmt: skip
    return {
        "enterprise_create": {"name": "HTX mới", "tax_code": "6200000077", "org_unit": unit.pk},
        "enterprise_edit": {"phone": "0214 999", "name": side.enterprise.name,
                            "tax_code": side.enterprise.tax_code},
        "enterprise_users": {"users": [registry.other_user.pk]},
        "location_create": location,
        "location_edit": location,
        "product_create": product,
        "product_edit": product,
        "batch_create": batch,
        "batch_edit": batch,
        "serials_create": {"first": "S-001", "last": "S-003", "pasted": ""},
        "link_create": link,
        "link_edit": link,
        "link_delete": {},
    }.get(page, {})  # fmt: skip


@pytest.mark.parametrize("case", expand(PAGES), ids=str)
def test_page_matrix(case, client, users, registry):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    before = _everything()
    # when
    response = client.get(_url(registry, case.action, case.target))
    # then
    assert response.status_code == case.status
    assert _everything() == before


@pytest.mark.parametrize("case", expand(WRITES), ids=str)
def test_write_matrix(case, client, users, registry):  # type: ignore[no-untyped-def]
    # given
    sign_in(client, users, case.role)
    before = _everything()
    audit_before = AuditEntry.objects.count()
    # when
    body = _body(registry, case.action, case.target)
    response = client.post(_url(registry, case.action, case.target), body)
    # then
    assert response.status_code == case.status, response.content.decode()[:2000]
    if case.denied or case.status != 302:
        assert _everything() == before
    else:
        assert "/accounts/login/" not in response["Location"]
        assert AuditEntry.objects.count() > audit_before


def test_an_enterprise_user_of_another_enterprise_reaches_nothing_of_this_one(
    client, users, registry
):  # type: ignore[no-untyped-def]
    # given
    client.force_login(registry.other_user)
    own = registry.own
    before = _everything()
    # when
    answers = [
        client.get(f"/traceability/enterprises/{own.enterprise.pk}/").status_code,
        client.get(f"/traceability/products/{own.product.pk}/").status_code,
        client.get(f"/traceability/batches/{own.batch.pk}/").status_code,
        client.post(f"/traceability/links/{own.link.pk}/delete/").status_code,
        client.post(
            f"/traceability/products/{own.product.pk}/batches/add/",
            _body(registry, "batch_create", "own"),
        ).status_code,
    ]
    # then
    assert answers == [404, 404, 404, 404, 404]
    assert _everything() == before


@pytest.mark.parametrize(
    "page",
    [
        "overview", "enterprise_list", "location_list", "product_list", "enterprise_detail",
        "product_detail", "batch_detail", "product_edit", "enterprise_create", "enterprise_users",
        "location_edit", "batch_edit", "serials_create", "link_edit", "link_delete",
    ],
)  # fmt: skip
def test_pages_load_nothing_from_outside_and_have_no_inline_code(client, users, registry, page):
    # given
    client.force_login(users[Role.ADMINISTRATOR])
    # when
    html = client.get(_url(registry, page, "own")).content.decode()
    # then
    assert EXTERNAL.findall(html) == []
    assert INLINE_SCRIPT.findall(html) == []
    assert INLINE_HANDLER.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []
