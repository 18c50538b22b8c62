"""Every registry endpoint by role × the test enterprise's own records / another enterprise's.
Columns: administrator, center staff, leader, unit reporter (of the own enterprise's commune),
enterprise (acting for the own enterprise), anonymous. A new row named under another
enterprise is refused as its parent "does not exist" (400) for an enterprise account; a
refused request changes nothing, audit trail included."""

from __future__ import annotations

from typing import Any

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.core.roles import Role
from tinhso.core.testing import expand, sign_in, state_of
from tinhso.traceability.models import Batch, Enterprise, Location, Product, ProductLink, Serial
from tinhso.traceability.tests.conftest import Registry

READ = (200, 200, 200, 200, 200, 401)
READ_OTHER = (200, 200, 200, 404, 404, 401)
CENTER_CREATES = (201, 201, 403, 403, 403, 401)
CENTER_CHANGES = (200, 200, 403, 403, 403, 401)
OWNER_CREATES = (201, 201, 403, 403, 201, 401)
OWNER_CREATES_OTHER = (201, 201, 403, 403, 400, 401)
OWNER_CHANGES = (200, 200, 403, 403, 200, 401)
OWNER_CHANGES_OTHER = (200, 200, 403, 403, 404, 401)
NOT_ALLOWED = (403, 403, 403, 403, 403, 401)  # no rule lets anyone: refused before the method

ENDPOINTS = ("enterprises", "locations", "products", "batches", "serials", "productLinks")
API: dict[tuple[str, str], tuple[int, ...]] = {}
for _endpoint in ENDPOINTS:
    API[(f"{_endpoint}.list", "-")] = READ
    API[(f"{_endpoint}.retrieve", "own")] = READ
    API[(f"{_endpoint}.retrieve", "other")] = READ_OTHER
for _endpoint in ("locations", "products", "batches", "serials", "productLinks"):
    API[(f"{_endpoint}.create", "own")] = OWNER_CREATES
    API[(f"{_endpoint}.create", "other")] = OWNER_CREATES_OTHER
for _endpoint in ("enterprises", "locations", "products", "batches", "productLinks"):
    API[(f"{_endpoint}.update", "own")] = OWNER_CHANGES
    API[(f"{_endpoint}.update", "other")] = OWNER_CHANGES_OTHER
API.update(
    {
        ("enterprises.create", "-"): CENTER_CREATES,
        ("enterprises.users", "own"): CENTER_CHANGES,
        ("serials.bulk", "own"): OWNER_CREATES,
        ("serials.bulk", "other"): OWNER_CREATES_OTHER,
        ("productLinks.delete", "own"): (204, 204, 403, 403, 204, 401),
        ("productLinks.delete", "other"): (204, 204, 403, 403, 404, 401),
        ("products.delete", "own"): NOT_ALLOWED,
        ("batches.delete", "own"): NOT_ALLOWED,
        ("serials.update", "own"): NOT_ALLOWED,
    }
)

BASE = "/api/v1/traceability"


def _everything() -> list[list[dict[str, Any]]]:
    return state_of(
        Enterprise.objects.all(), Enterprise.users.through.objects.all(), Location.objects.all(),
        Product.objects.all(), Batch.objects.all(), Serial.objects.all(),
        ProductLink.objects.all(), AuditEntry.objects.all(),
    )  # fmt: skip


def _object(registry: Registry, endpoint: str, target: str) -> Any:
    side = registry.other if target == "other" else registry.own
    return {
        "enterprises": side.enterprise,
        "locations": side.location,
        "products": side.product,
        "batches": side.batch,
        "serials": side.serial,
        "productLinks": side.link,
    }[endpoint]


def _create_body(registry: Registry, endpoint: str, target: str) -> dict[str, Any]:
    side = registry.other if target == "other" else registry.own
    enterprise, product = side.enterprise.pk, side.product.pk
    return {
        "enterprises": {"name": "HTX mới", "tax_code": "6200000077", "org_unit": "03394"},
        "locations": {
            "enterprise": enterprise, "name": "Kho", "kind": "warehouse",
            "org_unit": side.enterprise.org_unit.code, "latitude": "22.1", "longitude": "103.2",
        },
        "products": {
            "enterprise": enterprise, "gtin": "", "name": "Chè búp", "category": "tea",
            "certifications": [{"name": "VietGAP", "valid_until": "2027-01-31"}],
        },
        "batches": {
            "product": product, "lot": "L-99", "production_date": "2025-10-01",
            "quantity": "12.5", "quantity_unit": "kg",
        },
        "serials": {"product": product, "batch": side.batch.pk, "serial": "N-0001"},
        "productLinks": {
            "product": product, "link_type": "gs1:recipeInfo", "href": "https://example.vn/pha",
            "title": "Cách pha",
        },
    }[endpoint]  # fmt: skip


def _update_body(endpoint: str) -> dict[str, Any]:
    return {
        "enterprises": {"phone": "0214 999"},
        "locations": {"address": "Bản Mới"},
        "products": {"name_en": "Bud tea"},
        "batches": {"quantity": "101"},
        "productLinks": {"title": "Trang mới"},
        "serials": {"serial": "DK0009"},
    }[endpoint]


def _request(client: Any, registry: Registry, endpoint: str, action: str, target: str) -> Any:
    url = f"{BASE}/{endpoint}/"
    detail = f"{url}{_object(registry, endpoint, target).pk}/"
    side = registry.other if target == "other" else registry.own
    if action == "list":
        return client.get(url)
    if action == "retrieve":
        return client.get(detail)
    if action == "create":
        return client.post(url, _create_body(registry, endpoint, target), format="json")
    if action == "update":
        return client.patch(detail, _update_body(endpoint), format="json")
    if action == "delete":
        return client.delete(detail)
    if action == "users":
        return client.patch(detail, {"users": [registry.other_user.username]}, format="json")
    if action == "bulk":
        body = {"product": side.product.pk, "first": "N-01", "last": "N-05"}
        return client.post(f"{url}bulk/", body, format="json")
    raise AssertionError(action)


@pytest.mark.parametrize("case", expand(API), ids=str)
def test_traceability_api_matrix(case, users, api_client, registry):  # type: ignore[no-untyped-def]
    # given
    sign_in(api_client, users, case.role)
    endpoint, action = case.action.split(".")
    before = _everything()
    # when
    response = _request(api_client, registry, endpoint, action, case.target)
    # then
    assert response.status_code == case.status, response.content
    if case.denied or case.status == 400:
        assert _everything() == before
    elif action not in {"list", "retrieve"}:
        assert _everything() != before


def test_lists_hold_only_what_the_role_reaches(users, api_client, registry):  # type: ignore[no-untyped-def]
    # given
    expected = {
        Role.CENTER_STAFF: 2,
        Role.LEADER: 2,
        Role.UNIT_REPORTER: 1,
        Role.ENTERPRISE: 1,
    }
    for role, count in expected.items():
        sign_in(api_client, users, role)
        for endpoint in ENDPOINTS:
            # when
            body = api_client.get(f"{BASE}/{endpoint}/").json()
            # then
            assert body["count"] == count, (role, endpoint)
            if count == 1:
                assert body["results"][0]["id"] == _object(registry, endpoint, "own").pk
